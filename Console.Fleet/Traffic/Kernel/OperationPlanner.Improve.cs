namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Large-neighbourhood search over the operations PIBT chose, after the idea of windowed PIBT
/// improved by LNS (Jiang, Zhang, Chen, Harabor, Stuckey, Li: "Scaling Lifelong Multi-Agent Path
/// Finding to More Realistic Settings", SoCS 2024, the League of Robot Runners 2023 winner; and
/// EPIBT + LNS in Yukhnevich and Andreychuk, 2025), written here from that idea: PIBT decides in
/// priority order, so an agent decided early takes a cell that would have let two later ones move;
/// the search takes an agent delayed by others (its chosen operation scores worse than its best
/// one), the agents in the way of its better operations and theirs, frees their reservations, and
/// plans them again one by one in a random order, each taking its best operation still free; the
/// new operations stay only if their summed score (estimated arrival, as PIBT ranks them) is lower.
/// Every accepted solution is as collision-free as PIBT's (each re-planned operation is checked
/// against all reservations, swaps included), and a rejected one is put back exactly, so this only
/// trades one valid plan for a better one. The random choices use a fixed seed: a step stays
/// deterministic given its inputs.
/// </summary>
internal sealed partial class OperationPlanner
{
    /// <summary>Neighbourhoods tried per planning step (0: PIBT's operations as they are).</summary>
    public int ImproveRounds { get; set; }

    /// <summary>Agents planned again together in one neighbourhood.</summary>
    public int NeighbourhoodSize { get; set; } = 8;

    private readonly Random _rng = new(2023);
    private readonly List<int> _delayed = [], _hood = [];
    private int[] _oldOp = [];
    private bool[] _inHood = [];
    private long[] _bestScore = [];

    /// <summary>How PIBT ranks the agent's simulated operation, as one figure: estimated arrival first, then continuing the operation begun.</summary>
    private long Score(int a, int op)
    {
        int w = _window, b = a * (w + 1);
        var dist = Dist[a];
        if (dist is null)
        {
            int moves = 0;
            for (int k = 0; k < w; k++) if (_ops[op][k] != Wait) moves++;
            return moves;
        }
        long score = Arrival(a, dist) * 2;
        if (_prevOp[a] < 0 || !Continues(_ops[_prevOp[a]], _ops[op])) score++;
        // A restless agent (see Restless) that stays where it is: as in Candidates, ranked after every moving operation.
        if (_still[a] >= Restless && _plan[b + w] == _plan[b]) score += 1L << 40;
        return score;
    }

    private void Improve()
    {
        int n = Count;
        if (ImproveRounds <= 0 || n == 0) return;
        if (_oldOp.Length < n) { _oldOp = new int[Cell.Length]; _inHood = new bool[Cell.Length]; _bestScore = new long[Cell.Length]; }
        _delayed.Clear();
        for (int a = 0; a < n; a++)
        {
            if (Dist[a] is null) continue;
            long best = long.MaxValue;
            for (int op = 0; op < _ops.Length; op++)
                if (Simulate(a, op)) best = Math.Min(best, Score(a, op));
            Simulate(a, Op[a]);
            _bestScore[a] = best;
            if (Score(a, Op[a]) > best) _delayed.Add(a);
        }
        for (int round = 0; round < ImproveRounds && _delayed.Count > 0; round++)
        {
            int a = _delayed[_rng.Next(_delayed.Count)];
            Simulate(a, Op[a]);
            if (Score(a, Op[a]) <= _bestScore[a]) continue;
            Gather(a);
            TryReplan();
            foreach (int x in _hood) _inHood[x] = false;
        }
    }

    /// <summary>The agent and, breadth first, the agents whose reservations stand in the way of operations better than their own.</summary>
    private void Gather(int a)
    {
        _hood.Clear();
        _hood.Add(a);
        _inHood[a] = true;
        int w = _window;
        for (int i = 0; i < _hood.Count && _hood.Count < NeighbourhoodSize; i++)
        {
            int x = _hood[i];
            Simulate(x, Op[x]);
            long current = Score(x, Op[x]);
            for (int op = 0; op < _ops.Length && _hood.Count < NeighbourhoodSize; op++)
            {
                if (op == Op[x] || !Simulate(x, op) || Score(x, op) >= current) continue;
                int b = x * (w + 1);
                for (int k = 1; k <= w && _hood.Count < NeighbourhoodSize; k++)
                {
                    Add(Reserved(k, _plan[b + k]));
                    // The one that would swap with it: in its next cell now and in its cell next.
                    int prev = _plan[b + k - 1];
                    if (prev != _plan[b + k] && Reserved(k, prev) is var o and >= 0 && _plan[o * (w + 1) + k - 1] == _plan[b + k]) Add(o);
                }
            }
            Simulate(x, Op[x]);
        }

        void Add(int b)
        {
            if (b < 0 || _inHood[b] || _hood.Count >= NeighbourhoodSize) return;
            _inHood[b] = true;
            _hood.Add(b);
            Simulate(b, Op[b]); // others' plans are read for swaps: keep each at its reserved operation
        }
    }

    /// <summary>Frees the neighbourhood, plans it again in a random order, and keeps the result only if its summed score is lower.</summary>
    private void TryReplan()
    {
        long before = 0;
        foreach (int x in _hood)
        {
            Simulate(x, Op[x]);
            before += Score(x, Op[x]);
            Unreserve(x);
            _oldOp[x] = Op[x];
        }
        for (int i = _hood.Count - 1; i > 0; i--)
        {
            int j = _rng.Next(i + 1);
            (_hood[i], _hood[j]) = (_hood[j], _hood[i]);
        }
        long after = 0;
        int placed = 0;
        var buf = _candBuf[0];
        foreach (int x in _hood)
        {
            int count = 0;
            for (int op = 0; op < _ops.Length; op++)
                if (Simulate(x, op)) buf[count++] = (Score(x, op), op);
            Array.Sort(buf, 0, count, CostComparer.Instance);
            int chosen = -1;
            for (int i = 0; i < count && after + buf[i].Cost < before; i++)
                if (Simulate(x, buf[i].Op) && Valid(x)) { chosen = i; break; }
            if (chosen < 0) break;
            Reserve(x);
            Op[x] = buf[chosen].Op;
            after += buf[chosen].Cost;
            placed++;
        }
        if (placed == _hood.Count && after < before) return;
        for (int i = 0; i < placed; i++)
        {
            int x = _hood[i];
            Simulate(x, Op[x]);
            Unreserve(x);
        }
        foreach (int x in _hood)
        {
            Op[x] = _oldOp[x];
            Simulate(x, Op[x]);
            Reserve(x);
        }
    }
}
