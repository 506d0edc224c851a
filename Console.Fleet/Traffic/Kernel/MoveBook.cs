namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// The planned moves of every agent, in the execution order the planner gave them, and the rule
/// the executor keeps (action-dependency-graph execution; Hönig et al., RA-L 2019): a move may be
/// granted to its vehicle only when every earlier move of another vehicle that conflicts with it
/// (their swept areas come closer than the two radii) has been reported done. So the order in
/// which vehicles pass each place is the plan's, whatever their speeds, stops and report rates;
/// the order has no cycles (a move only waits for earlier ones), so nobody waits for ever unless
/// a vehicle never finishes a move it was granted. Several moves of one vehicle may be granted
/// ahead of it (its lookahead) as long as each of them passes the rule when it is granted.
/// </summary>
internal sealed class MoveBook
{
    internal enum Status : byte { Planned, Granted, Done }

    private struct Move
    {
        public long Order;
        public int Agent, Arc, Edge;
        public Status Status;
    }

    private readonly KernelGraph _g;
    private readonly FootprintGeometry _geo;
    private readonly PlanAgents _agents;
    private Move[] _moves = new Move[1024];
    private readonly Stack<int> _free = new();
    private int _used;
    private long _nextOrder;

    /// <summary>Per agent: its moves (slots) in order; [Head..Granted) are granted and not done, [Granted..Count) planned.</summary>
    private List<int>[] _queue = [];
    private int[] _head = [], _granted = [];
    /// <summary>Per edge: the slots of moves on it not done yet, in execution order.</summary>
    private readonly List<int>[] _onEdge;
    /// <summary>Per slot: agents whose next move waits for it.</summary>
    private readonly Dictionary<int, List<int>> _waiters = new();
    private readonly List<int> _woken = [];

    public MoveBook(KernelGraph g, FootprintGeometry geo, PlanAgents agents)
    {
        _g = g;
        _geo = geo;
        _agents = agents;
        _onEdge = new List<int>[g.EdgeCount];
    }

    private void Ensure(int agent)
    {
        if (agent < _queue.Length) return;
        int n = Math.Max(agent + 1, _queue.Length * 2);
        int old = _queue.Length;
        Array.Resize(ref _queue, n);
        Array.Resize(ref _head, n);
        Array.Resize(ref _granted, n);
        for (int i = old; i < n; i++) _queue[i] = [];
    }

    /// <summary>Moves of <paramref name="agent"/> planned and not done (granted or not).</summary>
    public int Pending(int agent) => agent < _queue.Length ? _queue[agent].Count - _head[agent] : 0;

    /// <summary>Moves of <paramref name="agent"/> planned and not granted yet.</summary>
    public int Ungranted(int agent) => agent < _queue.Length ? _queue[agent].Count - _granted[agent] : 0;

    /// <summary>Moves of <paramref name="agent"/> granted and not reported done.</summary>
    public int InFlight(int agent) => agent < _queue.Length ? _granted[agent] - _head[agent] : 0;

    /// <summary>Appends a move to the plan, after every move appended so far.</summary>
    public void Append(int agent, int arc)
    {
        Ensure(agent);
        int slot;
        if (_free.Count > 0) slot = _free.Pop();
        else
        {
            if (_used == _moves.Length) Array.Resize(ref _moves, _moves.Length * 2);
            slot = _used++;
        }
        int e = _g.OutEdge[arc];
        _moves[slot] = new Move { Order = _nextOrder++, Agent = agent, Arc = arc, Edge = e, Status = Status.Planned };
        _queue[agent].Add(slot);
        (_onEdge[e] ??= []).Add(slot);
    }

    /// <summary>The arc of the agent's <paramref name="i"/>-th pending move (0 = the next one to be done).</summary>
    public int PendingArc(int agent, int i) => _moves[_queue[agent][_head[agent] + i]].Arc;

    /// <summary>The execution order of the agent's next move not done yet (long.MaxValue when it has none).</summary>
    public long NextOrder(int agent) => Pending(agent) > 0 ? _moves[_queue[agent][_head[agent]]].Order : long.MaxValue;

    /// <summary>The arc of the agent's <paramref name="i"/>-th move not granted yet (0 = the next one).</summary>
    public int UngrantedArc(int agent, int i) => _moves[_queue[agent][_granted[agent] + i]].Arc;

    /// <summary>The arc of the agent's <paramref name="i"/>-th move granted and not done (0 = the one it drives now).</summary>
    public int InFlightArc(int agent, int i) => _moves[_queue[agent][_head[agent] + i]].Arc;

    /// <summary>The arc of the agent's next move not granted yet, or -1.</summary>
    public int NextUngrantedArc(int agent) => Ungranted(agent) > 0 ? _moves[_queue[agent][_granted[agent]]].Arc : -1;

