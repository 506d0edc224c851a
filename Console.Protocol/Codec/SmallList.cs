using System.Runtime.CompilerServices;

namespace AgvConsole.Protocol.Codec;

[InlineArray(SmallList<int>.InlineCapacity)]
internal struct InlineItems<T>
{
    private T _first;
}

/// <summary>
/// A list of up to four items held inline, more on the heap. A StateReport's actuator and
/// error lists are almost always that short, so a state report decodes without allocating.
/// </summary>
public struct SmallList<T> : IEquatable<SmallList<T>> where T : struct, IEquatable<T>
{
    public const int InlineCapacity = 4;

    private InlineItems<T> _inline;
    private T[]? _heap;
    private int _count;

    public readonly int Count => _count;

    public readonly T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            return _heap is not null ? _heap[index] : _inline[index];
        }
    }

    /// <summary>Prepares room for <paramref name="count"/> items (heap storage only past the inline capacity).</summary>
    public static SmallList<T> WithCapacity(int count)
    {
        var list = new SmallList<T>();
        if (count > InlineCapacity) list._heap = new T[count];
        return list;
    }

    public static SmallList<T> From(ReadOnlySpan<T> items)
    {
        var list = WithCapacity(items.Length);
        foreach (var item in items) list.Add(item);
        return list;
    }

    public void Add(T item)
    {
        if (_heap is not null)
        {
            if (_count == _heap.Length) Array.Resize(ref _heap, Math.Max(8, _heap.Length * 2));
            _heap[_count++] = item;
        }
        else if (_count < InlineCapacity)
        {
            _inline[_count++] = item;
        }
        else
        {
            _heap = new T[InlineCapacity * 2];
            for (int i = 0; i < _count; i++) _heap[i] = _inline[i];
            _heap[_count++] = item;
        }
    }

    public readonly T[] ToArray()
    {
        var a = new T[_count];
        for (int i = 0; i < _count; i++) a[i] = this[i];
        return a;
    }

    public readonly bool Equals(SmallList<T> other)
    {
        if (_count != other._count) return false;
        for (int i = 0; i < _count; i++)
            if (!this[i].Equals(other[i])) return false;
        return true;
    }

    public override readonly bool Equals(object? obj) => obj is SmallList<T> o && Equals(o);

    public override readonly int GetHashCode()
    {
        var h = new HashCode();
        for (int i = 0; i < _count; i++) h.Add(this[i]);
        return h.ToHashCode();
    }

    public static bool operator ==(SmallList<T> a, SmallList<T> b) => a.Equals(b);
    public static bool operator !=(SmallList<T> a, SmallList<T> b) => !a.Equals(b);

    public override readonly string ToString() => $"[{string.Join(", ", ToArray())}]";
}
