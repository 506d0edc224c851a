namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Lifelong planning with dynamic priorities (PIBT for iterative MAPF): the plan is a sequence of
/// steps; in each, every agent stays or makes one move (<see cref="StepPlanner"/>), and the moves
/// are appended to the <see cref="MoveBook"/> the executor grants from. An agent's priority is
/// how many steps it has had its current goal (plus its order's bonus): the agent that has waited
/// longest goes first, reaches its goal, and drops to the back; an agent without a goal has the
/// lowest priority and is pushed aside when in the way. An agent with <see cref="Lookahead"/> or
/// more moves planned and not yet done starts no move of its own (it lags behind the plan), so the
/// plan never runs far ahead of a slow vehicle; it can still be pushed.
/// </summary>
internal sealed class LifelongPlanner
{
    public readonly KernelGraph Graph;
    public readonly FootprintGeometry Geometry;
    public readonly PlanAgents Agents = new();
    public readonly StepPlanner Planner;
    public readonly MoveBook Book;
    public readonly DistanceTables Distances;

    /// <summary>Moves an agent may have planned and not done before it stops starting new ones.</summary>
    public int Lookahead { get; set; } = 2;

    /// <summary>Whether an agent's goal is cleared when the plan reaches it (else the caller clears or replaces it).</summary>
    public bool ClearGoalOnArrival { get; set; } = true;

    /// <summary>
    /// Goals may be groups of places (a grid cell in any heading): <c>Group[place]</c> is its group and
    /// <c>Members[group]</c> the places of a group. Null: every place is its own group.
    /// </summary>
    public int[]? Group { get; init; }
    public int[][]? Members { get; init; }

    /// <summary>Steps planned so far.</summary>
    public long StepCount { get; private set; }

    private int[] _goal = [];
    private long[] _goalSince = [];
    private double[] _bonus = [];
    private int[] _order = [];
    private double[] _priority = [];
    private double[] _inherited = [];
    private readonly List<int> _reached = [];

    public LifelongPlanner(KernelGraph graph, double maxRadiusMm, int distanceCache = 4096)
    {
        Graph = graph;
        Geometry = new FootprintGeometry(graph, 2 * maxRadiusMm);
        Planner = new StepPlanner(graph, Geometry, Agents);
        Book = new MoveBook(graph, Geometry, Agents);
        Distances = new DistanceTables(graph, distanceCache);
    }

    public int AddAgent(int place, float radiusMm, int widthMm = 0, int cls = 0, uint salt = 0)
    {
        int a = Agents.Add(place, radiusMm, widthMm, cls, salt == 0 ? (uint)(Agents.Count * 2654435761u + 12345) : salt);
        if (a >= _goal.Length)
        {
            int n = Math.Max(16, _goal.Length * 2);
            Array.Resize(ref _goal, n);
            Array.Resize(ref _goalSince, n);
            Array.Resize(ref _bonus, n);
        }
        _goal[a] = -1;
        return a;
    }

    public int Goal(int agent) => _goal[agent];

    /// <summary>Gives the agent a goal (-1: none); its priority starts counting now.</summary>
    public void SetGoal(int agent, int place, double bonus = 0)
    {
        _goal[agent] = place;
        _goalSince[agent] = StepCount;
        _bonus[agent] = bonus;
        int cls = Agents.Class[agent];
        var blocked = Planner.PlaceBlocked.Length > cls ? Planner.PlaceBlocked[cls] : null;
        Agents.Dist[agent] = place < 0 ? null
            : Members is null ? Distances.To(place, cls, Agents.Width[agent], blocked)
            : Distances.To(place, Members[place], cls, Agents.Width[agent], blocked);
    }

    /// <summary>Puts back a goal the plan had reached in a part that was dropped, keeping the priority it had.</summary>
    public void RestoreGoal(int agent, int place, long since, double bonus)
    {
        SetGoal(agent, place, bonus);
        _goalSince[agent] = since;
    }

    public long GoalSince(int agent) => _goalSince[agent];

    /// <summary>
    /// For the next step only: the agent plans with at least this priority (it holds up an agent of that
    /// priority from outside a section: priority inheritance across the section's rule).
    /// </summary>
    public void Inherit(int agent, double priority)
    {
        if (_inherited.Length < Agents.Count) Array.Resize(ref _inherited, Math.Max(Agents.Count, _inherited.Length * 2));
        _inherited[agent] = Math.Max(_inherited[agent], priority);
    }

    public double Priority(int agent) =>
        _goal[agent] < 0 ? -1 : StepCount - _goalSince[agent] + _bonus[agent] + (Agents.Salt[agent] & 0xFFFF) / 65536.0;

    /// <summary>Agents that reached their goal in the last step's plan (their goal is cleared: the caller sets the next one).</summary>
    public IReadOnlyList<int> ReachedInPlan => _reached;

    /// <summary>Plans one step for every agent and appends its moves for execution (or, for a trial, only plans it: <see cref="StepPlanner.Moves"/>).</summary>
    public void Step(bool commit = true)
    {
        var ag = Agents;
        int n = ag.Count;
        if (_order.Length < n) { Array.Resize(ref _order, Math.Max(n, _order.Length * 2)); Array.Resize(ref _priority, _order.Length); }
        for (int a = 0; a < n; a++)
        {
            if (ag.Mode[a] is AgentMode.Free or AgentMode.Lagging) ag.Mode[a] = Book.Pending(a) >= Lookahead ? AgentMode.Lagging : AgentMode.Free;
            _order[a] = a;
            _priority[a] = -Math.Max(Priority(a), a < _inherited.Length ? _inherited[a] : -1);
        }
        Array.Sort(_priority, _order, 0, n);
        if (_inherited.Length > 0) Array.Clear(_inherited);
        Planner.Step(_order.AsSpan(0, n));
        if (!commit) return;
        Commit(Planner.Moves);
    }

    /// <summary>The agents by falling priority, as the last step ordered them.</summary>
    public int[] Order() => _order.AsSpan(0, Agents.Count).ToArray();

    /// <summary>Appends one step's moves (in execution order) to the plan and moves the frontier.</summary>
    public void Commit(IReadOnlyList<(int Agent, int Arc)> moves)
    {
        var ag = Agents;
        foreach (var (a, arc) in moves)
        {
            Book.Append(a, arc);
            ag.Cur[a] = Graph.OutTo[arc];
        }
        _reached.Clear();
        for (int a = 0; a < ag.Count; a++)
        {
            if (ag.Mode[a] == AgentMode.Absent) continue;
            if (_goal[a] >= 0 && (Group is null ? ag.Cur[a] : Group[ag.Cur[a]]) == _goal[a] && ClearGoalOnArrival)
            {
                _reached.Add(a);
                _goal[a] = -1;
                ag.Dist[a] = null;
            }
        }
        StepCount++;
    }
}
