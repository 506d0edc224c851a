namespace AgvConsole.Protocol.Framing;

/// <summary>Header flags (PROTOCOL.md §2). Reserved bits are sent as 0 and ignored on receipt.</summary>
[Flags]
public enum FrameFlags : byte
{
    None = 0,
    Response = 1 << 0,
    Encrypted = 1 << 1,
    AckRequired = 1 << 2,
}
