namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// PIBT (K. Okumura, M. Machida, X. Défago, Y. Tamura, "Priority Inheritance with Backtracking for
/// Iterative Multi-agent Path Finding", Artificial Intelligence 310, 2022) on cells, for the turning
/// model (<see cref="ITurningPlanner"/>): every timestep each agent, in priority order, takes the
/// free neighbouring cell (or its own) that brings it soonest to its goal, turns counted; an agent
/// in the way is planned next with the pusher's priority (inheritance) and, when it cannot move,
/// the pusher tries its next cell (backtracking). The plan is then executed with turns: an agent
/// planned into a cell it does not face turns toward it and stays; an agent planned into the cell
/// of one that stays waits, and so on along the chain. Rotations are always safe, so the
/// executed step is as collision-free as the plan.
///
/// Why this and not only <see cref="OperationPlanner"/>: operations of a few actions cannot express
/// a push chain whose agents need more turns than the window holds, and a dense crowd then freezes
/// for good (MR23-I-07 and I-08 in bench/README.md). Here a push is planned on cells, so a chain of
/// any length is found in one step, and its agents turn toward their planned cells while they wait:
/// as long as the same chain is planned again (an agent's cost counts its turns, so the cell it
/// already turned toward stays its cheapest) it moves within two timesteps.
///
/// The guarantee, and where it stops: PIBT brings the agent of highest priority to its goal on
/// graphs where every two adjacent cells lie on a simple cycle, and priorities that grow with the
/// time an agent's task is open make every agent the highest in turn (Okumura et al., Theorem 2 and
/// its lifelong corollary). The turning execution keeps every step collision-free but delays the
/// top agent's chain by up to two timesteps per replanned push, and a replan may choose another
/// chain; so on this model the progress of the top agent is measured (bench/README.md: no stuck
/// agent on MR23-I-03 to I-08, nor on the I-10 warehouse with guidance that keeps long trips off its
/// open floor), not proven. Dead ends
/// break PIBT's condition on any model; <see cref="Trapped"/> handles the simplest kind.
/// </summary>
internal sealed class RotationPibt : ITurningPlanner
{
    private readonly int _cells;
    private readonly int[] _neighbour; // cell * 4 + heading -> cell ahead, or -1

    public int Count { get; private set; }
    public int[] Cell = [], Heading = [];
    public int[]?[] Dist = [];
    public double[] Priority = [];
    public int DistScale { get; set; } = 1;

    private int[] _next = [], _action = [], _want = [], _order = [];
    private double[] _keys = [];
    private readonly int[] _curAt, _nextAt, _enter; // cell -> agent, or -1

    public RotationPibt(int cells, int[] neighbour)
    {
        _cells = cells;
        _neighbour = neighbour;
        _curAt = new int[cells];
        _nextAt = new int[cells];
        _enter = new int[cells];
        Array.Fill(_curAt, -1);
        Array.Fill(_nextAt, -1);
        Array.Fill(_enter, -1);
    }

    int[] ITurningPlanner.Cells => Cell;
    int[] ITurningPlanner.Headings => Heading;
    int[]?[] ITurningPlanner.Distances => Dist;
    double[] ITurningPlanner.Priorities => Priority;

    public int Add(int cell, int heading)
    {
        if (Count == Cell.Length)
        {
            int n = Math.Max(16, Count * 2);
            Array.Resize(ref Cell, n); Array.Resize(ref Heading, n); Array.Resize(ref Dist, n); Array.Resize(ref Priority, n);
            Array.Resize(ref _next, n); Array.Resize(ref _action, n); Array.Resize(ref _want, n);
            Array.Resize(ref _order, n); Array.Resize(ref _keys, n);
        }
        int a = Count++;
        Cell[a] = cell;
        Heading[a] = heading;
        return a;
    }

    /// <summary>The cell the agent is planned into this timestep (its own when it stays), after <see cref="Plan"/>.</summary>
    public int Next(int a) => _next[a];

