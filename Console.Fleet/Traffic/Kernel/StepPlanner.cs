namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>A rule a move must pass besides not colliding (sections: direction, capacity, doorways).</summary>
internal interface IMoveRules
{
    /// <param name="pushed">whether the agent is being pushed aside by another (it did not choose to move).</param>
    bool MayMove(int agent, int from, int to, bool pushed);

    /// <summary>The agent's move is final in this step (the rules' state may change with it).</summary>
    void Moved(int agent, int from, int to);
}

/// <summary>What a move costs an agent beyond the distance it gains (a rotation on the spot, a turn).</summary>
internal interface IMoveCost
{
    int Extra(int agent, int arc);
}

/// <summary>
/// One step of PIBT (priority inheritance with backtracking; Okumura et al., AIJ 2022) with three
/// changes that make its plan executable by vehicles that are not synchronised:
/// <list type="bullet">
/// <item>Conflicts come from footprints: a vehicle standing on a place occupies a circle, one
/// driving an edge sweeps a capsule (<see cref="FootprintGeometry"/>); every vehicle whose place
/// lies within reach of a move must move away first (each is pushed, recursively), not only the
/// one on the target place.</item>
/// <item>No rotations: a vehicle never moves into what an agent up its push chain still occupies
/// (the plain PIBT may rotate a full cycle of agents at once, which vehicles that each wait for the
/// one ahead to report leaving could never execute). The highest-priority agent still always gets
/// its best move on the maps where PIBT's guarantee holds, as long as some place is free: the push
/// chain then ends on a free place instead of closing the cycle (see docs/traffic.md).</item>
/// <item>An execution order: every move gets its place in <see cref="Moves"/> when it is final, and
/// a move only ever waits for moves earlier in that order (a pushed agent's move is final before
/// its pusher's). The executor lets a vehicle start a move only when every conflicting earlier move
/// is done, so the plan's order is what the vehicles keep.</item>
/// </list>
/// The step is iterative (an explicit stack), so chains as long as the fleet do not overflow the thread's stack.
/// </summary>
internal sealed class StepPlanner
{
    private enum Phase : byte { NextCandidate, Blockers, AwaitChild }
    private const byte Undecided = 0, InStack = 1, Final = 2;

    private readonly KernelGraph _g;
    private readonly FootprintGeometry _geo;
    private readonly PlanAgents _agents;

    /// <summary>Per class: places and edges no vehicle of the class may use now (standing vehicles, granted spaces).</summary>
    public bool[][] PlaceBlocked = [];
    public bool[][] EdgeBlocked = [];
    public IMoveRules? Rules { get; set; }
    public IMoveCost? Cost { get; set; }

    /// <summary>After <see cref="Step"/>: each agent's place at the end of the step.</summary>
    public int[] Next = [];
    /// <summary>After <see cref="Step"/>: the agents that move, in execution order, and the arc each drives.</summary>
    public readonly List<(int Agent, int Arc)> Moves = [];
    /// <summary>After <see cref="Step"/>: for an agent that did not get its best move, the agent in its way (-1: none, or a place it may not enter).</summary>
    public int[] HeldBackBy = [];
    /// <summary>After <see cref="Step"/>: the place an agent wanted and did not get (-1 when it got its best move).</summary>
    public int[] Wanted = [];

    private byte[] _state = [];
    private int[] _curAt, _nextAt, _movingOnEdge;
    private readonly List<int> _touched = [];

    // The explicit stack: one frame per agent being decided, with its candidates and blockers in _buf.
    private int _depth;
    private int[] _fAgent = new int[64], _fCandStart = new int[64], _fCandCount = new int[64], _fCandIdx = new int[64];
    private int[] _fBlkStart = new int[64], _fBlkCount = new int[64], _fBlkIdx = new int[64], _fArc = new int[64];
    private Phase[] _fPhase = new Phase[64];
    private int[] _fPull = new int[64];
    private bool[] _fPushed = new bool[64];
    private int[] _buf = new int[1024];
    private int _bufTop;
    private readonly List<(long Key, int Arc)> _sort = [];

