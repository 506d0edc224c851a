namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Exact driving costs to a goal from every place, per vehicle class (its width decides which
/// arcs it may drive; places blocked for it are left out): a backward Dijkstra (a breadth-first
/// search on a grid) from the goal, computed once and shared by every vehicle with that goal and
/// class. The planner ranks a vehicle's next moves by these. The cache keeps the most recently
/// used tables and forgets the oldest. When the places blocked for a class change (an AGV stops or
/// moves on), the cached tables of that class are repaired in place (<see cref="Reblock"/>): only the
/// places whose cost changes are visited. A table the cache has forgotten is not repaired, so a holder
/// asks <see cref="To"/> again after every <see cref="Reblock"/> (the kernel's replan does); on a cache hit
/// <see cref="To"/> returns the table as kept, whatever <c>blocked</c> it is given. The repair relies on
/// every arc costing at least 1 (<see cref="KernelGraph"/> makes sure of it).
/// </summary>
internal sealed class DistanceTables(KernelGraph graph, int capacity = 1024)
{
    public const int Unreachable = int.MaxValue;

    private sealed record Entry(int Goal, int Class, int[] Goals, int WidthMm, int[] Table);

    private readonly Dictionary<(int Goal, int Class), LinkedListNode<Entry>> _cache = new();
    private readonly LinkedList<Entry> _lru = new();
    private readonly PriorityQueue<int, int> _open = new();
    private int[] _queue = new int[graph.NodeCount];
    private bool[] _working = [], _affected = [];

    /// <summary>Tables computed from scratch (a goal and class not in the cache); a change of blocked places repairs, never recomputes.</summary>
    public long Computed { get; private set; }

    /// <summary>Tables brought up to date in place after a change of blocked places (each visited once per change, changed or not).</summary>
    public long Repaired { get; private set; }

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
        var table = new int[graph.NodeCount];
        Compute(table, goals, widthMm, blocked);
        _cache[(goal, cls)] = _lru.AddFirst(new Entry(goal, cls, goals.ToArray(), widthMm, table));
        if (_cache.Count > capacity)
        {
            var last = _lru.Last!;
            _lru.RemoveLast();
            _cache.Remove((last.Value.Goal, last.Value.Class));
        }
        return table;
    }

    /// <summary>
    /// The places blocked for class <paramref name="cls"/> change from <paramref name="before"/> to
    /// <paramref name="after"/> (null: none): every cached table of the class is made exact for
    /// <paramref name="after"/>, in place (its holders keep the same array), by repairing only the places
    /// whose cost changes (<see cref="Block"/>, <see cref="Unblock"/>).
    /// </summary>
    public void Reblock(int cls, bool[]? before, bool[]? after)
    {
        var changed = new List<int>();
        for (int p = 0; p < graph.NodeCount; p++)
            if ((before is not null && before[p]) != (after is not null && after[p])) changed.Add(p);
        if (changed.Count == 0) return;
        if (_working.Length != graph.NodeCount)
        {
            _working = new bool[graph.NodeCount];
            _affected = new bool[graph.NodeCount];
        }
        foreach (var entry in _lru)
        {
            if (entry.Class != cls) continue;
            if (before is null) Array.Clear(_working);
            else Array.Copy(before, _working, _working.Length);
            foreach (int p in changed)
            {
                bool block = after is not null && after[p];
                _working[p] = block;
                if (Array.IndexOf(entry.Goals, p) >= 0) continue; // a goal is never blocked for its own table
                if (block) Block(entry, p);
                else Unblock(entry, p);
            }
            Repaired++;
        }
    }

    /// <summary>
    /// Place <paramref name="p"/> is blocked: the places whose every best way led through it (found in
    /// order of cost, so each is decided after all its next places) lose their cost, and get it again
    /// from their neighbours outside that set, by Dijkstra over the set only. Everyone else keeps a best
    /// way that avoids p, and blocking only removes ways, so their costs stand.
    /// </summary>
    private void Block(Entry entry, int p)
    {
        var g = graph;
        var d = entry.Table;
        if (d[p] == Unreachable) return;
        var lost = new List<int> { p };
        _affected[p] = true;
        _open.Clear();
        Predecessors(p);
        while (_open.TryDequeue(out int u, out _))
        {
            if (_affected[u] || HasBestWayOutside(u)) continue;
            _affected[u] = true;
            lost.Add(u);
            Predecessors(u);
        }
        foreach (int u in lost) d[u] = Unreachable;
        // Costs again for the places that lost theirs (p is blocked: it stays without), from the places around them.
        _open.Clear();
        foreach (int u in lost)
        {
            if (u == p || _working[u]) continue;
            long best = Unreachable;
            for (int arc = g.OutStart[u]; arc < g.OutStart[u + 1]; arc++)
            {
                int v = g.OutTo[arc];
                if (!_affected[v] && d[v] != Unreachable && g.Fits(arc, entry.WidthMm)) best = Math.Min(best, (long)d[v] + Cost(arc));
            }
            if (best == Unreachable) continue;
            d[u] = (int)best;
            _open.Enqueue(u, d[u]);
        }
        foreach (int u in lost) _affected[u] = false;
        Lower(entry);

        // Places with a best way into u, to be decided in order of cost.
        void Predecessors(int v)
        {
            for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
            {
                int arc = g.InArc[i];
                int u = g.ArcFrom[arc];
                if (!_affected[u] && d[u] != Unreachable && g.Fits(arc, entry.WidthMm) && (long)d[u] == (long)d[v] + Cost(arc)) _open.Enqueue(u, d[u]);
            }
        }

        bool HasBestWayOutside(int u)
        {
            for (int arc = g.OutStart[u]; arc < g.OutStart[u + 1]; arc++)
            {
                int v = g.OutTo[arc];
                if (!_affected[v] && d[v] != Unreachable && g.Fits(arc, entry.WidthMm) && (long)d[v] + Cost(arc) == d[u]) return true;
            }
            return false;
        }
    }

    /// <summary>Place <paramref name="p"/> is free again: it gets its cost from its neighbours, and whoever gets cheaper through it is lowered (Dijkstra from p).</summary>
    private void Unblock(Entry entry, int p)
    {
        var g = graph;
        var d = entry.Table;
        long best = Unreachable;
        for (int arc = g.OutStart[p]; arc < g.OutStart[p + 1]; arc++)
        {
            int v = g.OutTo[arc];
            if (d[v] != Unreachable && g.Fits(arc, entry.WidthMm)) best = Math.Min(best, (long)d[v] + Cost(arc));
        }
        if (best == Unreachable) return;
        d[p] = (int)best;
        _open.Clear();
        _open.Enqueue(p, d[p]);
        Lower(entry);
    }

    /// <summary>Dijkstra backwards from the queued places: lowers every unblocked place that gets cheaper through them.</summary>
    private void Lower(Entry entry)
    {
        var g = graph;
        var d = entry.Table;
        while (_open.TryDequeue(out int v, out int dv))
        {
            if (dv > d[v]) continue;
            for (int i = g.InStart[v]; i < g.InStart[v + 1]; i++)
            {
                int arc = g.InArc[i];
                int u = g.ArcFrom[arc];
                if (_working[u] || !g.Fits(arc, entry.WidthMm)) continue;
                long du = (long)dv + Cost(arc);
                if (du >= d[u]) continue;
                d[u] = (int)du;
                _open.Enqueue(u, d[u]);
            }
        }
    }

    private int Cost(int arc) => graph.UnitCosts ? 1 : graph.ArcCostMs[arc];

    private void Compute(int[] dist, ReadOnlySpan<int> goals, int widthMm, bool[]? blocked)
    {
        Computed++;
        var g = graph;
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
            return;
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
    }
}
