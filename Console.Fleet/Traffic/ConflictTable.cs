using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// For every node and edge of a map, the resources that may not be held by two AGVs at once: an
/// AGV on a node or driving an edge sweeps the floor within <c>clearance</c> of it (the clearance
/// covers the largest footprint), so a node or edge closer than that to another one is the same
/// place for traffic control. Built once per map version through a grid of cells one clearance
/// wide, so the cost grows with the map, not its square.
/// </summary>
internal sealed class ConflictTable
{
    private readonly Dictionary<Resource, Resource[]> _conflicts;

    private ConflictTable(Dictionary<Resource, Resource[]> conflicts) => _conflicts = conflicts;

    /// <summary>What conflicts with <paramref name="r"/> (itself included); an unknown resource conflicts only with itself.</summary>
    public Resource[] Of(Resource r) => _conflicts.TryGetValue(r, out var c) ? c : [r];

    public static ConflictTable Build(SiteMap map, int clearance)
    {
        var items = new List<(Resource R, double X1, double Y1, double X2, double Y2)>();
        foreach (var n in map.Nodes) items.Add((Resource.Node(n.Id), n.X, n.Y, n.X, n.Y));
        var seen = new HashSet<Resource>();
        foreach (var e in map.Edges)
        {
            if (map.Node(e.From) is not { } a || map.Node(e.To) is not { } b || e.From == e.To) continue;
            var r = Resource.Edge(e.From, e.To);
            if (seen.Add(r)) items.Add((r, a.X, a.Y, b.X, b.Y));
        }
        double cell = Math.Max(1, clearance);
        var cells = new Dictionary<(long, long), List<int>>();
        for (int i = 0; i < items.Count; i++)
            foreach (var key in Cells(items[i], cell, 0))
            {
                if (!cells.TryGetValue(key, out var list)) cells[key] = list = [];
                list.Add(i);
            }
        var conflicts = new Dictionary<Resource, Resource[]>(items.Count);
        var found = new HashSet<int>();
        for (int i = 0; i < items.Count; i++)
        {
            found.Clear();
            var it = items[i];
            foreach (var key in Cells(it, cell, clearance))
                if (cells.TryGetValue(key, out var near))
                    foreach (var j in near)
                        if (!found.Contains(j) && Distance(it, items[j]) < clearance) found.Add(j);
            found.Add(i);
            conflicts[it.R] = found.Select(j => items[j].R).ToArray();
        }
        return new ConflictTable(conflicts);
    }

    private static IEnumerable<(long, long)> Cells((Resource R, double X1, double Y1, double X2, double Y2) it, double cell, double margin)
    {
        long x0 = (long)Math.Floor((Math.Min(it.X1, it.X2) - margin) / cell), x1 = (long)Math.Floor((Math.Max(it.X1, it.X2) + margin) / cell);
        long y0 = (long)Math.Floor((Math.Min(it.Y1, it.Y2) - margin) / cell), y1 = (long)Math.Floor((Math.Max(it.Y1, it.Y2) + margin) / cell);
        for (long x = x0; x <= x1; x++)
            for (long y = y0; y <= y1; y++) yield return (x, y);
    }

    /// <summary>Shortest distance between two segments (a node is a segment of length 0).</summary>
    private static double Distance((Resource R, double X1, double Y1, double X2, double Y2) p, (Resource R, double X1, double Y1, double X2, double Y2) q)
    {
        if (Intersect(p.X1, p.Y1, p.X2, p.Y2, q.X1, q.Y1, q.X2, q.Y2)) return 0;
        return Math.Min(Math.Min(PointToSegment(p.X1, p.Y1, q), PointToSegment(p.X2, p.Y2, q)),
            Math.Min(PointToSegment(q.X1, q.Y1, p), PointToSegment(q.X2, q.Y2, p)));
    }

    private static double PointToSegment(double x, double y, (Resource R, double X1, double Y1, double X2, double Y2) s)
    {
        double dx = s.X2 - s.X1, dy = s.Y2 - s.Y1, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.Clamp(((x - s.X1) * dx + (y - s.Y1) * dy) / len2, 0, 1);
        double px = s.X1 + t * dx - x, py = s.Y1 + t * dy - y;
        return Math.Sqrt(px * px + py * py);
    }

    private static bool Intersect(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        static double Cross(double ox, double oy, double ax, double ay, double bx, double by) => (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);
        double d1 = Cross(cx, cy, dx, dy, ax, ay), d2 = Cross(cx, cy, dx, dy, bx, by);
        double d3 = Cross(ax, ay, bx, by, cx, cy), d4 = Cross(ax, ay, bx, by, dx, dy);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }
}
