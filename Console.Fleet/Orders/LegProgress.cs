namespace AgvConsole.Fleet.Orders;

/// <summary>
/// What an order's timeline shows between "leg sent" and "arrived", read off traffic control once a
/// dispatcher tick: the AGV driving the leg, standing at the end of its grant waiting for the AGV
/// that holds its way, and driving on. Only changes are recorded, at most <see cref="MaxWaitsPerLeg"/>
/// waits per leg (a wait that comes and goes in a deadlock's back and forth would flood the timeline).
/// Kept in memory: after a restart a running leg may show "driving" once more, which it is.
/// </summary>
public sealed class LegProgress
{
    public const int MaxWaitsPerLeg = 20;

    private readonly Dictionary<long, Seen> _seen = new();

    private sealed class Seen(uint task)
    {
        public uint Task { get; } = task;
        public bool Driving;
        public string? WaitingFor;
        public int Waits;
    }

    private Seen Of(Order order)
    {
        uint task = order.TaskId ?? 0;
        if (!_seen.TryGetValue(order.Id, out var s) || s.Task != task) _seen[order.Id] = s = new Seen(task);
        return s;
    }

    /// <summary>The order's leg started driving (its AGV accepted the task): a <see cref="OrderEventKind.Driving"/> event, once per leg.</summary>
    public OrderEvent[] Driving(Order order, DateTimeOffset at)
    {
        var s = Of(order);
        if (s.Driving) return [];
        s.Driving = true;
        return [new OrderEvent(order.Id, at, OrderEventKind.Driving, order.AgvSerial, order.Leg, order.LegTarget, order.TaskId)];
    }

    /// <summary>
    /// What changed since the last look at a running leg. <paramref name="moving"/>: its AGV is driving
    /// this leg's trip now; <paramref name="waitingFor"/>: the AGV holding its way, if it waits.
    /// </summary>
    public OrderEvent[] Notice(Order order, bool moving, string? waitingFor, DateTimeOffset at)
    {
        var s = Of(order);
        var events = new List<OrderEvent>();
        if (moving && !s.Driving) events.AddRange(Driving(order, at));
        if (waitingFor != s.WaitingFor)
        {
            if (waitingFor is not null && s.Waits < MaxWaitsPerLeg)
            {
                s.Waits++;
                events.Add(new OrderEvent(order.Id, at, OrderEventKind.Waiting, order.AgvSerial, order.Leg, order.LegTarget, order.TaskId, Detail: waitingFor));
            }
            else if (waitingFor is null && s.Waits <= MaxWaitsPerLeg)
                events.Add(new OrderEvent(order.Id, at, OrderEventKind.WayFree, order.AgvSerial, order.Leg, order.LegTarget, order.TaskId));
            if (waitingFor is null && s.Waits == MaxWaitsPerLeg) s.Waits++; // the last wait recorded has its end; later ones are not
            s.WaitingFor = waitingFor;
        }
        return events.ToArray();
    }

    /// <summary>The order ended: nothing more to follow.</summary>
    public void Forget(long orderId) => _seen.Remove(orderId);
}
