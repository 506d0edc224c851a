using System.Collections;

namespace AgvConsole.Protocol.Codec;

/// <summary>
/// An immutable array with value equality, so that message records holding lists compare
/// by content (a decoded message equals the one that was encoded).
/// </summary>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    public EquatableArray(T[] items) => _items = items;

    public static EquatableArray<T> Empty => new([]);
    public int Count => _items?.Length ?? 0;
    public T this[int index] => (_items ?? [])[index];
    public ReadOnlySpan<T> AsSpan() => _items;

    public static implicit operator EquatableArray<T>(T[] items) => new(items);

    public bool Equals(EquatableArray<T> other) =>
        AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is EquatableArray<T> o && Equals(o);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var item in AsSpan()) h.Add(item);
        return h.ToHashCode();
    }

    public static bool operator ==(EquatableArray<T> a, EquatableArray<T> b) => a.Equals(b);
    public static bool operator !=(EquatableArray<T> a, EquatableArray<T> b) => !a.Equals(b);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => $"[{string.Join(", ", _items ?? [])}]";
}
