using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>0x0003 Heartbeat, either direction: the sender's uptime in seconds.</summary>
public sealed record Heartbeat(uint UptimeS) : IMessage<Heartbeat>
{
    public MessageType Type => MessageType.Heartbeat;
    public bool IsResponse => false;
    public static Heartbeat Read(ref WireReader r) => new(r.U32());
    public void Write(WireWriter w) => w.U32(UptimeS);
}

/// <summary>
/// Heartbeat response: from the RCS it carries <c>u64 serverTime</c> (ms since epoch, for the AGV
/// to check its clock against the 30 s replay window); from an AGV it is empty. The layout is told
/// apart by the body's length (0 or 8 bytes), so one decoder serves both directions.
/// </summary>
public sealed record HeartbeatResponse(ulong? ServerTime) : IMessage<HeartbeatResponse>
{
    public MessageType Type => MessageType.Heartbeat;
    public bool IsResponse => true;
    public static HeartbeatResponse Read(ref WireReader r) => r.Remaining == 0 ? new((ulong?)null) : new(r.U64());

    public void Write(WireWriter w)
    {
        if (ServerTime is { } t) w.U64(t);
    }
}

/// <summary>0x0004 Disconnect, either direction. Response: empty.</summary>
public sealed record Disconnect(DisconnectReason Reason) : IMessage<Disconnect>
{
    public MessageType Type => MessageType.Disconnect;
    public bool IsResponse => false;
    public static Disconnect Read(ref WireReader r) => new((DisconnectReason)r.U8());
    public void Write(WireWriter w) => w.U8((byte)Reason);
}
