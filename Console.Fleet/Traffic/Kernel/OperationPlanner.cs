namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// PIBT over multi-action operations, for a synchronous action model where a vehicle faces one of
/// four directions and turning a quarter is an action of its own (the League of Robot Runners'
/// MAPF_T: move forward, turn left, turn right, wait; one action per timestep). Single-step PIBT
/// is short-sighted there: a vehicle pushed sideways must first turn, so the push fails or costs
/// its pusher a timestep. Here each agent chooses an operation, a sequence of <see cref="Window"/>
/// actions (e.g. turn, forward, forward), by the estimated time to its goal after it; operations
/// are reserved cell by cell and timestep by timestep; an agent not yet planned is taken to stand
/// still, and an operation that runs into it plans it first (priority inheritance), trying its
/// operations in turn and falling back to waiting (backtracking) — the idea of EPIBT (Yukhnevich
/// and Andreychuk, 2025), written here from that idea. Only the first action of every operation is
/// executed; the next timestep plans again, preferring to continue the operation begun.
/// Agents without a goal are content anywhere and are planned only when in someone's way.
/// Additions found on the League of Robot Runners instances (bench/README.md): distances may be
/// exact over (cell, heading) (<see cref="StateDistances"/>) or any table of costs over (cell,
/// heading) in <see cref="DistScale"/> units per timestep (the harness's flow guidance); the search
/// is bounded per agent decided in priority order (<see cref="BudgetPerRoot"/>) and per step
/// (<see cref="BudgetPerAgent"/>); and an agent that has not moved
/// forward for <see cref="Restless"/> timesteps ranks moving operations first. Without the latter a
/// dense crowd freezes for good: when every push chain needs more turns than the window holds,
/// every agent prefers waiting to moving away from its goal, and nobody ever moves again (seen on
/// MR23-I-05 at 400 agents from timestep 400 on). This breaks PIBT's rule that only pushed agents
/// leave their best move, so it is a heuristic against jams, not a guarantee.
/// </summary>
internal sealed partial class OperationPlanner : ITurningPlanner
{
    public const int Forward = 0, Right = 1, Left = 2, Wait = 3;
    private const byte Undecided = 0, InStack = 1, Final = 2;

    private readonly int _cells, _window;
    private readonly int[] _neighbour; // cell * 4 + heading -> cell ahead, or -1
    private readonly int[][] _ops;     // action sequences
    public int Window => _window;
    public int MaxDepth { get; set; } = 256;

    // Agents
    public int Count { get; private set; }
    public int[] Cell = [], Heading = [];
    public int[]?[] Dist = [];
    public double[] Priority = [];
    /// <summary>The operation chosen last time per agent (its actions), to continue it.</summary>
    private int[] _prevOp = [];
    /// <summary>Timesteps since the agent last moved forward.</summary>
    private int[] _still = [];
    /// <summary>After this many timesteps without moving forward an agent ranks operations that move first, even away from its goal (it dissolves a jam instead of waiting in it).</summary>
    public int Restless { get; set; } = 8;
    public int[] Op = [];
    private byte[] _state = [];
    private int[] _plan = []; // agent * (window + 1) + k -> cell at offset k
    private int[] _headAt = [];

    private readonly int[] _curAt;
    private readonly int[] _res, _resStamp; // (k - 1) * cells + cell
    private int _stamp;
    private int[] _order = [];
    private double[] _keys = [];
    private readonly (long Cost, int Op)[][] _candBuf;