    public StepPlanner(KernelGraph g, FootprintGeometry geo, PlanAgents agents)
    {
        _g = g;
        _geo = geo;
        _agents = agents;
        _curAt = new int[g.NodeCount];
        _nextAt = new int[g.NodeCount];
        _movingOnEdge = new int[g.EdgeCount];
        Array.Fill(_curAt, -1);
        Array.Fill(_nextAt, -1);
        Array.Fill(_movingOnEdge, -1);
    }

    /// <summary>Plans one step: every agent either stays or makes one move; <paramref name="order"/> is the agents by falling priority.</summary>
    public void Step(ReadOnlySpan<int> order) => Step(order, []);

    /// <summary>
    /// Plans one step in which the agents of <paramref name="forced"/> end at the given places (in that
    /// order, each with the pushes it needs; LaCAM's constraints); the others are planned as usual.
    /// Returns false when the forced places cannot all be had (the step is then not usable).
    /// </summary>
    public bool Step(ReadOnlySpan<int> order, ReadOnlySpan<(int Agent, int Place)> forced)
    {
        var ag = _agents;
        int n = ag.Count;
        if (_state.Length < n)
        {
            int cap = Math.Max(n, _state.Length * 2);
            Array.Resize(ref _state, cap);
            Array.Resize(ref Next, cap);
            Array.Resize(ref HeldBackBy, cap);
            Array.Resize(ref Wanted, cap);
        }
        foreach (var p in _touched) { _curAt[p] = -1; _nextAt[p] = -1; }
        _touched.Clear();
        Moves.Clear();
        for (int a = 0; a < n; a++)
        {
            Next[a] = -1;
            HeldBackBy[a] = -1;
            Wanted[a] = -1;
            if (ag.Mode[a] == AgentMode.Absent) { _state[a] = Final; continue; }
            _state[a] = Undecided;
            _curAt[ag.Cur[a]] = a;
            _touched.Add(ag.Cur[a]);
        }
        for (int a = 0; a < n; a++)
            if (ag.Mode[a] == AgentMode.Fixed) Finalize(a, -1);
        bool ok = true;
        foreach (var (a, place) in forced)
        {
            if (_state[a] == Undecided)
            {
                _forcedPlace = place;
                Decide(a);
                _forcedPlace = -1;
            }
            if (Next[a] != place) { ok = false; break; }
        }
        if (ok)
            foreach (int a in order)
                if (_state[a] == Undecided) Decide(a);
        for (int a = 0; a < n; a++)
            if (_state[a] != Final) Finalize(a, -1); // not in the order given: it stays
        return ok;
    }

    private int _forcedPlace = -1;

