using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace AgvConsole.Protocol.Codec;

/// <summary>
/// Writes the field types of PROTOCOL.md §1 into a growable buffer that is reused from frame
/// to frame, so encoding allocates nothing once the buffer has reached its working size.
/// Not thread-safe: one writer per sending context.
/// </summary>
public sealed class WireWriter
{
    private byte[] _buf;
    private int _len;

    public WireWriter(int initialCapacity = 256) => _buf = new byte[initialCapacity];

    public int Length => _len;
    public ReadOnlySpan<byte> Written => _buf.AsSpan(0, _len);
    public Span<byte> WrittenMutable => _buf.AsSpan(0, _len);

    public void Reset() => _len = 0;

    /// <summary>Reserves <paramref name="n"/> bytes at the end and returns them to be filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int n)
    {
        if (_buf.Length - _len < n)
            Grow(n);
        var s = _buf.AsSpan(_len, n);
        _len += n;
        return s;
    }

    /// <summary>Like <see cref="Reserve"/>, for APIs that take arrays (BouncyCastle): the array and the offset of the reserved bytes.</summary>
    public (byte[] Array, int Offset) ReserveArray(int n)
    {
        Reserve(n);
        return (_buf, _len - n);
    }

    /// <summary>The underlying array (valid until the next write that grows it).</summary>
    public byte[] Array => _buf;

    /// <summary>Drops everything after <paramref name="length"/>.</summary>
    public void Truncate(int length) => _len = length;

    private void Grow(int n)
    {
        int size = Math.Max(_buf.Length * 2, _len + n);
        System.Array.Resize(ref _buf, size);
    }

    public void U8(byte v) => Reserve(1)[0] = v;
    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), v);
    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), v);
    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), v);
    public void I16(short v) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), v);
    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), v);
    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), v);
    public void Raw(ReadOnlySpan<byte> v) => v.CopyTo(Reserve(v.Length));

    /// <summary><c>str</c>: u8 length + UTF-8. A string over 255 UTF-8 bytes cannot be sent.</summary>
    public void Str(string? v)
    {
        v ??= "";
        int n = Encoding.UTF8.GetByteCount(v);
        if (n > byte.MaxValue)
            throw new ProtocolEncodeException($"string of {n} UTF-8 bytes exceeds the 255-byte limit of a str field");
        U8((byte)n);
        Encoding.UTF8.GetBytes(v, Reserve(n));
    }

    /// <summary><c>bytes</c>: u16 length + raw bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> v)
    {
        if (v.Length > ushort.MaxValue)
            throw new ProtocolEncodeException($"byte field of {v.Length} bytes exceeds the 65535-byte limit");
        U16((ushort)v.Length);
        Raw(v);
    }

    /// <summary><c>list</c> count.</summary>
    public void Count(int n)
    {
        if ((uint)n > ushort.MaxValue)
            throw new ProtocolEncodeException($"list of {n} items exceeds the 65535-item limit");
        U16((ushort)n);
    }
}

/// <summary>A message that cannot be put on the wire as given (a field over its size limit).</summary>
public sealed class ProtocolEncodeException(string message) : Exception(message);
