using System.Buffers;

namespace AgvConsole.Protocol.Tests.Framing;

/// <summary>Builds multi-segment sequences, so readers meet data split as a socket splits it.</summary>
internal sealed class Segment : ReadOnlySequenceSegment<byte>
{
    public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public Segment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }

    public static ReadOnlySequence<byte> Split(byte[] data, int chunk)
    {
        if (data.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(data.AsMemory(0, Math.Min(chunk, data.Length)));
        var last = first;
        for (int i = chunk; i < data.Length; i += chunk)
            last = last.Append(data.AsMemory(i, Math.Min(chunk, data.Length - i)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
