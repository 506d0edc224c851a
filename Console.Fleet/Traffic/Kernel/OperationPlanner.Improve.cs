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
/// trades one valid plan for a better one. The random choices start from the same seed every step,
/// so a step depends on its inputs only.
/// </summary>
internal sealed partial class OperationPlanner
{
    /// <summary>Neighbourhoods tried per call of <see cref="Plan"/> (0: PIBT's operations as they are).</summary>
    public int ImproveRounds { get; set; }

    /// <summary>Agents planned again together in one neighbourhood.</summary>
    public int NeighbourhoodSize { get; set; } = 8;

    private const int Seed = 2023;
    private readonly List<int> _delayed = [], _hood = [];
    private int[] _oldOp = [];
    private bool[] _inHood = [];
    private long[] _bestScore = [];

    /// <summary>
    /// How <see cref="Candidates"/> ranks the agent's simulated operation, as one figure that can be summed: estimated
    /// arrival (doubled, to leave room for the next rank), then not continuing the operation begun; a restless agent
    /// that stays is ranked after every moving operation. A goalless agent counts its moves (it is content anywhere).
    /// </summary>
    private long Score(int a, int op)
    {
        var dist = Dist[a];
        if (dist is null) return Moves(op);
        long score = Math.Min(Arrival(a, dist), 1 << 19) * 2 + (ContinuesPrevious(a, op) ? 0 : 1);
        if (RestlessAndStaying(a)) score += 1L << 40;
        return score;
    }

    /// <summary>The search, after PIBT has given every agent an operation and its reservations.</summary>
    private void Improve()
    {
        int n = Count;
        if (ImproveRounds <= 0 || n == 0) return;
        if (_oldOp.Length < n) { _oldOp = new int[Cell.Length]; _inHood = new bool[Cell.Length]; _bestScore = new long[Cell.Length]; }
        var rng = new Random(Seed);
        _delayed.Clear();
        for (int a = 0; a < n; a++)
        {
            if (Dist[a] is null) continue;
            long best = long.MaxValue;
            for (int op = 0; op < _ops.Length; op++)
                if (Simulate(a, op)) best = Math.Min(best, Score(a, op));
            Simulate(a, Op[a]); // others' swap checks read this agent's plan: keep it at its reserved operation
            _bestScore[a] = best;
            if (Score(a, Op[a]) > best) _delayed.Add(a);
        }
        for (int round = 0; round < ImproveRounds && _delayed.Count > 0; round++)
        {
            int i = rng.Next(_delayed.Count), a = _delayed[i];
            if (Score(a, Op[a]) <= _bestScore[a])
            {
                // No longer delayed (a neighbourhood it was in gave it its best): drop it from the draw.
                _delayed[i] = _delayed[^1];
                _delayed.RemoveAt(_delayed.Count - 1);
                continue;
            }
            Gather(a);
            TryReplan(rng);
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
                for (int k = 1; k <= w; k++)
                {
                    Add(Reserved(k, _plan[x * (w + 1) + k]));
                    Add(SwapPartner(x, k));
                }
            }
            Simulate(x, Op[x]);
        }

        void Add(int blocker)
        {
            if (blocker < 0 || _inHood[blocker] || _hood.Count >= NeighbourhoodSize) return;
            _inHood[blocker] = true;
            _hood.Add(blocker);
        }
    }

    /// <summary>Frees the neighbourhood, plans it again in a random order, and keeps the result only if its summed score is lower.</summary>
    private void TryReplan(Random rng)
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
            int j = rng.Next(i + 1);
            (_hood[i], _hood[j]) = (_hood[j], _hood[i]);
        }
        long after = 0;
        int placed = 0;
        var buf = _candBuf[0]; // PIBT is done with its buffers
        foreach (int x in _hood)
        {
            int count = 0;
            for (int op = 0; op < _ops.Length; op++)
                if (Simulate(x, op)) buf[count++] = ((Score(x, op) << 8) | (uint)op, op); // equal scores: the operations' order (forward first), as in Candidates
            Array.Sort(buf, 0, count, CostComparer.Instance);
            int chosen = -1;
            // Scores are never negative: once the sum so far reaches the old sum, no later choice can make it lower.
            for (int i = 0; i < count && after + (buf[i].Cost >> 8) < before; i++)
                if (Simulate(x, buf[i].Op) && Valid(x)) { chosen = i; break; }
            if (chosen < 0) break;
            Reserve(x);
            Op[x] = buf[chosen].Op;
            after += buf[chosen].Cost >> 8;
            placed++;
        }
        if (placed == _hood.Count) return; // every agent placed, and the cut above kept the sum below the old one
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
