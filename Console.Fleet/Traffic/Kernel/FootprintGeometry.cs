namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Distances between the places and edges of a <see cref="KernelGraph"/>, precomputed once per
/// graph and reach so that the planner's and the executor's conflict checks are a lookup: a
/// vehicle standing on a place occupies a circle around it; a vehicle driving an edge sweeps a
/// capsule around the segment (the swept area of any footprint that stays within its circle).
/// Two occupancies of vehicles with radii r1 and r2 conflict when the distance between their
/// place or segment is below r1 + r2. Places and edges that share a place (a node, or the lift
/// cabin, which is one place on every floor) are at distance 0. A lift cabin is on every floor, so
/// a vehicle driving into or out of it covers the cabin's circle on every floor as well as its
/// capsule (<see cref="NodeToEdge"/>). Items further apart than
/// <see cref="Reach"/> are not listed: they never conflict for radii up to half of it.
/// </summary>
internal sealed class FootprintGeometry
{
    public readonly KernelGraph Graph;
    public readonly double Reach;

    // Near lists in compressed rows: for each place, the places within reach; for each edge, the places and edges within reach.
    public readonly int[] NodeNodeStart, NodeNode;
    public readonly float[] NodeNodeDist;
    public readonly int[] EdgeNodeStart, EdgeNode;
    public readonly float[] EdgeNodeDist;
    public readonly int[] EdgeEdgeStart, EdgeEdge;
    public readonly float[] EdgeEdgeDist;
    /// <summary>For each place, the edges within reach (the transpose of the edges' place lists).</summary>
    public readonly int[] NodeEdgeStart, NodeEdge;
    public readonly float[] NodeEdgeDist;

