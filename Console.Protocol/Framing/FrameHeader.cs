using System.Buffers.Binary;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Framing;

/// <summary>
/// The fixed 28-byte frame header (PROTOCOL.md §2), little-endian:
/// <code>
///  0      2      3      4        6        8      12       16          24           28
///  +------+------+------+--------+--------+------+--------+-----------+------------+------ ... ------+-------+
///  |5A A5 | ver  |flags | msgType| result | seq  | agvId  | timestamp | bodyLength | body (n bytes)  | crc32 |
///  +------+------+------+--------+--------+------+--------+-----------+------------+------ ... ------+-------+
/// </code>
/// The CRC-32 covers bytes [0, 28+n).
/// </summary>
public readonly record struct FrameHeader(
    FrameFlags Flags,
    MessageType MsgType,
    ResultCode Result,
    uint Seq,
    uint AgvId,
    ulong Timestamp,
    uint BodyLength,
    byte Version = FrameHeader.ProtocolVersion)
{
    public const byte Magic0 = 0x5A;
    public const byte Magic1 = 0xA5;
    public const byte ProtocolVersion = 1;
    public const int Size = 28;
    public const int CrcSize = 4;
    public const int Overhead = Size + CrcSize;
    public const uint MaxBodyLength = 1_048_576;

    internal const int VersionOffset = 2;
    internal const int FlagsOffset = 3;
    internal const int MsgTypeOffset = 4;
    internal const int ResultOffset = 6;
    internal const int SeqOffset = 8;
    internal const int AgvIdOffset = 12;
    internal const int TimestampOffset = 16;
    internal const int BodyLengthOffset = 24;
    /// <summary>The part of the header a secure-mode tag authenticates: [0, 24) (everything but bodyLength).</summary>
    public const int AuthenticatedSize = 24;

    public bool IsResponse => (Flags & FrameFlags.Response) != 0;
    public bool IsEncrypted => (Flags & FrameFlags.Encrypted) != 0;
    public bool AckRequired => (Flags & FrameFlags.AckRequired) != 0;

    /// <summary>Reads a header from at least 28 bytes; magic is the caller's to have checked.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> s) => new(
        (FrameFlags)s[FlagsOffset],
        (MessageType)BinaryPrimitives.ReadUInt16LittleEndian(s[MsgTypeOffset..]),
        (ResultCode)BinaryPrimitives.ReadUInt16LittleEndian(s[ResultOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(s[SeqOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(s[AgvIdOffset..]),
        BinaryPrimitives.ReadUInt64LittleEndian(s[TimestampOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(s[BodyLengthOffset..]),
        s[VersionOffset]);

    public void Write(Span<byte> s)
    {
        s[0] = Magic0;
        s[1] = Magic1;
        s[VersionOffset] = Version;
        s[FlagsOffset] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(s[MsgTypeOffset..], (ushort)MsgType);
        BinaryPrimitives.WriteUInt16LittleEndian(s[ResultOffset..], (ushort)Result);
        BinaryPrimitives.WriteUInt32LittleEndian(s[SeqOffset..], Seq);
        BinaryPrimitives.WriteUInt32LittleEndian(s[AgvIdOffset..], AgvId);
        BinaryPrimitives.WriteUInt64LittleEndian(s[TimestampOffset..], Timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(s[BodyLengthOffset..], BodyLength);
    }

    public override string ToString() =>
        $"{MsgType}{(IsResponse ? " response" : "")} seq={Seq} agv={AgvId} result={Result} flags={Flags} body={BodyLength}B";
}
