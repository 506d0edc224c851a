using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// A route an AGV is driving under traffic control. The console grants it a few nodes ahead
/// at a time and sends them as one task (MotionControl, then MotionControl with append for each
/// further piece); if the AGV finishes the granted piece before the next one is free, the rest
/// goes out later as a new task. To its owner (an order, a person) the trip is one task with
/// the id <see cref="Id"/>, whatever task ids the AGV saw.
/// </summary>
public sealed class Trip
{
    public required uint Id { get; init; }
    public required string Serial { get; init; }
    public required string Actor { get; init; }
    /// <summary>The map of the leg being driven (a journey across floors changes it at each lift).</summary>
    public required uint MapId { get; set; }
    public required TaskType Type { get; init; }
    public required ActuatorCommand[] FinalActions { get; init; }

    /// <summary>The whole route, first node where the AGV started. Re-planned in place when a deadlock is resolved.</summary>
    public required List<uint> Route { get; set; }

    /// <summary>Index in <see cref="Route"/> of the last node granted (held for it).</summary>
    public int Granted { get; internal set; }

    /// <summary>Index in <see cref="Route"/> of the last node sent to the AGV (up to <see cref="Granted"/>).</summary>
    public int Sent { get; internal set; }

    /// <summary>Index in <see cref="Route"/> of the last node the AGV reported reaching.</summary>
    public int Reached { get; internal set; }

    /// <summary>The AGV's task now carrying this trip, and whether the AGV still has it (not finished).</summary>
    public uint TaskId { get; internal set; }
    public bool TaskOpen { get; internal set; }
    internal object? SentOn; // the session the task went to: a new session may have lost it

    /// <summary>Set while the AGV stands at the end of its grant and the next piece is held by another AGV.</summary>
    public string? WaitingFor { get; internal set; }
    public DateTimeOffset? WaitingSince { get; internal set; }

    /// <summary>
    /// Set while the AGV backs off: nothing beyond this index is granted until it has stood there
    /// a while (the AGV it made way for passes), then the rest is planned afresh from there.
    /// </summary>
    public int? AsideIndex { get; internal set; }
    internal DateTimeOffset? AsideSince;
    /// <summary>The idle AGV it stepped back for: asked to move aside while this one waits at the aside node (its step back freed its way out).</summary>
    internal string? AsideFor;

    /// <summary>How many times a deadlock was resolved by changing this trip.</summary>
    public int Detours { get; internal set; }

    /// <summary>Legs still to come on other floors, each entered by riding the lift the previous leg ends on.</summary>
    public Queue<Planning.PlannedLeg> Then { get; init; } = new();

    /// <summary>A MapSwitch was sent at the end of the leg; the next leg starts when the AGV reports the new floor.</summary>
    public bool Switching { get; internal set; }

    public uint Target => Then.Count > 0 ? Then.Last().NodeIds[^1] : Route[^1];
    public bool LastLeg => Then.Count == 0;
    public bool FullySent => Sent >= Route.Count - 1;
    internal bool Arrived => LastLeg && FullySent && !TaskOpen && Reached == Route.Count - 1;
}
