using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Planning;

/// <summary>A planned route: the node ids in order, its length and its driving time at the edges' limits.</summary>
public sealed record PlannedRoute(IReadOnlyList<uint> NodeIds, double LengthMm, double Seconds);

/// <summary>
/// Fastest route on one map: A* over the directed graph, cost = time at min(edge limit, vehicle
/// maximum) plus a turning cost at every change of direction (an AGV slows down and rotates),
/// heuristic = the larger of the straight-line distance at the vehicle's maximum and the landmark
/// (ALT) bound (both admissible: turns, slower vehicles and blocked nodes only add).
/// The search state is (node, incoming direction), so a turn is charged where it happens.
/// </summary>
public static class PathPlanner
{
    /// <summary>
    /// Among states of equal estimate, the one nearer the goal goes first (on a grid of aisles
    /// thousands of routes tie once turns are counted). It can cost at most this fraction of the
    /// remaining bound, i.e. well under a millisecond of driving.
    /// </summary>
    private const double TieBreak = 1e-6;

    /// <summary>Seconds a full 180° turn costs; a 90° turn half of it.</summary>
    public const double TurnSecondsPerPi = 4.0;

    /// <summary>
    /// A lower bound of <see cref="Fastest"/>'s seconds, without a search: the larger of the straight line at
    /// top speed and the landmarks' bound (0 when a node is not on the map). For ranking many AGVs cheaply.
    /// </summary>
    public static double LowerBoundSeconds(SiteMap map, uint from, uint to, int vehicleMaxSpeed)
    {
        var g = PlanningGraph.Of(map);
        if (!g.Index.TryGetValue(from, out int start) || !g.Index.TryGetValue(to, out int goal) || vehicleMaxSpeed <= 0) return 0;
        double dx = g.X[start] - g.X[goal], dy = g.Y[start] - g.Y[goal];
        return Math.Max(Math.Sqrt(dx * dx + dy * dy) / vehicleMaxSpeed, g.LandmarksFor(vehicleMaxSpeed).Bound(start, goal));
    }

    /// <param name="blocked">nodes the route must not pass (held by other AGVs); the start node is always allowed.</param>
    /// <param name="vehicleWidthMm">the vehicle's width: edges and nodes narrower than it are not used (0 = no limit).</param>
    public static PlannedRoute? Fastest(SiteMap map, uint from, uint to, int vehicleMaxSpeed, Func<uint, bool>? blocked = null, int vehicleWidthMm = 0)
    {
        var g = PlanningGraph.Of(map);
        if (!g.Index.TryGetValue(from, out int start) || !g.Index.TryGetValue(to, out int goal) || vehicleMaxSpeed <= 0) return null;
        if (start == goal) return new PlannedRoute([from], 0, 0);
        if (blocked is not null && blocked(to)) return null; // a held goal cannot be reached: do not search the whole map to find out

        // A search state is a directed edge: "arrived at Targets[e] along e"; state E is the start.
        int states = g.EdgeCount + 1, origin = g.EdgeCount;
        var w = Work.For(states);
        int stamp = ++w.Stamp;
        w.Seen[origin] = stamp;
        w.Cost[origin] = 0;
        w.Prev[origin] = -1;
        var open = w.Open;
        open.Clear();
        double gx = g.X[goal], gy = g.Y[goal];
        var alt = g.LandmarksFor(vehicleMaxSpeed);
        double H(int node) => Math.Max(Math.Sqrt((g.X[node] - gx) * (g.X[node] - gx) + (g.Y[node] - gy) * (g.Y[node] - gy)) / vehicleMaxSpeed, alt.Bound(node, goal));
        open.Enqueue(origin, H(start));
        int reached = -1;
        while (open.TryDequeue(out int state, out _))
        {
            if (w.Closed[state] == stamp) continue;
            w.Closed[state] = stamp;
            int node = state == origin ? start : g.Targets[state];
            if (node == goal) { reached = state; break; }
            double cost = w.Cost[state];
            for (int e = g.Offsets[node]; e < g.Offsets[node + 1]; e++)
            {
                if (w.Closed[e] == stamp || g.Width[e] < vehicleWidthMm) continue;
                int next = g.Targets[e];
                if (blocked is not null && blocked(g.Ids[next])) continue;
                double turn = state == origin ? 0 : Turn(g.Heading[state], g.Heading[e]);
                double c = cost + g.Length[e] / Math.Min(g.Speed[e], vehicleMaxSpeed) + turn;
                if (w.Seen[e] == stamp && w.Cost[e] <= c) continue;
                w.Seen[e] = stamp;
                w.Cost[e] = c;
                w.Prev[e] = state;
                double h = H(next);
                open.Enqueue(e, c + h + TieBreak * h);
            }
        }
        if (reached < 0) return null;
        var path = new List<uint>();
        double length = 0;
        for (int st = reached; st != origin; st = w.Prev[st])
        {
            path.Add(g.Ids[g.Targets[st]]);
            length += g.Length[st];
        }
        path.Add(from);
        path.Reverse();
        return new PlannedRoute(path, length, w.Cost[reached]);
    }

    /// <summary>The turning cost between an incoming and an outgoing heading.</summary>
    private static double Turn(double inHeading, double outHeading)
    {
        double turn = Math.Abs(Math.IEEERemainder(outHeading - inHeading, 2 * Math.PI));
        return turn < 1e-6 ? 0 : TurnSecondsPerPi * turn / Math.PI;
    }

    /// <summary>Per-thread search arrays, reused: a stamp marks which entries belong to the current search, so nothing is cleared.</summary>
    private sealed class Work
    {
        [ThreadStatic] private static Work? _current;
        public int Stamp;
        public int[] Seen = [], Closed = [], Prev = [];
        public double[] Cost = [];
        public readonly PriorityQueue<int, double> Open = new();

        public static Work For(int states)
        {
            var w = _current ??= new Work();
            if (w.Seen.Length < states || w.Stamp == int.MaxValue)
            {
                w.Seen = new int[states];
                w.Closed = new int[states];
                w.Prev = new int[states];
                w.Cost = new double[states];
                w.Stamp = 0;
            }
            return w;
        }
    }

}