    public OperationPlanner(int cells, int[] neighbour, int window = 3)
    {
        _cells = cells;
        _window = window;
        _neighbour = neighbour;
        _curAt = new int[cells];
        Array.Fill(_curAt, -1);
        _res = new int[window * cells];
        _resStamp = new int[window * cells];
        var ops = new List<int[]>();
        int total = 1;
        for (int i = 0; i < window; i++) total *= 4;
        for (int code = 0; code < total; code++)
        {
            var seq = new int[window];
            int x = code;
            for (int i = 0; i < window; i++) { seq[i] = x % 4; x /= 4; }
            bool useless = false;
            for (int i = 1; i < window; i++)
                if ((seq[i - 1] == Right && seq[i] == Left) || (seq[i - 1] == Left && seq[i] == Right)) useless = true;
            if (!useless) ops.Add(seq);
        }
        _ops = ops.ToArray();
        _candBuf = new (long Cost, int Op)[64][];
        for (int i = 0; i < _candBuf.Length; i++) _candBuf[i] = new (long Cost, int Op)[_ops.Length];
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
            Array.Resize(ref _prevOp, n); Array.Resize(ref _still, n); Array.Resize(ref Op, n); Array.Resize(ref _state, n);
            Array.Resize(ref _plan, n * (_window + 1)); Array.Resize(ref _headAt, n * (_window + 1));
            Array.Resize(ref _order, n); Array.Resize(ref _keys, n);
        }
        int a = Count++;
        Cell[a] = cell;
        Heading[a] = heading;
        _prevOp[a] = -1;
        return a;
    }

    /// <summary>Plans every agent's operation for the next <see cref="Window"/> timesteps; <see cref="Op"/> holds the chosen ones.</summary>
    public void Plan()
    {
        int n = Count;
        _stamp++;
        for (int a = 0; a < n; a++)
        {
            _curAt[Cell[a]] = a;
            _state[a] = Undecided;
            _order[a] = a;
            _keys[a] = -Priority[a];
        }
        Array.Sort(_keys, _order, 0, n);
        _journal.Clear();
        long stepLeft = (long)BudgetPerAgent * n;
        for (int i = 0; i < n; i++)
        {
            if (_state[_order[i]] != Undecided) continue;
            _budget = Math.Max(1, Math.Min(BudgetPerRoot, stepLeft));
            long before = _budget;
            Decide(_order[i], 0);
            stepLeft -= before - _budget;
        }
        Improve();
        for (int a = 0; a < n; a++)
        {
            _curAt[Cell[a]] = -1;
            _prevOp[a] = Op[a];
        }
    }

    /// <summary>The cell the agent's chosen operation has it in <paramref name="k"/> timesteps (0 ≤ k ≤ <see cref="Window"/>), after <see cref="Plan"/>.</summary>
    public int PlannedCell(int a, int k) => _plan[a * (_window + 1) + k];

    /// <summary>The first action of the agent's operation; applies it to the agent's cell and heading.</summary>
    public int Execute(int a)
    {
        int action = _ops[Op[a]][0];
        if (action != Forward) _still[a]++;
        switch (action)
        {
            case Forward: Cell[a] = _neighbour[Cell[a] * 4 + Heading[a]]; _still[a] = 0; break;
            case Right: Heading[a] = (Heading[a] + 1) & 3; break;
            case Left: Heading[a] = (Heading[a] + 3) & 3; break;
        }
        return action;
    }

    /// <summary>
    /// Agent decisions allowed for each agent decided in priority order (with all the pushes it
    /// starts) before failed pushes become waits: bounds the search per step. Per root, not per step,
    /// so that the first agents of a dense crowd cannot use it all and leave everyone after them
    /// unable to push (that halved the errands on MR23-I-05).
    /// </summary>
    public int BudgetPerRoot { get; set; } = 256;

    /// <summary>Agent decisions allowed per planning step, per agent (bounds the time of a step in a dense crowd; once used up, every agent still to decide gets one decision).</summary>
    public int BudgetPerAgent { get; set; } = 32;
    private long _budget;
    /// <summary>Units of the distance tables per timestep (1: tables count timesteps; more for tables of costs, e.g. with guidance).</summary>
    public int DistScale { get; set; } = 1;
    private readonly List<int> _journal = [];

    private bool _tracing;

    private bool Decide(int a, int depth)
    {
        if (depth == 0) _tracing = a == TraceAgent;
        _budget--;
        _state[a] = InStack;
        var buf = depth < _candBuf.Length ? _candBuf[depth] : new (long Cost, int Op)[_ops.Length];
        int count = Candidates(a, buf);
        int w = _window;
        int baseIdx = a * (w + 1);
        for (int i = 0; i < count; i++)
        {
            int op = buf[i].Op;
            if (!Simulate(a, op) || !Valid(a))
            {
                if (Trace is not null && _tracing && depth < 4) Trace($"{new string(' ', depth * 2)}[{a}@{_plan[a * (_window + 1)]}h{Heading[a]}] op {string.Concat(_ops[op].Select(x => "FRCW"[x]))}: invalid ({Why(a)})");
                continue;
            }
            Reserve(a);
            int mark = _journal.Count;
            bool ok = true;
            for (int k = 1; k <= w && ok; k++)
            {
                int b = _curAt[_plan[baseIdx + k]];
                if (b < 0 || b == a || _state[b] != Undecided) continue;
                if (depth >= MaxDepth || _budget <= 0) { ok = false; break; }
                if (!Decide(b, depth + 1) && _state[b] == Undecided) ok = false;
            }
            // Whatever was decided meanwhile must leave this operation free.
            if (ok) ok = Valid(a);
            if (ok)
            {
                Op[a] = op;
                _state[a] = Final;
                _journal.Add(a);
                if (Trace is not null && (a == TraceAgent || depth > 0 && depth < 3)) Trace($"{new string(' ', depth * 2)}agent {a} at {_plan[a * (w + 1)]} h{Heading[a]} chose {string.Concat(_ops[op].Select(x => "FRCW"[x]))}");
                return true;
            }
            if (Trace is not null && _tracing && depth < 4) Trace($"{new string(' ', depth * 2)}[{a}] op {string.Concat(_ops[op].Select(x => "FRCW"[x]))}: pushes failed");
            // Undo what this attempt decided: the next operation starts from the same situation.
            while (_journal.Count > mark)
            {
                int d = _journal[^1];
                _journal.RemoveAt(_journal.Count - 1);
                Simulate(d, Op[d]);
                Unreserve(d);
                _state[d] = Undecided;
            }
            Simulate(a, op);
            Unreserve(a);
        }
        // Nothing works. A pushed agent is left undecided, so that its pusher's next operation may ask
        // it again with other constraints (EPIBT's revisiting); while the step's budget lasts.
        if (depth > 0 && _budget > 0)
        {
            _state[a] = Undecided;
            return false;
        }
        // At the root, or out of budget: it waits (a pusher sees the conflict and tries its next operation).
        int waitOp = WaitOp();
        Simulate(a, waitOp);
        Reserve(a);
        Op[a] = waitOp;
        _state[a] = Final;
        _journal.Add(a);
        return false;
    }

    public int TraceAgent = -1;
    public Action<string>? Trace;

    private string Why(int a)
    {
        int w = _window, b = a * (w + 1);
        for (int k = 1; k <= w; k++)
        {
            int cell = _plan[b + k];
            int r = Reserved(k, cell);
            if (r >= 0 && r != a) return $"k={k} cell {cell} reserved by {r}";
            if (k == 1 && _curAt[cell] is var c and >= 0 && c != a && _state[c] == InStack) return $"k=1 ancestor {c}";
            int prev = _plan[b + k - 1];
            if (SwapPartner(a, k) is var o and >= 0) return $"k={k} swap with {o}";
        }
        return "?";
    }

    private int _waitOp = -1;
    private int WaitOp()
    {
        if (_waitOp >= 0) return _waitOp;
        for (int i = 0; i < _ops.Length; i++)
            if (_ops[i].All(x => x == Wait)) return _waitOp = i;
        throw new InvalidOperationException("no waiting operation");
    }

    /// <summary>Fills the agent's plan cells and headings for the operation; false if it drives into a wall.</summary>
    private bool Simulate(int a, int op)
    {
        int w = _window, b = a * (w + 1);
        int cell = Cell[a], head = Heading[a];
        _plan[b] = cell;
        _headAt[b] = head;
        var seq = _ops[op];
        for (int k = 1; k <= w; k++)
        {
            switch (seq[k - 1])
            {
                case Forward:
                    cell = _neighbour[cell * 4 + head];
                    if (cell < 0) return false;
                    break;
                case Right: head = (head + 1) & 3; break;
                case Left: head = (head + 3) & 3; break;
            }
            _plan[b + k] = cell;
            _headAt[b + k] = head;
        }
        return true;
    }

    /// <summary>Checks the agent's simulated plan against every reservation: no cell shared at a timestep, no swap.</summary>
    private bool Valid(int a)
    {
        int w = _window, b = a * (w + 1);
        for (int k = 1; k <= w; k++)
        {
            int cell = _plan[b + k];
            int r = Reserved(k, cell);
            if (r >= 0 && r != a) return false;
            if (SwapPartner(a, k) >= 0) return false;
        }
        return true;
    }

    /// <summary>The agent with a reservation that swaps cells with the agent's simulated plan between offsets k − 1 and k (it holds the cell the agent leaves and stood in the one it enters), or -1.</summary>
    private int SwapPartner(int a, int k)
    {
        int w = _window, b = a * (w + 1), prev = _plan[b + k - 1], cell = _plan[b + k];
        if (prev == cell) return -1;
        int o = Reserved(k, prev);
        return o >= 0 && o != a && _plan[o * (w + 1) + k - 1] == cell ? o : -1;
    }

    private int Reserved(int k, int cell)
    {
        int i = (k - 1) * _cells + cell;
        return _resStamp[i] == _stamp ? _res[i] : -1;
    }

    private void Reserve(int a)
    {
        int w = _window, b = a * (w + 1);
        for (int k = 1; k <= w; k++)
        {
            int i = (k - 1) * _cells + _plan[b + k];
            _res[i] = a;
            _resStamp[i] = _stamp;
        }
    }

    private void Unreserve(int a)
    {
        int w = _window, b = a * (w + 1);
        for (int k = 1; k <= w; k++)
        {
            int i = (k - 1) * _cells + _plan[b + k];
            if (_resStamp[i] == _stamp && _res[i] == a) _resStamp[i] = 0;
        }
    }

    /// <summary>The agent's operations that stay on the map, best first: soonest estimated arrival, then the one it began, then fewest pushes.</summary>
    private int Candidates(int a, (long Cost, int Op)[] buf)
    {
        var dist = Dist[a];
        int count = 0, w = _window;
        for (int op = 0; op < _ops.Length; op++)
        {
            if (!Simulate(a, op)) continue;
            long cost;
            int b = a * (w + 1);
            if (dist is null)
            {
                // No goal: stay if left alone; when pushed, any way out, forward first.
                cost = Moves(op);
            }
            else
            {
                // Estimated timesteps to the goal after the operation (the timestep it is reached, if it is);
                // among equals the operation begun last time (at 400 agents on 819 cells, ranking early
                // progress above it froze the crowd: bench/README.md), then fewer cells now taken by
                // others (fewer pushes), then forward first (the operations' order).
                long primary = Math.Min(Arrival(a, dist), 1 << 19);
                int occupied = 0;
                for (int k = 1; k <= w; k++)
                {
                    int cell = _plan[b + k];
                    if (AtGoal(dist, cell)) break;
                    if (_curAt[cell] is var o and >= 0 && o != a) occupied++;
                }
                bool continues = ContinuesPrevious(a, op);
                cost = (primary << 40) | (continues ? 0L : 1L << 39) | ((long)occupied << 12) | (uint)(op & 0xFF);
                if (RestlessAndStaying(a)) cost |= 1L << 60;
            }
            buf[count++] = (cost, op);
        }
        Array.Sort(buf, 0, count, CostComparer.Instance);
        return count;
    }

    /// <summary>The estimated arrival (in <see cref="DistScale"/> units) after the agent's simulated operation: the timestep it reaches its goal within it, else the operation's length plus the estimate from where it ends.</summary>
    private long Arrival(int a, int[] dist)
    {
        int w = _window, b = a * (w + 1);
        for (int k = 1; k <= w; k++)
            if (AtGoal(dist, _plan[b + k])) return k * DistScale;
        return w * DistScale + Estimate(dist, _plan[b + w], _headAt[b + w]);
    }

    /// <summary>Actions of the operation that are not waits.</summary>
    private int Moves(int op)
    {
        int moves = 0;
        foreach (int action in _ops[op]) if (action != Wait) moves++;
        return moves;
    }

    /// <summary>Whether the agent is restless (see <see cref="Restless"/>) and its simulated operation ends where it stands.</summary>
    private bool RestlessAndStaying(int a)
    {
        int w = _window, b = a * (w + 1);
        return _still[a] >= Restless && _plan[b + w] == _plan[b];
    }

    /// <summary>Whether the operation continues the one begun last time (its actions after the first).</summary>
    private bool ContinuesPrevious(int a, int op) => _prevOp[a] >= 0 && Continues(_ops[_prevOp[a]], _ops[op]);

    private static bool Continues(int[] prev, int[] next)
    {
        for (int k = 1; k < prev.Length; k++) if (prev[k] != next[k - 1]) return false;
        return true;
    }

    /// <summary>Timesteps to the goal from a cell and heading: the cell's distance plus the turns before its first step toward the goal.</summary>
    private long Estimate(int[] dist, int cell, int head) => HeadingDistances.Estimate(dist, _cells, _neighbour, cell, head);

    private bool AtGoal(int[] dist, int cell) => dist[dist.Length == _cells ? cell : cell * 4] == 0;

    /// <summary>
    /// Exact timesteps from every (cell, heading) to <paramref name="goal"/> in any heading, turns
    /// included (a backward breadth-first search over the states): a way with fewer corners is
    /// shorter, which cell distances cannot tell. Indexed <c>cell * 4 + heading</c>; such a table
    /// may be put in <see cref="Dist"/> instead of a per-cell one.
    /// </summary>
    public int[] StateDistances(int goal) => HeadingDistances.To(goal, _cells, _neighbour);

    private sealed class CostComparer : IComparer<(long Cost, int Op)>
    {
        public static readonly CostComparer Instance = new();
        public int Compare((long Cost, int Op) x, (long Cost, int Op) y) => x.Cost.CompareTo(y.Cost);
    }
}
