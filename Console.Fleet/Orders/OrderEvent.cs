namespace AgvConsole.Fleet.Orders;

/// <summary>What happened to an order, as its timeline shows it. Stored by name (camel case is the page's business).</summary>
public enum OrderEventKind
{
    /// <summary>Accepted into the queue; <see cref="OrderEvent.By"/> is who sent it (a user, or <c>api:&lt;key name&gt;</c>).</summary>
    Queued,
    /// <summary>Given a new priority; <see cref="OrderEvent.Detail"/> is the new priority, <see cref="OrderEvent.By"/> who set it.</summary>
    Reprioritised,
    /// <summary>Given to <see cref="OrderEvent.Agv"/>; its first leg went out with it (a <see cref="LegSent"/> follows).</summary>
    Assigned,
    /// <summary>Leg <see cref="OrderEvent.Leg"/> to <see cref="OrderEvent.Node"/> was handed to traffic control as task <see cref="OrderEvent.TaskId"/>.</summary>
    LegSent,
    /// <summary>The drop-off leg could not go out yet: the AGV's way out was held; it is sent on a later tick.</summary>
    LegHeld,
    /// <summary>The current leg was sent again (the console restarted, or the AGV lost its task).</summary>
    LegResent,
    /// <summary>The AGV drives the current leg.</summary>
    Driving,
    /// <summary>The AGV stands at the end of what traffic control granted it; <see cref="OrderEvent.Detail"/> is the AGV holding its way.</summary>
    Waiting,
    /// <summary>Its way is free again: it drives on.</summary>
    WayFree,
    /// <summary>Leg <see cref="OrderEvent.Leg"/> ended at <see cref="OrderEvent.Node"/> (with its load action, if any).</summary>
    Arrived,
    /// <summary>The load was picked up at <see cref="OrderEvent.Node"/>.</summary>
    PickedUp,
    /// <summary>The load was dropped off at <see cref="OrderEvent.Node"/>.</summary>
    DroppedOff,
    Finished,
    /// <summary><see cref="OrderEvent.Detail"/> is why.</summary>
    Failed,
    /// <summary><see cref="OrderEvent.By"/> who cancelled it (null: the AGV did), <see cref="OrderEvent.Detail"/> the reason as the order keeps it.</summary>
    Cancelled,
}

/// <summary>
/// One entry of an order's timeline, recorded by the dispatcher at the transition it describes and
/// stored beside the order, so the timeline survives a restart. <see cref="Leg"/> counts from 0
/// (a deliver order's pick-up leg) as <see cref="Order.Leg"/> does.
/// </summary>
public sealed record OrderEvent(long OrderId, DateTimeOffset At, OrderEventKind Kind, string? Agv = null, int Leg = 0, uint? Node = null, uint? TaskId = null,
    string? By = null, string? Detail = null)
{
    /// <summary>The longest text kept in <see cref="By"/> and <see cref="Detail"/> (a failure reason is short; a user name shorter).</summary>
    public const int MaxTextChars = 500;
}

/// <summary>How long an order waited for an AGV: from queued to assigned.</summary>
public sealed record OrderWait(long OrderId, DateTimeOffset QueuedAt, DateTimeOffset AssignedAt)
{
    public TimeSpan Waited => AssignedAt - QueuedAt;
}
