using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// A goal an owner (an order's leg, a person's dispatch, the charging manager, demo traffic) gave an
/// AGV, as the console follows it while the traffic kernel drives the AGV there. To its owner it is
/// one task with the id <see cref="Id"/>, whatever task ids the AGV saw for the granted pieces.
/// Written only by <see cref="TrafficHost"/>'s loop; other threads read single fields (a page may be a tick behind).
/// </summary>
public sealed class Trip
{
    public required uint Id { get; init; }
    public required string Serial { get; init; }
    public required string Actor { get; init; }
    public required TaskType Type { get; init; }
    public required ActuatorCommand[] FinalActions { get; init; }

    /// <summary>The node the AGV is driven to.</summary>
    public required uint Target { get; init; }

    /// <summary>The route the owner planned (for drawing); the kernel chooses the way it is granted.</summary>
    public required IReadOnlyList<uint> Route { get; init; }

    /// <summary>Why the goal cannot be reached now (the kernel's Unreachable), or null.</summary>
    public string? Unreachable { get; internal set; }

    // The kernel said the AGV reported standing on the goal; the AGV's task that carried the goal (its final actions) ended.
    internal bool AtGoal;
    internal bool TaskDone;
    internal bool GoalGranted; // the kernel granted the piece that ends at the goal
    internal uint? GoalTask;
    internal ActState Act;
    internal int ActTries;
    internal bool Announced; // "running" was reported to the owner
}

/// <summary>
/// The trip's final actions sent alone (the AGV stood on its goal). While they are <see cref="Out"/> (not yet
/// confirmed sent) or <see cref="Owed"/> (unanswered or refused: sent again once the AGV has settled idle without
/// doing them), standing idle on the goal is not having done them.
/// </summary>
internal enum ActState { None, Out, Owed }
