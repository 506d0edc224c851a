using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>Builds test sites out of the shapes real sites are made of: halls, one-lane aisles, dead-end spurs, one-way loops and rows, lifts.</summary>
public sealed class SiteBuilder
{
    private readonly Dictionary<uint, List<MapNode>> _nodes = new();
    private readonly Dictionary<uint, List<MapEdge>> _edges = new();
    private readonly Dictionary<uint, (int X, int Y)> _pos = new();
    private readonly Dictionary<uint, uint> _mapOf = new();
    private uint _next = 1000;
    public readonly List<uint> Stations = [];

    public uint Node(uint map, int x, int y, MapNodeKind kind = MapNodeKind.Normal, int? width = null, uint? link = null)
    {
        uint id = _next++;
        if (!_nodes.ContainsKey(map)) { _nodes[map] = []; _edges[map] = []; }
        _nodes[map].Add(new MapNode(id, x, y, kind, link, width));
        _pos[id] = (x, y);
        _mapOf[id] = map;
        return id;
    }

    public (int X, int Y) At(uint id) => _pos[id];

    public void Edge(uint a, uint b, bool twoWay = true, int speed = 1000, int? width = null)
    {
        uint map = _mapOf[a];
        _edges[map].Add(new MapEdge(a, b, twoWay, speed, width));
    }

    /// <summary>A hall: a grid of nodes <paramref name="spacing"/> apart, every edge both ways; returns [col, row].</summary>
    public uint[,] Hall(uint map, int x0, int y0, int cols, int rows, int spacing, int speed = 1000)
    {
        var ids = new uint[cols, rows];
        for (int c = 0; c < cols; c++)
            for (int r = 0; r < rows; r++)
            {
                ids[c, r] = Node(map, x0 + c * spacing, y0 + r * spacing);
                if (c > 0) Edge(ids[c - 1, r], ids[c, r], speed: speed);
                if (r > 0) Edge(ids[c, r - 1], ids[c, r], speed: speed);
            }
        return ids;
    }

    /// <summary>A chain of <paramref name="count"/> nodes between two nodes (a one-lane aisle).</summary>
    public List<uint> Chain(uint from, uint to, int count, bool twoWay = true, int speed = 1000, int? width = null)
    {
        var (ax, ay) = _pos[from];
        var (bx, by) = _pos[to];
        var list = new List<uint>();
        uint prev = from;
        for (int i = 1; i <= count; i++)
        {
            uint id = Node(_mapOf[from], ax + (bx - ax) * i / (count + 1), ay + (by - ay) * i / (count + 1));
            Edge(prev, id, twoWay, speed, width);
            list.Add(id);
            prev = id;
        }
        Edge(prev, to, twoWay, speed, width);
        return list;
    }

    /// <summary>A dead-end spur of <paramref name="length"/> nodes from <paramref name="from"/> in direction (dx, dy); its end is a station.</summary>
    public List<uint> Spur(uint from, int length, int dx, int dy, int spacing, int? width = null)
    {
        var (x, y) = _pos[from];
        var list = new List<uint>();
        uint prev = from;
        for (int i = 1; i <= length; i++)
        {
            uint id = Node(_mapOf[from], x + dx * spacing * i, y + dy * spacing * i, i == length ? MapNodeKind.Parking : MapNodeKind.Normal, width);
            Edge(prev, id, width: width);
            list.Add(id);
            prev = id;
        }
        Stations.Add(prev);
        return list;
    }

    /// <summary>Links two lift nodes on different maps (one cabin).</summary>
    public (uint A, uint B) Lift(uint mapA, int ax, int ay, uint mapB, int bx, int by)
    {
        uint a = _next, b = _next + 1;
        Node(mapA, ax, ay, MapNodeKind.Lift, link: b);
        Node(mapB, bx, by, MapNodeKind.Lift, link: a);
        return (a, b);
    }

    public uint MapOf(uint id) => _mapOf[id];

    public IReadOnlyList<SiteMap> Build() =>
        _nodes.Keys.OrderBy(k => k).Select(m => new SiteMap(m, $"floor {m}", "test", (int)m, _nodes[m], _edges[m])).ToList();
}
