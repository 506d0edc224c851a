using System.Buffers.Binary;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Framing;

/// <summary>
/// Builds whole frames (header, body, CRC) in a buffer it reuses, so encoding allocates nothing
/// in steady state. The returned span is valid until the next call. Not thread-safe.
/// </summary>
public sealed class FrameEncoder
{
    private readonly WireWriter _frame = new(512);
    private readonly WireWriter _body = new(512);

    /// <summary>Encodes <paramref name="message"/> as the plain body of a frame with <paramref name="header"/> (its BodyLength is filled in).</summary>
    public ReadOnlySpan<byte> Encode<T>(FrameHeader header, T message) where T : IMessage
    {
        _frame.Reset();
        _frame.Reserve(FrameHeader.Size);
        message.Write(_frame);
        return Finish(header);
    }

    /// <summary>Encodes just the body (for secure mode, which seals it before framing).</summary>
    public ReadOnlySpan<byte> EncodeBody<T>(T message) where T : IMessage
    {
        _body.Reset();
        message.Write(_body);
        return _body.Written;
    }

    /// <summary>Frames an already-encoded body (e.g. a secure envelope).</summary>
    public ReadOnlySpan<byte> Frame(FrameHeader header, ReadOnlySpan<byte> body)
    {
        _frame.Reset();
        _frame.Reserve(FrameHeader.Size);
        _frame.Raw(body);
        return Finish(header);
    }

    /// <summary>Gives a writer positioned at the start of a body; call <see cref="Finish"/> after writing it.</summary>
    public WireWriter BeginFrame()
    {
        _frame.Reset();
        _frame.Reserve(FrameHeader.Size);
        return _frame;
    }

    public ReadOnlySpan<byte> Finish(FrameHeader header)
    {
        int bodyLength = _frame.Length - FrameHeader.Size;
        if (bodyLength > FrameHeader.MaxBodyLength)
            throw new ProtocolEncodeException($"body of {bodyLength} bytes exceeds the {FrameHeader.MaxBodyLength}-byte limit");
        (header with { BodyLength = (uint)bodyLength }).Write(_frame.WrittenMutable);
        uint crc = Crc32.Compute(_frame.Written);
        BinaryPrimitives.WriteUInt32LittleEndian(_frame.Reserve(4), crc);
        return _frame.Written;
    }
}
