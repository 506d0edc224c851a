namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// A planner for the synchronous model where a vehicle faces one of four directions and a quarter
/// turn is an action of its own (the League of Robot Runners' MAPF_T): each timestep it plans, then
/// every agent executes one action. Agents are arrays indexed by agent; distances are tables over
/// (cell, heading) (<see cref="HeadingDistances"/>) or over cells, in <see cref="DistScale"/> units per timestep.
/// </summary>
internal interface ITurningPlanner
{
    int Count { get; }
    int[] Cells { get; }
    int[] Headings { get; }
    int[]?[] Distances { get; }
    double[] Priorities { get; }
    int DistScale { get; set; }
    int Add(int cell, int heading);
    /// <summary>Plans the next timestep of every agent.</summary>
    void Plan();
    /// <summary>Executes the agent's planned action (<see cref="TurningActions"/>) and applies it to its cell and heading.</summary>
    int Execute(int a);
}

/// <summary>The actions of the turning model; headings are 0 east, 1 south, 2 west, 3 north (clockwise).</summary>
internal static class TurningActions
{
    public const int Forward = 0, Right = 1, Left = 2, Wait = 3;
}
