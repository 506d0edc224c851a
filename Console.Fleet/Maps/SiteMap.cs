using System.Collections.Frozen;

namespace AgvConsole.Fleet.Maps;

/// <summary>What a node is for. Stored and sent in camelCase (<c>normal</c>, <c>charging</c>, …).</summary>
public enum MapNodeKind { Normal, Charging, Lift, NavigationSwitch, Parking }

/// <summary>A node of a map. Node ids are unique across the whole site, so a node id alone names a place.</summary>
/// <param name="LinkedNodeId">for a lift node, the lift node it reaches on another map.</param>
/// <param name="MaxWidthMm">the widest vehicle that fits on the node (a narrow bay); null = any.</param>
/// <param name="Name">what people call the place ("Dock 3", "Press 2 in"); optional, unique on its map, at most <see cref="MaxNameChars"/> characters.</param>
public sealed record MapNode(uint Id, int X, int Y, MapNodeKind Kind, uint? LinkedNodeId = null, int? MaxWidthMm = null, string? Name = null)
{
    public const int MaxNameChars = 64;

    /// <summary>The name when it has one, else "node 1014": how a person is shown the place.</summary>
    public string Label => string.IsNullOrEmpty(Name) ? $"node {Id}" : Name;
}

/// <summary>An edge; one-way from <see cref="From"/> to <see cref="To"/> unless bidirectional. Speed limit in mm/s.</summary>
/// <param name="MaxWidthMm">the widest vehicle that fits through (a narrow aisle); null = any.</param>
/// <param name="Closed">closed to traffic (blocked aisle, works): kept on the map, never planned over.</param>
public sealed record MapEdge(uint From, uint To, bool Bidirectional, int MaxSpeed, int? MaxWidthMm = null, bool Closed = false)
{
    /// <summary>Whether a vehicle <paramref name="widthMm"/> wide may use the edge.</summary>
    public bool Fits(int widthMm) => !Closed && (MaxWidthMm is not { } w || widthMm <= w);

    public bool Allows(uint from, uint to) => (From == from && To == to) || (Bidirectional && From == to && To == from);
}

/// <summary>One floor of one building, as a graph. Immutable: an edited map is a new instance.</summary>
public sealed class SiteMap
{
    private readonly FrozenDictionary<uint, MapNode> _nodes;
    private readonly FrozenDictionary<uint, (uint To, MapEdge Edge)[]> _out;

    public SiteMap(uint mapId, string name, string building, int floor, IEnumerable<MapNode> nodes, IEnumerable<MapEdge> edges)
    {
        MapId = mapId;
        Name = name;
        Building = building;
        Floor = floor;
        Nodes = nodes.ToArray();
        Edges = edges.ToArray();
        // First wins on a duplicate id, so a broken map can still be built and MapValidator can name the duplicate.
        _nodes = Nodes.GroupBy(n => n.Id).ToFrozenDictionary(g => g.Key, g => g.First());
        _out = Edges
            .SelectMany(e => e.Bidirectional ? new[] { (e.From, e.To, e), (e.To, e.From, e) } : new[] { (e.From, e.To, e) })
            .GroupBy(x => x.Item1)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => (x.Item2, x.e)).ToArray());
        if (Nodes.Count > 0)
            Bounds = (Nodes.Min(n => n.X), Nodes.Min(n => n.Y), Nodes.Max(n => n.X), Nodes.Max(n => n.Y));
    }

    public uint MapId { get; }
    public string Name { get; }
    public string Building { get; }
    public int Floor { get; }
    public IReadOnlyList<MapNode> Nodes { get; }
    public IReadOnlyList<MapEdge> Edges { get; }
    public (int MinX, int MinY, int MaxX, int MaxY) Bounds { get; }

    public MapNode? Node(uint id) => _nodes.GetValueOrDefault(id);
    public bool Contains(uint id) => _nodes.ContainsKey(id);

    /// <summary>Edges leaving <paramref name="node"/> in their allowed direction.</summary>
    public ReadOnlySpan<(uint To, MapEdge Edge)> Outgoing(uint node) => _out.TryGetValue(node, out var e) ? e : default;

    /// <summary>The edge that may be driven from <paramref name="from"/> to <paramref name="to"/>, or null.</summary>
    public MapEdge? EdgeFor(uint from, uint to)
    {
        foreach (var (t, e) in Outgoing(from))
            if (t == to) return e;
        return null;
    }

    public static double Distance(MapNode a, MapNode b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}
