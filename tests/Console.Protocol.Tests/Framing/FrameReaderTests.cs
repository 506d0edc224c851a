using System.Buffers;
using System.Buffers.Binary;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Tests.Framing;

public class FrameReaderTests
{
    private static byte[] ValidFrame(uint seq = 1, int bodyBytes = 5)
    {
        var h = new FrameHeader(FrameFlags.AckRequired, MessageType.Heartbeat, ResultCode.Ok, seq, 7, 1_700_000_000_000, 0);
        var enc = new FrameEncoder();
        var w = enc.BeginFrame();
        for (int i = 0; i < bodyBytes; i++) w.U8((byte)(0xA0 + i));
        return enc.Finish(h).ToArray();
    }

    private static FrameReadStatus Read(ref ReadOnlySequence<byte> buffer, out FrameError error) =>
        FrameReader.TryRead(ref buffer, out _, out _, out error);

    [Fact]
    public void Every_truncated_prefix_is_incomplete_and_consumes_nothing()
    {
        var frame = ValidFrame();
        for (int n = 0; n < frame.Length; n++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, n);
            Assert.Equal(FrameReadStatus.Incomplete, Read(ref buffer, out _));
            Assert.Equal(n, buffer.Length);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(29)]
    public void Reads_frames_split_across_segments(int chunk)
    {
        var a = ValidFrame(1);
        var b = ValidFrame(2, 40);
        var buffer = Segment.Split([.. a, .. b], chunk);
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(ref buffer, out var h1, out var body1, out _));
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(ref buffer, out var h2, out var body2, out _));
        Assert.Equal((1u, 5L, 2u, 40L), (h1.Seq, body1.Length, h2.Seq, body2.Length));
        Assert.Equal(a[28..^4], body1.ToArray());
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Bad_crc_drops_the_frame_and_resynchronises_on_the_next_magic()
    {
        var bad = ValidFrame(1);
        bad[30] ^= 0xFF;
        var good = ValidFrame(2);
        var buffer = new ReadOnlySequence<byte>([.. bad, 0x00, 0x5A, 0x00, .. good]);

        Assert.Equal(FrameReadStatus.Resync, Read(ref buffer, out var e1));
        Assert.Equal(FrameError.BadCrc, e1);
        var statuses = new List<FrameReadStatus>();
        FrameHeader header = default;
        FrameReadStatus s;
        while ((s = FrameReader.TryRead(ref buffer, out header, out _, out _)) == FrameReadStatus.Resync) statuses.Add(s);
        Assert.Equal(FrameReadStatus.Frame, s);
        Assert.Equal(2u, header.Seq);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Garbage_before_magic_is_dropped()
    {
        var good = ValidFrame(3);
        var buffer = new ReadOnlySequence<byte>([0x01, 0x02, 0x5A, 0x5A, .. good]);
        Assert.Equal(FrameReadStatus.Resync, Read(ref buffer, out var e));
        Assert.Equal(FrameError.Garbage, e);
        Assert.Equal(good.Length, buffer.Length); // 5A 5A is not magic; the frame's 5A A5 is
        Assert.Equal(FrameReadStatus.Frame, Read(ref buffer, out _));
    }

    [Fact]
    public void A_trailing_lone_first_magic_byte_is_kept()
    {
        var buffer = new ReadOnlySequence<byte>([0x10, 0x20, 0x5A]);
        Assert.Equal(FrameReadStatus.Resync, Read(ref buffer, out _));
        Assert.Equal(1, buffer.Length);
        Assert.Equal(FrameReadStatus.Incomplete, Read(ref buffer, out _));
    }

    [Fact]
    public void Rejects_frame_longer_than_limit_before_reading_body()
    {
        var frame = ValidFrame();
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(24), FrameHeader.MaxBodyLength + 1);
        // Only the header is there: the verdict must not wait for 1 MiB of body.
        var buffer = new ReadOnlySequence<byte>(frame, 0, FrameHeader.Size);
        Assert.Equal(FrameReadStatus.Fatal, Read(ref buffer, out var e));
        Assert.Equal(FrameError.BodyTooLong, e);
    }

    [Fact]
    public void Accepts_body_of_exactly_the_limit()
    {
        var enc = new FrameEncoder();
        var w = enc.BeginFrame();
        w.Reserve((int)FrameHeader.MaxBodyLength);
        var frame = enc.Finish(new FrameHeader(FrameFlags.None, (MessageType)0x7777, ResultCode.Ok, 1, 1, 1, 0)).ToArray();
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(ref buffer, out var h, out _, out _));
        Assert.Equal(FrameHeader.MaxBodyLength, h.BodyLength);
    }

    [Fact]
    public void Wrong_version_is_fatal()
    {
        var frame = ValidFrame();
        frame[2] = 2;
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.Equal(FrameReadStatus.Fatal, Read(ref buffer, out var e));
        Assert.Equal(FrameError.UnsupportedVersion, e);
    }

    [Fact]
    public void Reserved_flag_bits_are_carried_but_do_not_change_meaning()
    {
        var frame = ValidFrame();
        frame[3] |= 0xF0;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(frame.Length - 4), Crc32.Compute(frame.AsSpan(0, frame.Length - 4)));
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(ref buffer, out var h, out _, out _));
        Assert.True(h.AckRequired);
        Assert.False(h.IsResponse);
        Assert.False(h.IsEncrypted);
    }
}