    public FootprintGeometry(KernelGraph g, double reach)
    {
        Graph = g;
        Reach = reach;
        int n = g.NodeCount, m = g.EdgeCount;
        // Spatial buckets per map, one reach wide; an item is bucketed by its bounding box.
        double cell = Math.Max(reach, 1);
        var buckets = new Dictionary<(uint Map, long X, long Y), (List<int> Nodes, List<int> Edges)>();
        (List<int> Nodes, List<int> Edges) Bucket((uint, long, long) key)
        {
            if (!buckets.TryGetValue(key, out var b)) buckets[key] = b = ([], []);
            return b;
        }
        for (int p = 0; p < n; p++)
            foreach (var s in g.Spots[p])
                Bucket((s.MapId, (long)Math.Floor(s.X / cell), (long)Math.Floor(s.Y / cell))).Nodes.Add(p);
        for (int e = 0; e < m; e++)
        {
            var (ax, ay, bx, by) = Segment(e);
            for (long x = (long)Math.Floor(Math.Min(ax, bx) / cell); x <= (long)Math.Floor(Math.Max(ax, bx) / cell); x++)
                for (long y = (long)Math.Floor(Math.Min(ay, by) / cell); y <= (long)Math.Floor(Math.Max(ay, by) / cell); y++)
                    Bucket((g.EdgeMap[e], x, y)).Edges.Add(e);
        }

        var nn = new List<(int, float)>[n];
        for (int p = 0; p < n; p++)
        {
            var found = new Dictionary<int, float> { [p] = 0 };
            foreach (var s in g.Spots[p])
                foreach (var q in Around(s.MapId, s.X, s.Y, s.X, s.Y, b => b.Nodes))
                {
                    if (found.ContainsKey(q)) continue;
                    double d = NodeToNode(p, q);
                    if (d < reach) found[q] = (float)d;
                }
            nn[p] = found.Select(kv => (kv.Key, kv.Value)).OrderBy(x => x.Key).ToList();
        }
        (NodeNodeStart, NodeNode, NodeNodeDist) = Rows(nn);

        var en = new List<(int, float)>[m];
        var ee = new List<(int, float)>[m];
        var mirrored = new List<(int Row, int Edge, float Dist)>();
        for (int e = 0; e < m; e++)
        {
            var (ax, ay, bx, by) = Segment(e);
            uint map = g.EdgeMap[e];
            var nodes = new Dictionary<int, float> { [g.EdgeA[e]] = 0, [g.EdgeB[e]] = 0 };
            foreach (var q in Around(map, ax, ay, bx, by, b => b.Nodes).Concat(AroundCabins(e, b => b.Nodes)))
            {
                if (nodes.ContainsKey(q)) continue;
                double d = NodeToEdge(q, e);
                if (d < reach) nodes[q] = (float)d;
            }
            en[e] = nodes.Select(kv => (kv.Key, kv.Value)).OrderBy(x => x.Key).ToList();
            var edges = new Dictionary<int, float> { [e] = 0 };
            // Edges sharing a place touch there (on any floor: a lift cabin is one place).
            foreach (int end in new[] { g.EdgeA[e], g.EdgeB[e] })
                for (int a = g.OutStart[end]; a < g.OutStart[end + 1]; a++) edges[g.OutEdge[a]] = 0;
            foreach (int end in new[] { g.EdgeA[e], g.EdgeB[e] })
                for (int i = g.InStart[end]; i < g.InStart[end + 1]; i++) edges[g.OutEdge[g.InArc[i]]] = 0;
            foreach (var f in Around(map, ax, ay, bx, by, b => b.Edges).Concat(CabinEdges(e)))
            {
                if (edges.ContainsKey(f)) continue;
                double d = EdgeToEdge(e, f);
                if (d < reach) edges[f] = (float)d;
            }
            ee[e] = edges.Select(kv => (kv.Key, kv.Value)).OrderBy(x => x.Key).ToList();
            if (IsCabin(g.EdgeA[e]) || IsCabin(g.EdgeB[e])) foreach (var (f, d) in ee[e]) mirrored.Add((f, e, d));
        }
        // Near is mutual (the executor reads one edge's row only): a move at a cabin finds what is near the cabin on
        // the other floors, and those do not find it back, as they search their own floor.
        var grown = new HashSet<int>();
        foreach (var (f, e, d) in mirrored)
            if (!ee[f].Exists(x => x.Item1 == e)) { ee[f].Add((e, d)); grown.Add(f); }
        foreach (int f in grown) ee[f].Sort((x, y) => x.Item1.CompareTo(y.Item1));
        (EdgeNodeStart, EdgeNode, EdgeNodeDist) = Rows(en);
        (EdgeEdgeStart, EdgeEdge, EdgeEdgeDist) = Rows(ee);
        var ne = new List<(int, float)>[n];
        for (int p = 0; p < n; p++) ne[p] = [];
        for (int e = 0; e < m; e++)
            foreach (var (p, d) in en[e]) ne[p].Add((e, d));
        (NodeEdgeStart, NodeEdge, NodeEdgeDist) = Rows(ne);

        // A move into or out of a lift cabin ends (or starts) in the cabin, which is on every floor: what lies
        // near the cabin on the other floors is near the move too (the vehicle rides there without another move).
        IEnumerable<int> AroundCabins(int e, Func<(List<int> Nodes, List<int> Edges), List<int>> pick)
        {
            foreach (int end in new[] { g.EdgeA[e], g.EdgeB[e] })
                if (IsCabin(end))
                    foreach (var s in g.Spots[end])
                        foreach (int i in Around(s.MapId, s.X, s.Y, s.X, s.Y, pick))
                            yield return i;
        }

        // The edges near a move's cabin ends on every floor, and the edges of another cabin found there (a move into
        // that cabin from a floor where the two cabins are not near is near this one where they are).
        IEnumerable<int> CabinEdges(int e)
        {
            foreach (int f in AroundCabins(e, b => b.Edges)) yield return f;
            foreach (int q in AroundCabins(e, b => b.Nodes))
            {
                if (!IsCabin(q) || q == g.EdgeA[e] || q == g.EdgeB[e]) continue;
                for (int a = g.OutStart[q]; a < g.OutStart[q + 1]; a++) yield return g.OutEdge[a];
                for (int i = g.InStart[q]; i < g.InStart[q + 1]; i++) yield return g.OutEdge[g.InArc[i]];
            }
        }

        IEnumerable<int> Around(uint map, double x1, double y1, double x2, double y2, Func<(List<int> Nodes, List<int> Edges), List<int>> pick)
        {
            var seen = new HashSet<int>();
            for (long x = (long)Math.Floor((Math.Min(x1, x2) - reach) / cell); x <= (long)Math.Floor((Math.Max(x1, x2) + reach) / cell); x++)
                for (long y = (long)Math.Floor((Math.Min(y1, y2) - reach) / cell); y <= (long)Math.Floor((Math.Max(y1, y2) + reach) / cell); y++)
                    if (buckets.TryGetValue((map, x, y), out var b))
                        foreach (var i in pick(b))
                            if (seen.Add(i)) yield return i;
        }
    }

    private static (int[] Start, int[] Items, float[] Dist) Rows(List<(int, float)>[] lists)
    {
        var start = new int[lists.Length + 1];
        for (int i = 0; i < lists.Length; i++) start[i + 1] = start[i] + lists[i].Count;
        var items = new int[start[^1]];
        var dist = new float[start[^1]];
        for (int i = 0; i < lists.Length; i++)
            for (int k = 0; k < lists[i].Count; k++)
            {
                items[start[i] + k] = lists[i][k].Item1;
                dist[start[i] + k] = lists[i][k].Item2;
            }
        return (start, items, dist);
    }

