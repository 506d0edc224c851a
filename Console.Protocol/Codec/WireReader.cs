using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace AgvConsole.Protocol.Codec;

/// <summary>
/// Reads the field types of PROTOCOL.md §1 from a body. It never throws: the first failure
/// is recorded in <see cref="Error"/>, the reader jumps to the end, and every later read
/// returns a default, so a decoder reads straight through and checks <see cref="Ok"/> once.
/// Every read goes through one bounds check (<see cref="Take"/>).
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
        Error = DecodeError.None;
    }

    public DecodeError Error { get; private set; }
    public readonly bool Ok => Error == DecodeError.None;
    public readonly int Remaining => _data.Length - _pos;
    public readonly int Position => _pos;

    public void Fail(DecodeError error)
    {
        if (Error == DecodeError.None)
            Error = error;
        _pos = _data.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Take(int n)
    {
        if ((uint)n > (uint)(_data.Length - _pos))
        {
            Fail(DecodeError.Truncated);
            return default;
        }
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte U8() { var s = Take(1); return s.Length == 1 ? s[0] : default; }
    public ushort U16() { var s = Take(2); return s.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(s) : default; }
    public uint U32() { var s = Take(4); return s.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(s) : default; }
    public ulong U64() { var s = Take(8); return s.Length == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(s) : default; }
    public short I16() { var s = Take(2); return s.Length == 2 ? BinaryPrimitives.ReadInt16LittleEndian(s) : default; }
    public int I32() { var s = Take(4); return s.Length == 4 ? BinaryPrimitives.ReadInt32LittleEndian(s) : default; }
    public long I64() { var s = Take(8); return s.Length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(s) : default; }

    /// <summary><c>str</c>: u8 length + UTF-8; invalid UTF-8 is a decode error.</summary>
    public string Str()
    {
        int n = U8();
        var s = Take(n);
        if (!Ok) return "";
        if (!System.Text.Unicode.Utf8.IsValid(s))
        {
            Fail(DecodeError.InvalidUtf8);
            return "";
        }
        return n == 0 ? "" : Encoding.UTF8.GetString(s);
    }

    /// <summary><c>bytes</c>: u16 length + raw bytes (copied: the caller keeps them past the frame).</summary>
    public byte[] Bytes()
    {
        int n = U16();
        var s = Take(n);
        return Ok ? s.ToArray() : [];
    }

    /// <summary>
    /// <c>list</c> count, checked against the bytes left before anything is allocated:
    /// <paramref name="minItemSize"/> is the smallest encoding one item can have.
    /// </summary>
    public int Count(int minItemSize)
    {
        int n = U16();
        if (Ok && (long)n * minItemSize > Remaining)
        {
            Fail(DecodeError.CountExceedsRemaining);
            return 0;
        }
        return n;
    }

    /// <summary>Marks a body that has bytes past its last field as malformed.</summary>
    public void ExpectEnd()
    {
        if (Ok && _pos != _data.Length)
            Fail(DecodeError.TrailingBytes);
    }
}