    private void Decide(int root)
    {
        Push(root, pushed: false);
        while (_depth > 0)
        {
            int f = _depth - 1;
            int a = _fAgent[f];
            switch (_fPhase[f])
            {
                case Phase.NextCandidate:
                {
                    if (_fCandIdx[f] == _fCandCount[f])
                    {
                        Finalize(a, -1); // nothing works: it stays (the pusher sees that and tries its next move)
                        Pop();
                        continue;
                    }
                    int arc = _buf[_fCandStart[f] + _fCandIdx[f]++];
                    // The rules are asked again: what others decided since the candidates were listed may close a section.
                    if (arc >= 0 && Rules is not null && !Rules.MayMove(a, _agents.Cur[a], _g.OutTo[arc], _fPushed[f]))
                    {
                        NoteHeldBack(a, arc, -1, f);
                        continue;
                    }
                    if (!Valid(a, arc, out int by))
                    {
                        NoteHeldBack(a, arc, by, f);
                        continue;
                    }
                    SetTentative(a, arc);
                    _fArc[f] = arc;
                    CollectBlockers(f, a, arc);
                    _fPhase[f] = Phase.Blockers;
                    continue;
                }
                case Phase.Blockers:
                {
                    if (_fBlkIdx[f] == _fBlkCount[f])
                    {
                        Finalize(a, _fArc[f]);
                        int pull = _fPull[f], left = _agents.Cur[a];
                        Pop();
                        // The swap: the agent stepped back so that the one it met can come out; that one follows it now.
                        if (pull >= 0 && _fArc[f] >= 0 && _state[pull] == Undecided) Push(pull, pushed: false, follow: left);
                        continue;
                    }
                    int b = _buf[_fBlkStart[f] + _fBlkIdx[f]++];
                    if (_state[b] == Final)
                    {
                        if (Blocks(a, _fArc[f], b)) Retreat(f, a, b);
                        continue;
                    }
                    if (_state[b] == InStack || _agents.Mode[b] == AgentMode.Fixed)
                    {
                        Retreat(f, a, b);
                        continue;
                    }
                    _fPhase[f] = Phase.AwaitChild;
                    Push(b, pushed: true);
                    continue;
                }
                case Phase.AwaitChild:
                {
                    int b = _buf[_fBlkStart[f] + _fBlkIdx[f] - 1];
                    if (Blocks(a, _fArc[f], b)) Retreat(f, a, b);
                    else _fPhase[f] = Phase.Blockers;
                    continue;
                }
            }
        }
    }

    /// <summary>The candidate did not work out: back to the agent's next one. Blockers already moved stay moved (their moves are valid on their own).</summary>
    private void Retreat(int f, int a, int by)
    {
        int arc = _fArc[f];
        NoteHeldBack(a, arc, by, f);
        int to = arc < 0 ? _agents.Cur[a] : _g.OutTo[arc];
        if (_nextAt[to] == a) _nextAt[to] = -1;
        if (arc >= 0 && _movingOnEdge[_g.OutEdge[arc]] == a) _movingOnEdge[_g.OutEdge[arc]] = -1;
        Next[a] = -1;
        _bufTop = _fBlkStart[f]; // drop this candidate's blockers
        _fPhase[f] = Phase.NextCandidate;
    }

    private void NoteHeldBack(int a, int arc, int by, int frame)
    {
        // Only an agent's first choice explains its wait.
        if (_fCandIdx[frame] != 1 || Wanted[a] >= 0) return;
        Wanted[a] = arc < 0 ? _agents.Cur[a] : _g.OutTo[arc];
        HeldBackBy[a] = by;
    }

    private void Push(int a, bool pushed, int follow = -1)
    {
        if (_depth == _fAgent.Length)
        {
            int n = _depth * 2;
            Array.Resize(ref _fAgent, n); Array.Resize(ref _fCandStart, n); Array.Resize(ref _fCandCount, n); Array.Resize(ref _fCandIdx, n);
            Array.Resize(ref _fBlkStart, n); Array.Resize(ref _fBlkCount, n); Array.Resize(ref _fBlkIdx, n); Array.Resize(ref _fArc, n);
            Array.Resize(ref _fPhase, n);
            Array.Resize(ref _fPull, n);
            Array.Resize(ref _fPushed, n);
        }
        int f = _depth++;
        _state[a] = InStack;
        _fAgent[f] = a;
        _fPhase[f] = Phase.NextCandidate;
        _fArc[f] = -1;
        _fCandStart[f] = _bufTop;
        // A pulled agent (the swap) lists its moves like a pushed one: one with nothing to do would only list staying.
        _fCandCount[f] = _forcedPlace >= 0 && _depth == 1 ? Forced(a, _forcedPlace) : Candidates(a, pushed || follow >= 0);
        _fCandIdx[f] = 0;
        _fPushed[f] = pushed;
        _fPull[f] = pushed || follow >= 0 ? -1 : SwapPartner(a, _fCandStart[f], _fCandCount[f]);
        if (follow >= 0) PutFirst(_fCandStart[f], _fCandCount[f], a, follow);
        _bufTop += _fCandCount[f];
        _fBlkStart[f] = _fBlkCount[f] = _fBlkIdx[f] = 0;
    }

