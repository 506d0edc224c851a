namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// A piece of floor an AGV may hold: a node (<c>A == B</c>) or the edge between two nodes
/// (<c>A &lt; B</c>, one resource whichever way it is driven). Node ids are unique across the
/// site, so a resource names a place on one map.
/// </summary>
public readonly record struct Resource(uint A, uint B)
{
    public static Resource Node(uint id) => new(id, id);
    public static Resource Edge(uint from, uint to) => from < to ? new(from, to) : new(to, from);
    public bool IsNode => A == B;
    public override string ToString() => IsNode ? $"node {A}" : $"edge {A}–{B}";
}