    /// <summary>The segment of edge <paramref name="e"/> on its map, in mm.</summary>
    public (double AX, double AY, double BX, double BY) Segment(int e)
    {
        uint map = Graph.EdgeMap[e];
        var a = Graph.SpotOn(Graph.EdgeA[e], map) ?? Graph.Spots[Graph.EdgeA[e]][0];
        var b = Graph.SpotOn(Graph.EdgeB[e], map) ?? Graph.Spots[Graph.EdgeB[e]][0];
        return (a.X, a.Y, b.X, b.Y);
    }

    /// <summary>Distance between two places: the nearest of their spots on a shared map; infinite on different maps.</summary>
    public double NodeToNode(int p, int q)
    {
        if (p == q) return 0;
        double best = double.PositiveInfinity;
        foreach (var s in Graph.Spots[p])
            foreach (var t in Graph.Spots[q])
                if (s.MapId == t.MapId) best = Math.Min(best, Math.Sqrt((double)(s.X - t.X) * (s.X - t.X) + (double)(s.Y - t.Y) * (s.Y - t.Y)));
        return best;
    }

    /// <summary>
    /// Distance from a place to what a move along an edge covers: the edge's segment on its map and the
    /// places at both ends (0 when the place is one of them). The ends matter where one is a lift cabin:
    /// the cabin is on every floor, so a move into it from one floor comes as near the places around the
    /// cabin on the other floors as standing in it does (the ride that follows is no planned move).
    /// </summary>
    public double NodeToEdge(int p, int e)
    {
        int a = Graph.EdgeA[e], b = Graph.EdgeB[e];
        if (a == p || b == p) return 0;
        // (An end that is no cabin lies on the segment: the segment's distance is the nearer.)
        double best = IsCabin(a) || IsCabin(b) ? Math.Min(NodeToNode(p, a), NodeToNode(p, b)) : double.PositiveInfinity;
        if (Graph.SpotOn(p, Graph.EdgeMap[e]) is not { } s) return best;
        var (ax, ay, bx, by) = Segment(e);
        return Math.Min(best, PointToSegment(s.X, s.Y, ax, ay, bx, by));
    }

    /// <summary>Distance between what moves along two edges cover (0 when they share a place or cross): their segments, and their ends on every floor (<see cref="NodeToEdge"/>).</summary>
    public double EdgeToEdge(int e, int f)
    {
        var g = Graph;
        if (e == f || g.EdgeA[e] == g.EdgeA[f] || g.EdgeA[e] == g.EdgeB[f] || g.EdgeB[e] == g.EdgeA[f] || g.EdgeB[e] == g.EdgeB[f]) return 0;
        double ends = IsCabin(g.EdgeA[e]) || IsCabin(g.EdgeB[e]) || IsCabin(g.EdgeA[f]) || IsCabin(g.EdgeB[f])
            ? Math.Min(Math.Min(NodeToEdge(g.EdgeA[e], f), NodeToEdge(g.EdgeB[e], f)), Math.Min(NodeToEdge(g.EdgeA[f], e), NodeToEdge(g.EdgeB[f], e)))
            : double.PositiveInfinity;
        if (g.EdgeMap[e] != g.EdgeMap[f]) return ends;
        var (ax, ay, bx, by) = Segment(e);
        var (cx, cy, dx, dy) = Segment(f);
        if (Cross(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
        return Math.Min(ends, Math.Min(Math.Min(PointToSegment(ax, ay, cx, cy, dx, dy), PointToSegment(bx, by, cx, cy, dx, dy)),
            Math.Min(PointToSegment(cx, cy, ax, ay, bx, by), PointToSegment(dx, dy, ax, ay, bx, by))));
    }

    /// <summary>A place on more than one floor (a lift cabin).</summary>
    private bool IsCabin(int place) => Graph.Spots[place].Length > 1;

    /// <summary>Distance between what a vehicle covers on <paramref name="arc"/> (its edge) or, for -1, standing on <paramref name="place"/>, and a place.</summary>
    public double OccupancyToNode(int place, int arc, int other) => arc < 0 ? NodeToNode(place, other) : NodeToEdge(other, Graph.OutEdge[arc]);

    public static double PointToSegment(double x, double y, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.Clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0, 1);
        double px = ax + t * dx - x, py = ay + t * dy - y;
        return Math.Sqrt(px * px + py * py);
    }

    private static bool Cross(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        static double C(double ox, double oy, double px, double py, double qx, double qy) => (px - ox) * (qy - oy) - (py - oy) * (qx - ox);
        double d1 = C(cx, cy, dx, dy, ax, ay), d2 = C(cx, cy, dx, dy, bx, by);
        double d3 = C(ax, ay, bx, by, cx, cy), d4 = C(ax, ay, bx, by, dx, dy);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }
}
