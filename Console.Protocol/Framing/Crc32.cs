using System.Buffers;
using IoCrc32 = System.IO.Hashing.Crc32;

namespace AgvConsole.Protocol.Framing;

/// <summary>
/// The frame's CRC-32 (PROTOCOL.md §2: IEEE 802.3, as zlib's crc32()), by System.IO.Hashing's
/// vectorised <see cref="IoCrc32"/>: 1.8× to 10× faster than the slicing-by-8 table it replaced,
/// from a 92-byte StateReport frame to 64 KiB (bench/README.md).
/// </summary>
public static class Crc32
{
    // For frames that arrive in several socket segments: one per thread, reset per frame, so a
    // frame costs no allocation.
    [ThreadStatic] private static IoCrc32? _segmented;

    /// <summary>CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => IoCrc32.HashToUInt32(data);

    /// <summary>CRC-32 of <paramref name="data"/>, however it is split into segments.</summary>
    public static uint Compute(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment) return IoCrc32.HashToUInt32(data.FirstSpan);
        var crc = _segmented ??= new IoCrc32();
        crc.Reset();
        foreach (var segment in data) crc.Append(segment.Span);
        return crc.GetCurrentHashAsUInt32();
    }
}
