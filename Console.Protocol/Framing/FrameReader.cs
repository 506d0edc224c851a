using System.Buffers;

namespace AgvConsole.Protocol.Framing;

/// <summary>What <see cref="FrameReader.TryRead"/> found at the start of the buffer.</summary>
public enum FrameReadStatus
{
    /// <summary>A whole frame with a good CRC; the buffer was advanced past it.</summary>
    Frame,
    /// <summary>Not enough bytes yet; nothing was consumed.</summary>
    Incomplete,
    /// <summary>Bytes were dropped to resynchronise on magic (garbage, or a bad CRC); read again.</summary>
    Resync,
    /// <summary>The stream cannot continue (oversize length, wrong version): close with PROTOCOL_ERROR.</summary>
    Fatal,
}

/// <summary>Why bytes were dropped or the stream was given up.</summary>
public enum FrameError : byte
{
    None,
    /// <summary>Bytes before the next magic were not a frame.</summary>
    Garbage,
    BadCrc,
    BodyTooLong,
    UnsupportedVersion,
}

/// <summary>
/// Splits a byte stream into frames (PROTOCOL.md §2), Kestrel-style: the caller hands in what
/// the pipe has, and the reader advances the buffer only past what it consumed. The announced
/// body length is checked against the limit from the header alone, before waiting for the
/// body, so no buffer of an attacker's chosen size is ever waited for or allocated.
/// </summary>
public static class FrameReader
{
    public static FrameReadStatus TryRead(
        ref ReadOnlySequence<byte> buffer,
        out FrameHeader header,
        out ReadOnlySequence<byte> body,
        out FrameError error)
    {
        header = default;
        body = default;
        error = FrameError.None;

        if (buffer.Length < 2)
            return FrameReadStatus.Incomplete;

        Span<byte> head = stackalloc byte[FrameHeader.Size];
        var first = buffer.FirstSpan;
        if (!(first.Length >= 2 ? first[0] == FrameHeader.Magic0 && first[1] == FrameHeader.Magic1 : StartsWithMagic(buffer)))
        {
            DropToNextMagic(ref buffer, skip: 0);
            error = FrameError.Garbage;
            return FrameReadStatus.Resync;
        }
        if (buffer.Length < FrameHeader.Size)
            return FrameReadStatus.Incomplete;

        ReadOnlySpan<byte> hs = first.Length >= FrameHeader.Size ? first[..FrameHeader.Size] : Copy(buffer, head);
        var h = FrameHeader.Read(hs);
        header = h; // on Fatal too, so the closing answer can name the offending seq
        if (h.Version != FrameHeader.ProtocolVersion)
        {
            error = FrameError.UnsupportedVersion;
            return FrameReadStatus.Fatal;
        }
        if (h.BodyLength > FrameHeader.MaxBodyLength)
        {
            error = FrameError.BodyTooLong;
            return FrameReadStatus.Fatal;
        }
        long total = FrameHeader.Overhead + (long)h.BodyLength;
        if (buffer.Length < total)
        {
            header = default;
            return FrameReadStatus.Incomplete;
        }

        var covered = buffer.Slice(0, FrameHeader.Size + h.BodyLength);
        uint crc = Crc32.Compute(covered);
        Span<byte> crcBytes = stackalloc byte[4];
        buffer.Slice(covered.End, 4).CopyTo(crcBytes);
        if (crc != System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(crcBytes))
        {
            header = default;
            DropToNextMagic(ref buffer, skip: 1);
            error = FrameError.BadCrc;
            return FrameReadStatus.Resync;
        }

        body = buffer.Slice(FrameHeader.Size, h.BodyLength);
        buffer = buffer.Slice(total);
        return FrameReadStatus.Frame;
    }

    private static bool StartsWithMagic(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> two = stackalloc byte[2];
        buffer.Slice(0, 2).CopyTo(two);
        return two[0] == FrameHeader.Magic0 && two[1] == FrameHeader.Magic1;
    }

    private static ReadOnlySpan<byte> Copy(in ReadOnlySequence<byte> buffer, Span<byte> into)
    {
        buffer.Slice(0, into.Length).CopyTo(into);
        return into;
    }

    /// <summary>
    /// Drops at least <paramref name="skip"/> bytes, then everything before the next 5A A5.
    /// A trailing lone 5A is kept: its A5 may still be on its way.
    /// </summary>
    private static void DropToNextMagic(ref ReadOnlySequence<byte> buffer, int skip)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(skip);
        while (reader.TryAdvanceTo(FrameHeader.Magic0, advancePastDelimiter: false))
        {
            if (!reader.TryPeek(1, out byte next) || next == FrameHeader.Magic1)
            {
                // Consumed > 0 always holds here (the buffer did not start with a good frame), so this makes progress.
                buffer = buffer.Slice(reader.Position);
                return;
            }
            reader.Advance(1);
        }
        buffer = buffer.Slice(buffer.End);
    }
}