    /// <summary>Moves the candidate leading to <paramref name="place"/> to the front (a pulled agent follows the one that pulls it).</summary>
    private void PutFirst(int start, int count, int a, int place)
    {
        for (int i = 0; i < count; i++)
        {
            int arc = _buf[start + i];
            if (arc < 0 || _g.OutTo[arc] != place) continue;
            for (int k = i; k > 0; k--) _buf[start + k] = _buf[start + k - 1];
            _buf[start] = arc;
            return;
        }
    }

    /// <summary>
    /// The swap of "Engineering LaCAM*" (Okumura, 2024), on the graph's shape: when the agent's best
    /// move is onto a place whose occupant could only be pushed further into a dead end, and behind
    /// the agent there is a branch, the agent takes its moves in reverse order (it steps back) and
    /// pulls the occupant after it; at the branch the two pass each other. Returns the agent to
    /// pull (its candidates are reversed), or -1.
    /// </summary>
    private int SwapPartner(int a, int start, int count)
    {
        if (count < 2 || _agents.Mode[a] != AgentMode.Free || _agents.Dist[a] is null) return -1;
        int best = _buf[start];
        if (best < 0) return -1;
        int v = _agents.Cur[a], u = _g.OutTo[best];
        int j = _curAt[u];
        if (j < 0 || _state[j] != Undecided || _agents.Mode[j] == AgentMode.Fixed) return -1;
        if (!DeadEndBeyond(v, u) || DeadEndBeyond(u, v)) return -1;
        Array.Reverse(_buf, start, count);
        return j;
    }

    /// <summary>Whether, walking from <paramref name="from"/> through <paramref name="to"/> and on, the way ends before any branch.</summary>
    private bool DeadEndBeyond(int from, int to)
    {
        int prev = from, cur = to;
        for (int steps = 0; steps < 64; steps++)
        {
            int next = -1, others = 0;
            for (int arc = _g.OutStart[cur]; arc < _g.OutStart[cur + 1]; arc++)
            {
                int w = _g.OutTo[arc];
                if (w == prev) continue;
                others++;
                next = w;
            }
            if (others == 0) return true;
            if (others >= 2) return false;
            prev = cur;
            cur = next;
        }
        return false;
    }

    private void Pop()
    {
        _depth--;
        _bufTop = _fCandStart[_depth];
    }

