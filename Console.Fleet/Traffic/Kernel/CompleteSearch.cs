namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// The fallback search, after LaCAM (lazy constraints addition search; Okumura, AAAI 2023),
/// written from the paper's idea: a search over configurations (where every agent stands) for one
/// in which a given agent is nearer its goal than a given distance (its goal itself: distance 0). Each configuration's successors are generated lazily
/// by the step planner under constraints — "agent i goes to place v" for the first agents of a fixed
/// order — enumerated breadth first, one more constraint per level; a configuration seen before is
/// not searched again. Unlike LaCAM's depth-first order, configurations are taken best first (the
/// agent's distance to its goal plus the steps so far), so the way found is short: in a lifelong
/// plan it is driven, not just proven. Every successor of every configuration is eventually
/// generated (a configuration goes back into the queue, a little worse, after each successor), so
/// the search finds a way whenever one exists (configurations are finite), and says so when none
/// does. It runs in slices (<see cref="Run"/> with a budget) so the kernel never blocks. Section
/// rules do not apply here: the search may do what the rules forbid when that is the only way.
/// </summary>
internal sealed class CompleteSearch
{
    private sealed class Low(Low? parent, int who, int where, int depth)
    {
        public readonly Low? Parent = parent;
        public readonly int Who = who, Where = where, Depth = depth;
    }

    private sealed class High(int[] config, High? parent, (int Agent, int Arc)[] moves, int depth)
    {
        public readonly int[] Config = config;
        public readonly High? Parent = parent;
        public readonly (int Agent, int Arc)[] Moves = moves; // from the parent, in execution order
        public readonly Queue<Low> Tree = new();
        public readonly int Depth = depth;
        public int Tried;
    }

    private readonly LifelongPlanner _p;
    private readonly StepPlanner _planner;
    private readonly int _agent, _target;
    private readonly int[] _order;
    private readonly PriorityQueue<High, long> _open = new();
    private readonly int[] _dist;
    private readonly long _stepCost;
    private readonly Dictionary<int[], High> _seen = new(ConfigComparer.Instance);
    private readonly Random _rng;
    private readonly List<(int Agent, int Place)> _constraints = [];
    private readonly AgentMode[] _modes;

    /// <summary>Steps from the start configuration to one where the agent stands on its goal, when found.</summary>
    public List<(int Agent, int Arc)[]>? Found { get; private set; }

    /// <summary>Every configuration reachable was searched and none has the agent on its goal.</summary>
    public bool Exhausted { get; private set; }

    public int Expanded { get; private set; }

    /// <summary>Only some agents could move in this search (an exhausted partial search proves nothing).</summary>
    public bool Partial { get; }

    /// <param name="target">the distance to its goal the agent must get below (its goal: 1).</param>
    /// <param name="movers">the agents that may move in the search (others stand still); null: all.</param>
    public CompleteSearch(LifelongPlanner p, int agent, int target, int[] order, bool[]? movers, int seed)
    {
        _p = p;
        _agent = agent;
        _target = target;
        _order = movers is null ? order : order.Where(a => movers[a]).ToArray();
        Partial = movers is not null;
        _rng = new Random(seed);
        var ag = p.Agents;
        _planner = new StepPlanner(p.Graph, p.Geometry, ag) { PlaceBlocked = p.Planner.PlaceBlocked, EdgeBlocked = p.Planner.EdgeBlocked };
        _modes = ag.Mode.AsSpan(0, ag.Count).ToArray();
        if (movers is not null)
            for (int a = 0; a < _modes.Length; a++)
                if (!movers[a] && _modes[a] != AgentMode.Absent) _modes[a] = AgentMode.Fixed;
        var start = ag.Cur.AsSpan(0, ag.Count).ToArray();
        _dist = ag.Dist[agent]!;
        var g = p.Graph;
        _stepCost = Math.Max(1, g.ArcCount == 0 ? 1 : (long)g.ArcCostMs.Average());
        var root = new High(start, null, [], 0);
        root.Tree.Enqueue(new Low(null, -1, -1, 0));
        _open.Enqueue(root, Key(root));
        _seen[start] = root;
    }

    /// <summary>Best first: nearest the goal, then fewest steps; each successor already taken from a configuration makes it a little worse.</summary>
    private long Key(High h) => _dist[h.Config[_agent]] + (long)(h.Depth + h.Tried) * _stepCost;

    /// <summary>Searches for at most <paramref name="budget"/> configuration generations; true when finished (found or exhausted).</summary>
    public bool Run(int budget)
    {
        var ag = _p.Agents;
        int n = ag.Count;
        var saveCur = ag.Cur.AsSpan(0, n).ToArray();
        var saveMode = ag.Mode.AsSpan(0, n).ToArray();
        try
        {
            while (budget-- > 0)
            {
                if (_open.Count == 0) { Exhausted = true; return true; }
                var node = _open.Dequeue();
                if (_dist[node.Config[_agent]] < _target) { Found = PathTo(node); return true; }
                if (node.Tree.Count == 0) continue;
                var low = node.Tree.Dequeue();
                node.Tried++;
                if (low.Depth < _order.Length)
                {
                    // One more constraint: the next agent in the order, at each place it could be next.
                    int i = _order[low.Depth];
                    int u = node.Config[i];
                    var places = new List<int> { u };
                    if (_modes[i] != AgentMode.Fixed)
                        foreach (int v in _p.Graph.Successors(u)) places.Add(v);
                    for (int k = places.Count - 1; k > 0; k--) { int j = _rng.Next(k + 1); (places[k], places[j]) = (places[j], places[k]); }
                    // The searched agent's own places nearest its goal first.
                    if (i == _agent) places.Sort((x, y) => _dist[x].CompareTo(_dist[y]));
                    foreach (int v in places) node.Tree.Enqueue(new Low(low, i, v, low.Depth + 1));
                }
                Expanded++;
                _constraints.Clear();
                for (var c = low; c is not null && c.Who >= 0; c = c.Parent) _constraints.Add((c.Who, c.Where));
                _constraints.Reverse();
                // Generate the successor under the constraints with the step planner, from this configuration.
                Array.Copy(node.Config, ag.Cur, n);
                for (int a = 0; a < n; a++) ag.Mode[a] = _modes[a] == AgentMode.Lagging ? AgentMode.Free : _modes[a];
                bool ok = _planner.Step(_order, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_constraints));
                if (node.Tree.Count > 0) _open.Enqueue(node, Key(node));
                if (!ok) continue;
                var next = _planner.Next.AsSpan(0, n).ToArray();
                if (_seen.ContainsKey(next)) continue;
                var child = new High(next, node, _planner.Moves.ToArray(), node.Depth + 1);
                child.Tree.Enqueue(new Low(null, -1, -1, 0));
                _seen[next] = child;
                _open.Enqueue(child, Key(child));
            }
            return false;
        }
        finally
        {
            Array.Copy(saveCur, ag.Cur, n);
            Array.Copy(saveMode, ag.Mode, n);
        }
    }

    private static List<(int Agent, int Arc)[]> PathTo(High node)
    {
        var steps = new List<(int, int)[]>();
        for (var x = node; x.Parent is not null; x = x.Parent) steps.Add(x.Moves);
        steps.Reverse();
        return steps;
    }

    private sealed class ConfigComparer : IEqualityComparer<int[]>
    {
        public static readonly ConfigComparer Instance = new();
        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(int[] c)
        {
            var h = new HashCode();
            foreach (int v in c) h.Add(v);
            return h.ToHashCode();
        }
    }
}
