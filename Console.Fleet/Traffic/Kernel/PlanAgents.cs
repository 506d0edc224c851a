namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>How an agent takes part in a planning step.</summary>
internal enum AgentMode : byte
{
    /// <summary>Moves toward its goal and can be pushed aside.</summary>
    Free,
    /// <summary>Has enough planned moves it has not driven yet: starts no move of its own, but can still be pushed aside.</summary>
    Lagging,
    /// <summary>Stands still for a reason of its own (charging, fault, manual, offline, an action): never moved, planned around.</summary>
    Fixed,
    /// <summary>Not on the site (removed): takes no place.</summary>
    Absent,
}

/// <summary>
/// The agents as the step planner sees them, as arrays indexed by agent: where each stands at
/// the plan's frontier, its size, its class (vehicles of one width and footprint), its mode and
/// the distances to its goal (null: no goal, content wherever it is).
/// </summary>
internal sealed class PlanAgents
{
    public int Count { get; private set; }
    public int[] Cur = [];
    public float[] Radius = [];
    public int[] Width = [];
    public int[] Class = [];
    public AgentMode[] Mode = [];
    public int[]?[] Dist = [];
    /// <summary>Random but fixed per agent: breaks ties between equal moves the same way each time (no dithering).</summary>
    public uint[] Salt = [];

    public int Add(int place, float radius, int width, int cls, uint salt)
    {
        if (Count == Cur.Length)
        {
            int n = Math.Max(16, Count * 2);
            Array.Resize(ref Cur, n);
            Array.Resize(ref Radius, n);
            Array.Resize(ref Width, n);
            Array.Resize(ref Class, n);
            Array.Resize(ref Mode, n);
            Array.Resize(ref Dist, n);
            Array.Resize(ref Salt, n);
        }
        int a = Count++;
        Cur[a] = place;
        Radius[a] = radius;
        Width[a] = width;
        Class[a] = cls;
        Mode[a] = AgentMode.Free;
        Dist[a] = null;
        Salt[a] = salt;
        return a;
    }
}
