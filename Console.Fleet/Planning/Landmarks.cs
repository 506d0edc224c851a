namespace AgvConsole.Fleet.Planning;

/// <summary>
/// The ALT lower bound for A*: for a few landmarks L spread over the map, the driving time from
/// L to every node and from every node to L (at the edges' limits capped by the vehicle's top
/// speed, no turns), computed once per map version and top speed (a fleet has a few models). By
/// the triangle inequality, |d(L, goal) − d(L, n)| bounds the time from n to the goal from below
/// (a turn or a node planned around only adds time). On a grid of aisles it is close to the real time, where the straight-line
/// bound is off by up to √2, so far fewer states are expanded.
/// </summary>
internal sealed class Landmarks
{
    private readonly double[][] _from, _to; // _from[k][n] = d(L_k, n); _to[k][n] = d(n, L_k)

    /// <param name="vehicleMaxSpeed">the bound is for vehicles this fast or slower (edge limits are capped by it).</param>
    public Landmarks(PlanningGraph g, int vehicleMaxSpeed, int count = 8)
    {
        int n = g.Ids.Length;
        var chosen = new List<int>();
        if (n > 0)
        {
            // Farthest-point choice: each landmark as far (in a straight line) from the others as possible.
            var nearest = new double[n];
            Array.Fill(nearest, double.MaxValue);
            int next = 0;
            for (int k = 0; k < Math.Min(count, n); k++)
            {
                if (k == 0) next = Farthest(g, Enumerable.Range(0, n).Select(i => Dist(g, 0, i)).ToArray());
                chosen.Add(next);
                for (int i = 0; i < n; i++) nearest[i] = Math.Min(nearest[i], Dist(g, next, i));
                next = Farthest(g, nearest);
            }
        }
        // Incoming edges per node, for the times towards a landmark.
        var incoming = new List<int>[n];
        for (int i = 0; i < n; i++) incoming[i] = [];
        for (int e = 0; e < g.EdgeCount; e++) incoming[g.Targets[e]].Add(e);
        _from = chosen.Select(l => Dijkstra(g, l, forward: true, incoming, vehicleMaxSpeed)).ToArray();
        _to = chosen.Select(l => Dijkstra(g, l, forward: false, incoming, vehicleMaxSpeed)).ToArray();
    }

    private static double Dist(PlanningGraph g, int a, int b) => Math.Sqrt((g.X[a] - g.X[b]) * (g.X[a] - g.X[b]) + (g.Y[a] - g.Y[b]) * (g.Y[a] - g.Y[b]));

    private static int Farthest(PlanningGraph g, double[] d)
    {
        int best = 0;
        for (int i = 1; i < d.Length; i++) if (d[i] > d[best]) best = i;
        return best;
    }

    private static double[] Dijkstra(PlanningGraph g, int source, bool forward, List<int>[] incoming, int vmax)
    {
        var dist = new double[g.Ids.Length];
        Array.Fill(dist, double.PositiveInfinity);
        dist[source] = 0;
        var open = new PriorityQueue<int, double>();
        open.Enqueue(source, 0);
        while (open.TryDequeue(out int node, out double d))
        {
            if (d > dist[node]) continue;
            if (forward)
                for (int e = g.Offsets[node]; e < g.Offsets[node + 1]; e++) Relax(g.Targets[e], d + g.Length[e] / Math.Min(g.Speed[e], vmax));
            else
                foreach (var e in incoming[node]) Relax(g.Sources[e], d + g.Length[e] / Math.Min(g.Speed[e], vmax));
        }
        return dist;

        void Relax(int to, double c)
        {
            if (c >= dist[to]) return;
            dist[to] = c;
            open.Enqueue(to, c);
        }
    }

    /// <summary>A lower bound of the driving time from <paramref name="node"/> to <paramref name="goal"/> (seconds).</summary>
    public double Bound(int node, int goal)
    {
        double h = 0;
        for (int k = 0; k < _from.Length; k++)
        {
            double a = _from[k][goal] - _from[k][node], b = _to[k][node] - _to[k][goal];
            if (double.IsFinite(a) && a > h) h = a;
            if (double.IsFinite(b) && b > h) h = b;
        }
        return h;
    }
}
