namespace AgvConsole.Benchmarks.Lorr;

/// <summary>
/// Guidance against opposing flows, after the idea of traffic-flow optimisation for lifelong MAPF
/// (Chen, Harabor, Li and Stuckey, AAAI 2024), in a simple form written for this harness: every
/// agent's guide path (its way to its goal as planned when it got the goal) adds one to the flow
/// of each directed move on it; an agent given a new goal gets a table of costs over (cell,
/// heading) in which a forward move costs more the more guide paths use the same cells the other
/// way. The planner then ranks operations by that table (<see cref="Scale"/> per timestep), so
/// agents spread onto ways that are not used against them instead of meeting head on. Forward moves may
/// start from costs of their own (<c>baseCost</c>, e.g. <see cref="HighwayGuidance.MoveCosts"/>) instead of one timestep.
/// </summary>
public sealed class FlowGuidance(int cells, int[] neighbour, int contraflowTenths, int throughTenths = 0, int[]? baseCost = null)
{
    /// <summary>Cost units per timestep (a turn, or a forward move with no traffic against it).</summary>
    public const int Scale = 10;

    private readonly int[] _flow = new int[cells * 4];           // cell * 4 + heading: guide paths leaving the cell that way
    private readonly int[] _through = new int[cells];             // guide paths entering the cell
    private readonly Dictionary<int, List<int>> _paths = new();  // agent -> its guide path's moves (cell * 4 + heading)
    private readonly Dictionary<int, int> _passed = new();       // agent -> moves of its path already driven
    private readonly int[] _moveCost = new int[cells * 4];    // the forward moves' costs as the flows stand now

    /// <summary>The agent's cost table to <paramref name="goal"/> (indexed cell * 4 + heading), its guide path recorded from where it stands.</summary>
    public int[] TableFor(int agent, int goal, int cell, int heading)
    {
        if (_paths.Remove(agent, out var old))
            for (int i = _passed.GetValueOrDefault(agent); i < old.Count; i++) Count(old[i], -1);
        _passed[agent] = 0;
        var cost = Costs(goal);
        var path = new List<int>();
        int s = cell * 4 + heading;
        for (int guard = 0; guard < cells * 4 && cost[s] > 0 && cost[s] != int.MaxValue; guard++)
        {
            int c = s >> 2, h = s & 3;
            // The successor the table descends to: forward if it is on a cheapest way, else the turn that is.
            int ahead = neighbour[c * 4 + h];
            if (ahead >= 0 && cost[ahead * 4 + h] != int.MaxValue && cost[ahead * 4 + h] + MoveCost(c, h) == cost[s])
            {
                path.Add(c * 4 + h);
                s = ahead * 4 + h;
                continue;
            }
            int r = c * 4 + ((h + 1) & 3), l = c * 4 + ((h + 3) & 3);
            s = cost[r] <= cost[l] ? r : l;
        }
        foreach (int m in path) Count(m, +1);
        _paths[agent] = path;
        return cost;
    }

    private void Count(int move, int delta)
    {
        _flow[move] += delta;
        _through[neighbour[move]] += delta;
    }

    /// <summary>The agent drove forward from <paramref name="cell"/> heading <paramref name="heading"/>: that move of its guide path no longer counts.</summary>
    public void Drove(int agent, int cell, int heading)
    {
        if (!_paths.TryGetValue(agent, out var path)) return;
        int i = _passed[agent], move = cell * 4 + heading;
        // Only the next few moves: an agent pushed off its path keeps the rest counted until its next goal.
        for (int k = i; k < Math.Min(path.Count, i + 3); k++)
        {
            if (path[k] != move) continue;
            for (int j = i; j <= k; j++) Count(path[j], -1);
            _passed[agent] = k + 1;
            return;
        }
    }

    private int MoveCost(int cell, int heading)
    {
        int ahead = neighbour[cell * 4 + heading];
        int against = _flow[ahead * 4 + ((heading + 2) & 3)];
        return (baseCost?[cell * 4 + heading] ?? Scale) + (against * contraflowTenths + _through[ahead] * throughTenths) * Scale / 10;
    }

    /// <summary>Costs to the goal from every (cell, heading) against the flows as they stand.</summary>
    private int[] Costs(int goal)
    {
        for (int s = 0; s < _moveCost.Length; s++) _moveCost[s] = neighbour[s] >= 0 ? MoveCost(s >> 2, s & 3) : Scale;
        return HeadingCosts.To(goal, neighbour, _moveCost, Scale);
    }
}
