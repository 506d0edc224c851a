namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Exact driving costs to a goal from every place, per vehicle class (its width decides which
/// arcs it may drive; places blocked for it are left out): a backward Dijkstra (a breadth-first
/// search on a grid) from the goal, computed once and shared by every vehicle with that goal and
/// class. The planner ranks a vehicle's next moves by these. A table is an array its holder may
/// keep; the cache keeps the most recently computed ones for reuse and forgets the oldest.
/// </summary>
internal sealed class DistanceTables(KernelGraph graph, int capacity = 1024)
{
    public const int Unreachable = int.MaxValue;

    private readonly Dictionary<(int Goal, int Class), LinkedListNode<(int Goal, int Class, int[] Table)>> _cache = new();
    private readonly LinkedList<(int Goal, int Class, int[] Table)> _lru = new();
    private readonly PriorityQueue<int, int> _open = new();
    private int[] _queue = new int[graph.NodeCount];

    public long Computed { get; private set; }

    /// <summary>Forgets every table (the places blocked for some class changed).</summary>
    public void Clear()
    {
        _cache.Clear();
        _lru.Clear();
    }

    /// <summary>The costs to <paramref name="goal"/> for class <paramref name="cls"/> of <paramref name="widthMm"/>, avoiding <paramref name="blocked"/> places (the goal itself is never blocked).</summary>
    public int[] To(int goal, int cls, int widthMm, bool[]? blocked) => To(goal, [goal], cls, widthMm, blocked);

    /// <summary>The costs to the nearest of <paramref name="goals"/> (kept under <paramref name="key"/>): a goal that is any of several places.</summary>
    public int[] To(int key, ReadOnlySpan<int> goals, int cls, int widthMm, bool[]? blocked)
    {
        var goal = key;
        if (_cache.TryGetValue((goal, cls), out var node))
        {
            _lru.Remove(node);
            _lru.AddFirst(node);
            return node.Value.Table;
        }
        var table = Compute(goals, widthMm, blocked);
        _cache[(goal, cls)] = _lru.AddFirst((goal, cls, table));
        if (_cache.Count > capacity)
        {
            var last = _lru.Last!;
            _lru.RemoveLast();
            _cache.Remove((last.Value.Goal, last.Value.Class));
        }
        return table;
    }

    private int[] Compute(ReadOnlySpan<int> goals, int widthMm, bool[]? blocked)
    {
        Computed++;
        var g = graph;
        var dist = new int[g.NodeCount];
        Array.Fill(dist, Unreachable);
        foreach (int goal in goals) dist[goal] = 0;
        if (g.UnitCosts)
        {
            int head = 0, tail = 0;
            foreach (int goal in goals) _queue[tail++] = goal;
            while (head < tail)
            {
                int v = _queue[head++];
                int dv = dist[v] + 1;
                for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
                {
                    int arc = g.InArc[i];
                    int u = g.ArcFrom[arc];
                    if (dist[u] != Unreachable || (blocked is not null && blocked[u]) || !g.Fits(arc, widthMm)) continue;
                    dist[u] = dv;
                    _queue[tail++] = u;
                }
            }
            return dist;
        }
        _open.Clear();
        foreach (int goal in goals) _open.Enqueue(goal, 0);
        while (_open.TryDequeue(out int v, out int d))
        {
            if (d > dist[v]) continue;
            for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
            {
                int arc = g.InArc[i];
                int u = g.ArcFrom[arc];
                if ((blocked is not null && blocked[u]) || !g.Fits(arc, widthMm)) continue;
                int du = d + g.ArcCostMs[arc];
                if (du >= dist[u]) continue;
                dist[u] = du;
                _open.Enqueue(u, du);
            }
        }
        return dist;
    }
}
