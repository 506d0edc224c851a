namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>The traffic kernel's settings; the defaults suit AGVs at 0.4–1.5 m/s reporting at 1–10 Hz on nodes 1–3 m apart.</summary>
public sealed record KernelOptions
{
    /// <summary>mm added to every footprint's half-diagonal (<see cref="Footprint.RadiusMm"/>).</summary>
    public int MarginMm { get; init; } = Footprint.DefaultMarginMm;

    /// <summary>The largest footprint radius (half-diagonal + margin) the kernel accepts; larger AGVs are refused (the geometry is precomputed up to twice this).</summary>
    public double MaxRadiusMm { get; init; } = 2000;

    /// <summary>
    /// Moves an AGV may have granted and not yet reported done: how far ahead it is sent, so that it
    /// does not stop at every node while its reports (1 Hz on some vendors) catch up.
    /// </summary>
    public int Lookahead { get; init; } = 3;

    /// <summary>Planning steps at most per tick.</summary>
    public int MaxPlanStepsPerTick { get; init; } = 4;

    /// <summary>How long a SpaceRequest may wait for the plans and AGVs to clear its space before it is answered with what is free then.</summary>
    public TimeSpan SpaceWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long, and for how many planning steps, the highest-priority AGV may stand with nothing
    /// planned and no nearer its goal before the fallback search looks for a way.
    /// </summary>
    public int FallbackAfterSteps { get; init; } = 24;

    /// <summary>
    /// Configurations one attempt of the fallback search may generate at most (each attempt doubles
    /// the previous one's effort up to this). With no bound the search is complete; with one, a jam
    /// it cannot clear within the bound is tried again, wider, after the plan has gone on a while.
    /// </summary>
    public long MaxSearchGenerations { get; init; } = 50_000;

    /// <summary>Seed of the planner's tie-breaking (the kernel is deterministic given its inputs and this).</summary>
    public uint Seed { get; init; } = 20261130;
}