    /// <summary>The earlier undone move of another agent that the given slot must wait for, or -1.</summary>
    private int Blocker(int slot)
    {
        ref var m = ref _moves[slot];
        float rm = _agents.Radius[m.Agent];
        var geo = _geo;
        for (int k = geo.EdgeEdgeStart[m.Edge]; k < geo.EdgeEdgeStart[m.Edge + 1]; k++)
        {
            var list = _onEdge[geo.EdgeEdge[k]];
            if (list is null || list.Count == 0) continue;
            float d = geo.EdgeEdgeDist[k];
            foreach (int s in list)
            {
                ref var o = ref _moves[s];
                if (o.Order >= m.Order) break;
                if (o.Agent != m.Agent && d < rm + _agents.Radius[o.Agent]) return s;
            }
        }
        return -1;
    }

    /// <summary>The agent whose earlier move the agent's next ungranted move waits for (-1: none, or nothing planned).</summary>
    public int WaitsFor(int agent)
    {
        if (Ungranted(agent) == 0) return -1;
        int b = Blocker(_queue[agent][_granted[agent]]);
        return b < 0 ? -1 : _moves[b].Agent;
    }

    /// <summary>
    /// Grants the agent's next planned moves, in order, while each passes the rule, up to
    /// <paramref name="max"/> moves in flight. Returns how many were granted; when it stopped at a
    /// move that must wait, <paramref name="waitsFor"/> is the agent whose move it waits for (else -1).
    /// </summary>
    public int Grant(int agent, int max, out int waitsFor)
    {
        waitsFor = -1;
        if (agent >= _queue.Length) return 0;
        var q = _queue[agent];
        int granted = 0;
        while (_granted[agent] < q.Count && _granted[agent] - _head[agent] < max)
        {
            int slot = q[_granted[agent]];
            int b = Blocker(slot);
            if (b >= 0)
            {
                waitsFor = _moves[b].Agent;
                if (!_waiters.TryGetValue(b, out var w)) _waiters[b] = w = [];
                if (!w.Contains(agent)) w.Add(agent);
                break;
            }
            _moves[slot].Status = Status.Granted;
            _granted[agent]++;
            granted++;
        }
        return granted;
    }

    /// <summary>The place the agent's move granted <paramref name="i"/>-th from its last done one leads to.</summary>
    public int GrantedTarget(int agent, int i) => _g.OutTo[_moves[_queue[agent][_head[agent] + i]].Arc];

    /// <summary>The agent reported reaching the end of its next <paramref name="count"/> granted moves.</summary>
    public void Done(int agent, int count)
    {
        var q = _queue[agent];
        for (int i = 0; i < count && _head[agent] < _granted[agent]; i++)
        {
            int slot = q[_head[agent]++];
            Release(slot);
        }
        Compact(agent);
    }

    private void Release(int slot)
    {
        ref var m = ref _moves[slot];
        m.Status = Status.Done;
        _onEdge[m.Edge].Remove(slot);
        if (_waiters.Remove(slot, out var w)) _woken.AddRange(w);
        _free.Push(slot);
    }

    private void Compact(int agent)
    {
        int h = _head[agent];
        if (h < 64 || h < _queue[agent].Count / 2) return;
        _queue[agent].RemoveRange(0, h);
        _head[agent] = 0;
        _granted[agent] -= h;
    }

    /// <summary>Forgets the agent's planned moves that were not granted (the plan beyond what it was sent is re-made).</summary>
    public void DropUngranted(int agent)
    {
        if (agent >= _queue.Length) return;
        var q = _queue[agent];
        for (int i = _granted[agent]; i < q.Count; i++) Release(q[i]);
        q.RemoveRange(_granted[agent], q.Count - _granted[agent]);
    }

    /// <summary>Forgets every planned move that was not granted; granted ones stay (their vehicles may be driving them).</summary>
    public void DropAllUngranted()
    {
        for (int a = 0; a < _queue.Length; a++) DropUngranted(a);
    }

    /// <summary>Forgets every move of the agent, granted or not (it left the site, or an operator released it).</summary>
    public void Forget(int agent)
    {
        if (agent >= _queue.Length) return;
        var q = _queue[agent];
        for (int i = _head[agent]; i < q.Count; i++) Release(q[i]);
        q.Clear();
        _head[agent] = _granted[agent] = 0;
    }

    /// <summary>Agents whose waited-for move was done or dropped since the last call (their next move may be grantable now).</summary>
    public List<int> TakeWoken()
    {
        var list = new List<int>(_woken);
        _woken.Clear();
        return list;
    }

    public bool AnyWoken => _woken.Count > 0;

    /// <summary>The agent's moves not done yet, for diagnostics: order, from → to, granted or planned.</summary>
    public string Describe(int agent)
    {
        if (agent >= _queue.Length) return "";
        var q = _queue[agent];
        return string.Join(" ", Enumerable.Range(_head[agent], q.Count - _head[agent]).Select(i =>
        {
            ref var m = ref _moves[q[i]];
            return $"#{m.Order}:{_g.SiteId(_g.ArcFrom[m.Arc])}>{_g.SiteId(_g.OutTo[m.Arc])}{(m.Status == Status.Granted ? "g" : "")}";
        }));
    }

    /// <summary>Where the agent ends up after its granted moves (its committed place), given where it stands now.</summary>
    public int CommittedPlace(int agent, int standing)
    {
        if (agent >= _queue.Length || _granted[agent] == _head[agent]) return standing;
        return _g.OutTo[_moves[_queue[agent][_granted[agent] - 1]].Arc];
    }
}