    private void Reserve(int count)
    {
        if (_bufTop + count > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _bufTop + count));
    }

    /// <summary>The one candidate of an agent whose next place is forced: the arc to it, or staying.</summary>
    private int Forced(int a, int place)
    {
        Reserve(1);
        int u = _agents.Cur[a];
        if (place == u) { _buf[_bufTop] = -1; return 1; }
        int arc = _g.Arc(u, place);
        if (arc < 0 || !_g.Fits(arc, _agents.Width[a])) return 0;
        _buf[_bufTop] = arc;
        return 1;
    }

    /// <summary>Writes the agent's candidate moves (arcs; -1 = stay) into the buffer, best first; returns how many.</summary>
    private int Candidates(int a, bool pushed)
    {
        var ag = _agents;
        var g = _g;
        int u = ag.Cur[a];
        var dist = ag.Dist[a];
        bool hasGoal = dist is not null && dist[u] != DistanceTables.Unreachable;
        bool initiates = hasGoal && ag.Mode[a] == AgentMode.Free;
        int cls = ag.Class[a];
        _sort.Clear();
        uint salt = ag.Salt[a];
        long bestMove = long.MaxValue;
        if (initiates || pushed)
        {
            var placeBlocked = PlaceBlocked.Length > cls ? PlaceBlocked[cls] : null;
            var edgeBlocked = EdgeBlocked.Length > cls ? EdgeBlocked[cls] : null;
            for (int arc = g.OutStart[u]; arc < g.OutStart[u + 1]; arc++)
            {
                int v = g.OutTo[arc];
                if (!g.Fits(arc, ag.Width[a])) continue;
                if (placeBlocked is not null && placeBlocked[v]) continue;
                if (edgeBlocked is not null && edgeBlocked[g.OutEdge[arc]]) continue;
                int d = hasGoal ? dist![v] : 0;
                if (d == DistanceTables.Unreachable) continue; // never into a place the goal cannot be reached from
                // An agent with nothing to do is pushed out of the way, not deeper into a dead end: from there the
                // next one who needs that end would have to pull it out again (and pushed back, round it would go).
                long cost = (hasGoal ? d : DeadEndBeyond(u, v) ? 2 : 1) + (long)(Cost?.Extra(a, arc) ?? 0);
                bestMove = Math.Min(bestMove, cost);
                _sort.Add((Key(cost, _curAt[v] >= 0 ? 1 : 0, 1, salt, arc), arc));
            }
        }
        // Staying: first for an agent without a goal or not moving on its own; for one on its way, a step
        // lost after its best move (a turn it will have to make anyway is in that move's cost), and best at its goal.
        long stay = !initiates ? -1 : dist![u] == 0 ? 0 : bestMove == long.MaxValue ? dist[u] : bestMove + 1;
        _sort.Add((stay < 0 ? long.MinValue : Key(stay, 0, 0, salt, -1), -1));
        _sort.Sort((x, y) => x.Key.CompareTo(y.Key));
        Reserve(_sort.Count);
        for (int i = 0; i < _sort.Count; i++) _buf[_bufTop + i] = _sort[i].Arc;
        return _sort.Count;
    }

    /// <summary>
    /// Order of candidates: cost to the goal through the move first (distance from where it leads plus
    /// what the move costs beyond it, e.g. turning), then staying before a move that gains nothing more
    /// (no wandering to and fro while a way is closed), then a free place before an occupied one, then a
    /// fixed per-agent shuffle.
    /// </summary>
    private static long Key(long cost, int occupied, int moving, uint salt, int arc)
    {
        uint h = (uint)(arc + 2) * 2654435761u ^ salt;
        h ^= h >> 15;
        return (Math.Min(cost, (1L << 38) - 1) << 24) | ((long)occupied << 23) | ((long)moving << 22) | (h & 0x3FFFFF);
    }

    /// <summary>
    /// Whether agent <paramref name="a"/> may make <paramref name="arc"/> (or stay, -1) given what is decided:
    /// no final agent ends the step where it conflicts with what <paramref name="a"/> covers, no agent up
    /// its push chain still stands where it would drive, and it does not end the step in the way of an
    /// agent up the chain (they move after it).
    /// </summary>
    private bool Valid(int a, int arc, out int by)
    {
        var ag = _agents;
        var geo = _geo;
        float ra = ag.Radius[a];
        int u = ag.Cur[a];
        int v = arc < 0 ? u : _g.OutTo[arc];
        by = -1;
        int start, end;
        int[] items;
        float[] dists;
        if (arc < 0) { start = geo.NodeNodeStart[u]; end = geo.NodeNodeStart[u + 1]; items = geo.NodeNode; dists = geo.NodeNodeDist; }
        else { int e = _g.OutEdge[arc]; start = geo.EdgeNodeStart[e]; end = geo.EdgeNodeStart[e + 1]; items = geo.EdgeNode; dists = geo.EdgeNodeDist; }
        for (int k = start; k < end; k++)
        {
            int q = items[k];
            float d = dists[k];
            int f = _nextAt[q];
            if (f >= 0 && f != a && _state[f] == Final && d < ra + ag.Radius[f] && !KeepsApart(a, q, f, d)) { by = f; return false; }
            int c = _curAt[q];
            if (c >= 0 && c != a && _state[c] == InStack && d < ra + ag.Radius[c] && !KeepsApart(a, q, c, d)) { by = c; return false; }
        }
        // Where it ends the step must stay clear of the moves of agents up the chain (they drive after it).
        for (int k = geo.NodeEdgeStart[v]; k < geo.NodeEdgeStart[v + 1]; k++)
        {
            int c = _movingOnEdge[geo.NodeEdge[k]];
            if (c >= 0 && c != a && _state[c] == InStack && geo.NodeEdgeDist[k] < ra + ag.Radius[c] && !KeepsApart(c, v, a, geo.NodeEdgeDist[k])) { by = c; return false; }
        }
        return true;
    }

    /// <summary>Whether final agent <paramref name="b"/>, where it ends the step, conflicts with what <paramref name="a"/> covers on <paramref name="arc"/>.</summary>
    private bool Blocks(int a, int arc, int b)
    {
        int u = _agents.Cur[a];
        double d = _geo.OccupancyToNode(u, arc, Next[b]);
        return d < _agents.Radius[a] + _agents.Radius[b] && !KeepsApart(a, Next[b], b, d);
    }

    /// <summary>
    /// Whether a move (or stay) of <paramref name="a"/> from where it stands that comes <paramref name="d"/> near
    /// place <paramref name="q"/>, where <paramref name="other"/> stands now, keeps the two at least as far apart as
    /// they already are. Two AGVs that stand nearer than their radii (they joined like that: parked by hand) would
    /// otherwise have every move refused (each begins inside the other's circle), so between such a pair a move
    /// that does not bring them nearer is allowed; what the other does next is checked on its own. Two AGVs apart
    /// are never planned nearer than their radii: this allows nothing between them.
    /// </summary>
    private bool KeepsApart(int a, int q, int other, double d)
    {
        if (_agents.Cur[other] != q) return false;
        double now = _geo.NodeToNode(_agents.Cur[a], q);
        return now < _agents.Radius[a] + _agents.Radius[other] && d >= now - RoundingMm;
    }

    /// <summary>How far a listed distance (stored as a float) may fall below the same distance computed again.</summary>
    private const double RoundingMm = 0.01;

    private void SetTentative(int a, int arc)
    {
        int v = arc < 0 ? _agents.Cur[a] : _g.OutTo[arc];
        Next[a] = v;
        _nextAt[v] = a;
        _touched.Add(v);
        if (arc >= 0) _movingOnEdge[_g.OutEdge[arc]] = a;
    }

    /// <summary>The agents not yet decided that stand where <paramref name="a"/> would drive: each must move away first.</summary>
    private void CollectBlockers(int f, int a, int arc)
    {
        var ag = _agents;
        var geo = _geo;
        float ra = ag.Radius[a];
        int u = ag.Cur[a];
        _fBlkStart[f] = _bufTop;
        int count = 0;
        int start, end;
        int[] items;
        float[] dists;
        if (arc < 0) { start = geo.NodeNodeStart[u]; end = geo.NodeNodeStart[u + 1]; items = geo.NodeNode; dists = geo.NodeNodeDist; }
        else { int e = _g.OutEdge[arc]; start = geo.EdgeNodeStart[e]; end = geo.EdgeNodeStart[e + 1]; items = geo.EdgeNode; dists = geo.EdgeNodeDist; }
        Reserve(end - start);
        for (int k = start; k < end; k++)
        {
            int b = _curAt[items[k]];
            if (b < 0 || b == a || _state[b] != Undecided || dists[k] >= ra + ag.Radius[b] || KeepsApart(a, items[k], b, dists[k])) continue;
            _buf[_bufTop + count++] = b;
        }
        _bufTop += count;
        _fBlkCount[f] = count;
        _fBlkIdx[f] = 0;
    }

    private void Finalize(int a, int arc)
    {
        int v = arc < 0 ? _agents.Cur[a] : _g.OutTo[arc];
        _state[a] = Final;
        Next[a] = v;
        _nextAt[v] = a;
        _touched.Add(v);
        if (arc >= 0)
        {
            if (_movingOnEdge[_g.OutEdge[arc]] == a) _movingOnEdge[_g.OutEdge[arc]] = -1;
            Moves.Add((a, arc));
            Rules?.Moved(a, _agents.Cur[a], v);
        }
    }
}
