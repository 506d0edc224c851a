namespace AgvConsole.Fleet.Orders;

/// <summary>What a transport order asks for (API.md: move, pickup, dropoff, deliver).</summary>
public enum OrderType { Move, Pickup, Dropoff, Deliver }

/// <summary>Where an order is (API.md): queued → assigned → running → finished | failed | cancelled.</summary>
public enum OrderStatus { Queued, Assigned, Running, Finished, Failed, Cancelled }

/// <summary>
/// A transport order from a business system or a supervisor. It guards its transitions: only a
/// queued order is assigned, only an assigned or running order finishes or fails, and an order
/// that ended stays ended. A deliver order has two legs: to the pick-up node, then to the drop-off node.
/// </summary>
public sealed class Order
{
    public long Id { get; set; }
    public required string ExternalId { get; init; }
    public required OrderType Type { get; init; }
    public uint? FromNodeId { get; init; }
    public required uint ToNodeId { get; init; }
    public int Priority { get; set; }
    /// <summary>The AGV the business system asked for, if any.</summary>
    public string? RequestedAgv { get; init; }
    public OrderStatus Status { get; private set; } = OrderStatus.Queued;
    public string? AgvSerial { get; private set; }
    public uint? TaskId { get; private set; }
    /// <summary>0: the first leg (for deliver: to the pick-up node); 1: the drop-off leg.</summary>
    public int Leg { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? Error { get; private set; }

    public bool Ended => Status is OrderStatus.Finished or OrderStatus.Failed or OrderStatus.Cancelled;

    /// <summary>The node the current leg drives to.</summary>
    public uint LegTarget => Type == OrderType.Deliver && Leg == 0 ? FromNodeId!.Value : ToNodeId;

    /// <summary>What the current leg's task is: a delivery picks up, then drops off.</summary>
    public Protocol.Messages.TaskType LegTaskType => Type switch
    {
        OrderType.Move => Protocol.Messages.TaskType.Move,
        OrderType.Dropoff => Protocol.Messages.TaskType.DropOff,
        OrderType.Deliver when Leg == 1 => Protocol.Messages.TaskType.DropOff,
        _ => Protocol.Messages.TaskType.PickUp,
    };

    public bool Assign(string serial, uint taskId, DateTimeOffset at)
    {
        if (Status != OrderStatus.Queued) return false;
        Status = OrderStatus.Assigned;
        AgvSerial = serial;
        TaskId = taskId;
        UpdatedAt = at;
        return true;
    }

    public bool Start(DateTimeOffset at)
    {
        if (Status != OrderStatus.Assigned) return false;
        Status = OrderStatus.Running;
        UpdatedAt = at;
        return true;
    }

    /// <summary>The pick-up leg of a deliver order is done; the drop-off leg was sent with <paramref name="taskId"/>, or waits to be sent (null).</summary>
    public bool NextLeg(uint? taskId, DateTimeOffset at)
    {
        if (Type != OrderType.Deliver || Leg != 0 || Ended) return false;
        Leg = 1;
        TaskId = taskId;
        UpdatedAt = at;
        return true;
    }

    /// <summary>Whether the drop-off leg still waits to be sent (its way out was held when the pick-up ended).</summary>
    public bool LegPending => Type == OrderType.Deliver && Leg == 1 && TaskId is null && !Ended;

    /// <summary>The waiting drop-off leg was sent.</summary>
    public bool LegSent(uint taskId, DateTimeOffset at)
    {
        if (!LegPending) return false;
        TaskId = taskId;
        UpdatedAt = at;
        return true;
    }

    /// <summary>The current leg was sent again as <paramref name="taskId"/> (the console restarted while it ran).</summary>
    public bool Resume(uint taskId, DateTimeOffset at)
    {
        if (Status is not (OrderStatus.Assigned or OrderStatus.Running)) return false;
        TaskId = taskId;
        UpdatedAt = at;
        return true;
    }

    public bool Finish(DateTimeOffset at) => End(OrderStatus.Finished, null, at, OrderStatus.Assigned, OrderStatus.Running);
    public bool Fail(string error, DateTimeOffset at) => End(OrderStatus.Failed, error, at, OrderStatus.Queued, OrderStatus.Assigned, OrderStatus.Running);
    public bool Cancel(string reason, DateTimeOffset at) => End(OrderStatus.Cancelled, reason, at, OrderStatus.Queued, OrderStatus.Assigned, OrderStatus.Running);

    private bool End(OrderStatus to, string? error, DateTimeOffset at, params OrderStatus[] from)
    {
        if (!from.Contains(Status)) return false;
        Status = to;
        Error = error;
        UpdatedAt = at;
        return true;
    }

    public static Order Restore(long id, string externalId, OrderType type, uint? from, uint to, int priority, string? requestedAgv, OrderStatus status,
        string? agv, uint? taskId, int leg, DateTimeOffset created, DateTimeOffset updated, string? error) =>
        new()
        {
            Id = id, ExternalId = externalId, Type = type, FromNodeId = from, ToNodeId = to, Priority = priority, RequestedAgv = requestedAgv,
            CreatedAt = created, Status = status, AgvSerial = agv, TaskId = taskId, Leg = leg, UpdatedAt = updated, Error = error,
        };
}
