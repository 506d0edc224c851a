using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>What the traffic kernel tells the console to do or to show. Values only.</summary>
public abstract record KernelOutput;

/// <summary>
/// The AGV may drive on through <paramref name="NodeIds"/> (in order, after the last node granted
/// before), on map <paramref name="MapId"/>. <paramref name="Continues"/>: it still has granted nodes
/// ahead of it, so this goes out as MotionControl with the append flag; false: it stands at the end
/// of everything granted so far, so this is a new task. <paramref name="ReachesGoal"/>: the last node
/// is its goal (attach the goal's final actions there).
/// </summary>
public sealed record Grant(string Serial, uint MapId, IReadOnlyList<uint> NodeIds, bool Continues, bool ReachesGoal) : KernelOutput;

/// <summary>
/// The AGV stands in a lift cabin and must ride to <paramref name="ToMapId"/> (MapSwitch), arriving on
/// <paramref name="ToNodeId"/>; the kernel grants it more once it reports that node.
/// </summary>
public sealed record RideLift(string Serial, uint FromNodeId, uint ToNodeId, uint ToMapId) : KernelOutput;

/// <summary>The AGV reported standing on its goal (with nothing granted beyond it).</summary>
public sealed record GoalReached(string Serial, uint NodeId) : KernelOutput;

/// <summary>What an AGV that has somewhere to go waits for.</summary>
public enum WaitReason
{
    /// <summary>Another AGV passes a place first (the plan's order).</summary>
    Agv,
    /// <summary>Another AGV stands where this one must go and is not moving (its own reason).</summary>
    StandingAgv,
    /// <summary>A place is closed to it for now: a one-lane aisle used the other way, a full dead end, a lift in use, a granted space.</summary>
    Place,
    /// <summary>The lift ride (map switch).</summary>
    Lift,
}

/// <summary>
/// An AGV with somewhere to go has stood still since <paramref name="Since"/> and waits for
/// <paramref name="OtherSerial"/> and/or place <paramref name="NodeId"/>; sent when what it waits for changes.
/// <paramref name="Text"/> is the sentence an operator sees.
/// </summary>
public sealed record Waiting(string Serial, WaitReason Reason, string? OtherSerial, uint? NodeId, DateTimeOffset Since, string Text) : KernelOutput
{
    /// <summary>The same sentence as values, for a page to word in the reader's language.</summary>
    public WaitCause? Cause { get; init; }
}

/// <summary>The AGV that was waiting moves again.</summary>
public sealed record WaitOver(string Serial, TimeSpan Waited) : KernelOutput;

/// <summary>
/// The AGV's goal cannot be reached now: the way is cut off (by AGVs standing still for their own
/// reasons, listed in <paramref name="BlockedBy"/>, or by the map). The console raises an alarm; the
/// kernel keeps the goal and drives the AGV on as soon as the way opens (<see cref="ReachableAgain"/>).
/// </summary>
public sealed record Unreachable(string Serial, uint GoalNodeId, string Reason, IReadOnlyList<string> BlockedBy) : KernelOutput;

/// <summary>The goal reported unreachable can be reached again.</summary>
public sealed record ReachableAgain(string Serial, uint GoalNodeId) : KernelOutput;

/// <summary>The answer to a SpaceRequest (PROTOCOL.md): decision, the space granted (possibly smaller), and until when.</summary>
public sealed record SpaceAnswer(string Serial, uint RequestId, SpaceDecision Decision, Space Granted, DateTimeOffset ExpiresAt, string Text) : KernelOutput;

/// <summary>An input was not acted on (unknown serial or node, bad value): nothing changed.</summary>
public sealed record Refused(KernelInput Input, string Reason) : KernelOutput;