    public void Plan()
    {
        int n = Count;
        for (int a = 0; a < n; a++)
        {
            _curAt[Cell[a]] = a;
            _next[a] = -1;
            _want[a] = -1;
            _order[a] = a;
            _keys[a] = -Priority[a];
        }
        Array.Sort(_keys, _order, 0, n);
        for (int i = 0; i < n; i++)
            if (_next[_order[i]] < 0) Push(_order[i], -1);
        Turn(n);
        for (int a = 0; a < n; a++)
        {
            _curAt[Cell[a]] = -1;
            _nextAt[_next[a]] = -1;
            _enter[_next[a]] = -1;
        }
    }

    public int Execute(int a)
    {
        int action = _action[a];
        switch (action)
        {
            case TurningActions.Forward: Cell[a] = _neighbour[Cell[a] * 4 + Heading[a]]; break;
            case TurningActions.Right: Heading[a] = (Heading[a] + 1) & 3; break;
            case TurningActions.Left: Heading[a] = (Heading[a] + 3) & 3; break;
        }
        return action;
    }

    /// <summary>PIBT's step for one agent: false when every cell it could take is refused (it then stays, and its pusher tries another cell).</summary>
    private bool Push(int a, int pusher)
    {
        Span<long> keys = stackalloc long[5];
        Span<int> cand = stackalloc int[5];
        int count = Candidates(a, pusher >= 0, keys, cand);
        if (_want[a] < 0) _want[a] = cand[0];
        // The agent in the way is trapped in a dead end and wants out past this one: it goes first.
        int first = _curAt[cand[0]];
        if (first >= 0 && first != a && _next[first] < 0 && _nextAt[Cell[a]] < 0 && CanBackOff(a, cand[0]) && Trapped(first, Cell[a]) && WantsOut(first, Cell[a]))
        {
            Push(first, -1);
            if (_next[a] >= 0) return _next[a] != Cell[a];
        }
        for (int i = 0; i < count; i++)
        {
            int v = cand[i];
            if (_nextAt[v] >= 0) continue;
            if (pusher >= 0 && v == Cell[pusher]) continue; // no swap with the pusher
            _nextAt[v] = a;
            _next[a] = v;
            int c = _curAt[v];
            if (c >= 0 && c != a && _next[c] < 0 && !Push(c, a)) continue;
            return true;
        }
        _nextAt[Cell[a]] = a;
        _next[a] = Cell[a];
        return false;
    }

    /// <summary>The agent's own cell and its neighbours, soonest at the goal first (turns counted), then fewer turns.</summary>
    /// <summary>
    /// Timesteps added to a pushed agent's cost for a cell someone stands on: it makes way into free
    /// cells first, so push chains stay short (every agent in a chain may have to turn before it moves).
    /// PIBT leaves a pushed agent's order free, so the guarantee for the top agent is untouched.
    /// </summary>
    public int OccupiedPenalty { get; set; } = 4;

    private int Candidates(int a, bool pushed, Span<long> keys, Span<int> cand)
    {
        int u = Cell[a], h = Heading[a], count = 0, scale = DistScale;
        var dist = Dist[a];
        long stay = dist is null ? 0
            : scale + Math.Min(Estimate(dist, u, h), scale + Math.Min(Estimate(dist, u, (h + 1) & 3), Estimate(dist, u, (h + 3) & 3)));
        Add(keys, cand, ref count, (stay << 8) | 3, u);
        for (int d = 0; d < 4; d++)
        {
            int v = _neighbour[u * 4 + d];
            if (v < 0) continue;
            int turns = Turns(h, d);
            long cost = dist is null ? 1 + turns : (turns + 1L) * scale + Estimate(dist, v, d);
            if (pushed && _curAt[v] >= 0) cost += (long)OccupiedPenalty * scale;
            Add(keys, cand, ref count, (cost << 8) | ((long)turns << 2) | 0, v);
        }
        return count;

        static void Add(Span<long> keys, Span<int> cand, ref int count, long key, int cell)
        {
            int i = count++;
            while (i > 0 && keys[i - 1] > key) { keys[i] = keys[i - 1]; cand[i] = cand[i - 1]; i--; }
            keys[i] = key;
            cand[i] = cell;
        }
    }

