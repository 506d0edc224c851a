using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// What the traffic kernel is told. Values only: the console turns sessions, reports, orders,
/// operator commands and its clock into these and feeds them, one at a time, to
/// <see cref="TrafficKernel.Step"/>. Node ids are site node ids (unique across maps).
/// </summary>
public abstract record KernelInput;

/// <summary>
/// An AGV is on the site (registered, or back after a reconnect) and stands on <paramref name="NodeId"/>.
/// A known serial starts afresh: whatever it was granted before is forgotten, so the console must
/// make sure the AGV drives no path from before (cancel its task) before sending this.
/// </summary>
/// <param name="MaxSpeedMmS">its top speed; the kernel uses it only to size its lookahead.</param>
public sealed record AgvJoined(string Serial, Footprint Footprint, int MaxSpeedMmS, uint NodeId) : KernelInput;

/// <summary>The AGV was removed from the site (deleted by an administrator): everything it held is released.</summary>
public sealed record AgvRemoved(string Serial) : KernelInput;

/// <summary>A state report: the last node the AGV passed or stands on (StateReport.lastNodeId). Reports that name no new node change nothing.</summary>
public sealed record Progress(string Serial, uint LastNodeId) : KernelInput;

/// <summary>
/// Drive the AGV to <paramref name="NodeId"/> (an order's leg, a manual dispatch, a charging station).
/// <paramref name="ActionAtGoal"/>: it will do something there (pick, drop, charge) and stands still until
/// <see cref="ActionFinished"/>. <paramref name="Priority"/> 0–9 (orders' priority) lets an urgent AGV go first.
/// </summary>
public sealed record GoalSet(string Serial, uint NodeId, int Priority = 0, bool ActionAtGoal = false) : KernelInput;

/// <summary>The AGV has no goal any more (order cancelled): it stops where its granted path ends and stays unless asked to make way.</summary>
public sealed record GoalCancelled(string Serial) : KernelInput;

/// <summary>The action at the goal is over (TaskReport finished or failed): the AGV may be moved again.</summary>
public sealed record ActionFinished(string Serial) : KernelInput;

/// <summary>Why an AGV stands still for a reason of its own.</summary>
public enum StandReason { Charging, Fault, Manual, Paused, EmergencyStop, Offline, Other }

/// <summary>
/// The AGV stands still for a reason of its own (fault, charging, manual mode, paused, offline): it is
/// an obstacle the others plan around; it keeps what it was granted (it may still be on it).
/// </summary>
public sealed record StandingStill(string Serial, StandReason Reason) : KernelInput;

/// <summary>The AGV may be driven again (fault cleared, back online, resumed), standing on <paramref name="NodeId"/>.</summary>
public sealed record Moving(string Serial, uint NodeId) : KernelInput;

/// <summary>A SpaceRequest (PROTOCOL.md 0x0040) for the space, on the map the AGV is on.</summary>
public sealed record SpaceRequested(string Serial, uint RequestId, Space Space, uint DurationMs) : KernelInput;

/// <summary>A SpaceRelease: the AGV is done with the space.</summary>
public sealed record SpaceReleased(string Serial, uint RequestId) : KernelInput;

/// <summary>The clock: the kernel plans, checks waits and expires spaces on ticks (every 100 ms is plenty).</summary>
public sealed record Tick(DateTimeOffset Now) : KernelInput;
