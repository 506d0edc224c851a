using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Planning;

/// <summary>A planned route: the node ids in order, its length and its driving time at the edges' limits.</summary>
public sealed record PlannedRoute(IReadOnlyList<uint> NodeIds, double LengthMm, double Seconds);

/// <summary>
/// Fastest route on one map: A* over the directed graph, cost = time at min(edge limit, vehicle
/// maximum), heuristic = straight-line distance at the vehicle's maximum (admissible).
/// </summary>
public static class PathPlanner
{
    /// <param name="blocked">nodes the route must not pass (held by other AGVs); the start node is always allowed.</param>
    public static PlannedRoute? Fastest(SiteMap map, uint from, uint to, int vehicleMaxSpeed, Func<uint, bool>? blocked = null)
    {
        var start = map.Node(from);
        var goal = map.Node(to);
        if (start is null || goal is null || vehicleMaxSpeed <= 0) return null;
        if (from == to) return new PlannedRoute([from], 0, 0);

        var best = new Dictionary<uint, double> { [from] = 0 };
        var previous = new Dictionary<uint, uint>();
        var open = new PriorityQueue<uint, double>();
        open.Enqueue(from, SiteMap.Distance(start, goal) / vehicleMaxSpeed);
        var closed = new HashSet<uint>();
        while (open.TryDequeue(out var node, out _))
        {
            if (node == to) break;
            if (!closed.Add(node)) continue;
            var n = map.Node(node)!;
            foreach (var (next, edge) in map.Outgoing(node))
            {
                var m = map.Node(next);
                if (m is null || closed.Contains(next) || (blocked is not null && blocked(next))) continue;
                double speed = Math.Min(edge.MaxSpeed, vehicleMaxSpeed);
                double cost = best[node] + SiteMap.Distance(n, m) / speed;
                if (best.TryGetValue(next, out var known) && known <= cost) continue;
                best[next] = cost;
                previous[next] = node;
                open.Enqueue(next, cost + SiteMap.Distance(m, goal) / vehicleMaxSpeed);
            }
        }
        if (!best.ContainsKey(to)) return null;
        var path = new List<uint> { to };
        while (path[^1] != from) path.Add(previous[path[^1]]);
        path.Reverse();
        double length = 0;
        for (int i = 1; i < path.Count; i++) length += SiteMap.Distance(map.Node(path[i - 1])!, map.Node(path[i])!);
        return new PlannedRoute(path, length, best[to]);
    }
}