    /// <summary>
    /// Whether the agent can leave its cell only through <paramref name="from"/>: the way on from it,
    /// away from <paramref name="from"/>, is a corridor that ends in a dead end. PIBT forbids swaps, so
    /// such an agent cannot make way for one that wants into the dead end; PIBT's guarantee assumes
    /// there is none (every two adjacent cells on a cycle). The way out is what the LaCAM* swap
    /// (K. Okumura, "Engineering LaCAM*", AAMAS 2024) does in its own form: the trapped agent is
    /// planned first and pushes the other back until they reach a branch where they can pass.
    /// </summary>
    private bool Trapped(int c, int from)
    {
        int prev = from, cur = Cell[c];
        for (int guard = 0; guard < _cells; guard++)
        {
            int exits = 0, next = -1;
            for (int d = 0; d < 4; d++)
            {
                int v = _neighbour[cur * 4 + d];
                if (v < 0 || v == prev) continue;
                exits++;
                next = v;
            }
            if (exits == 0) return true;
            if (exits >= 2) return false;
            prev = cur;
            cur = next;
        }
        return false;
    }

    /// <summary>Whether the agent's goal is nearer from <paramref name="cell"/> than from where it stands (a goalless agent is content deeper in).</summary>
    private bool WantsOut(int c, int cell)
    {
        var dist = Dist[c];
        if (dist is null) return false;
        return Nearest(dist, cell) < Nearest(dist, Cell[c]);
    }

    /// <summary>Whether the agent has a free cell to back off to other than <paramref name="toward"/> (unplanned, or planned and left).</summary>
    private bool CanBackOff(int a, int toward)
    {
        for (int d = 0; d < 4; d++)
        {
            int v = _neighbour[Cell[a] * 4 + d];
            if (v >= 0 && v != toward && _nextAt[v] < 0) return true;
        }
        return false;
    }

    private long Nearest(int[] dist, int cell)
    {
        long best = long.MaxValue;
        for (int h = 0; h < 4; h++) best = Math.Min(best, Estimate(dist, cell, h));
        return best;
    }

    private long Estimate(int[] dist, int cell, int head) => HeadingDistances.Estimate(dist, _cells, _neighbour, cell, head);

    private static int Turns(int from, int to) { int t = (to - from + 4) & 3; return t == 2 ? 2 : t == 0 ? 0 : 1; }

    /// <summary>
    /// Turns the plan into actions: forward where the agent faces its planned cell; else a turn toward
    /// it (or toward the cell it wanted, when it stays) and no move; then whoever was planned into the
    /// cell of an agent that does not leave it waits, along the chain.
    /// </summary>
    private void Turn(int n)
    {
        for (int a = 0; a < n; a++)
        {
            int target = _next[a] != Cell[a] ? _next[a] : _want[a];
            int dir = DirectionTo(a, target);
            if (dir < 0 || dir == Heading[a])
            {
                _action[a] = _next[a] != Cell[a] ? TurningActions.Forward : TurningActions.Wait;
                if (_action[a] == TurningActions.Forward) _enter[_next[a]] = a;
                continue;
            }
            _action[a] = ((dir - Heading[a] + 4) & 3) == 3 ? TurningActions.Left : TurningActions.Right;
        }
        for (int a = 0; a < n; a++)
        {
            if (_action[a] == TurningActions.Forward) continue;
            int b = _enter[Cell[a]];
            while (b >= 0 && _action[b] == TurningActions.Forward)
            {
                _action[b] = TurningActions.Wait;
                b = _enter[Cell[b]];
            }
        }
    }

    private int DirectionTo(int a, int target)
    {
        if (target < 0 || target == Cell[a]) return -1;
        for (int d = 0; d < 4; d++)
            if (_neighbour[Cell[a] * 4 + d] == target) return d;
        return -1;
    }
}
