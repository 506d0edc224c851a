using System.Collections.Concurrent;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Fleet.Planning;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Orders;

/// <summary>
/// Runs transport orders: a queue by priority (then age), each assigned to the best idle AGV that
/// can do it (online, idle, battery of at least <see cref="MinBatteryPct"/> %, on the map of the
/// target, able to carry for load orders; best = shortest driving time, fuller battery breaking
/// ties), executed as MotionControl tasks with pick-up and drop-off actions through
/// <see cref="VehicleCommands"/> (checked and audited), and followed through the AGVs' TaskReports.
/// Every change is stored before it is announced, with the events of the order's timeline it makes (<see cref="OrderEvent"/>).
/// Routes are planned around nodes other AGVs hold and go through traffic control.
/// </summary>
public sealed class Dispatcher(FleetRegistry registry, SiteMaps maps, VehicleCommands commands, IOrderRepository store, IOrderEventRepository journal,
    ILogger<Dispatcher> logger, TimeProvider? clock = null)
{
    public const string Actor = "dispatcher";
    public const int MinBatteryPct = 20;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<long, Order> _open = new();
    private readonly ConcurrentQueue<(string Serial, TaskReport Report)> _reports = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>An order changed (after it was stored): webhooks and pages listen.</summary>
    public event Action<Order>? Changed;

    /// <summary>An event of an order's timeline was stored (also those that change nothing in the order: driving, waiting).</summary>
    public event Action<Order, OrderEvent>? Recorded;

    private readonly LegProgress _legs = new();

    public IReadOnlyCollection<Order> Open => _open.Values.ToArray();
    public bool HasOpenOrder(string serial) => _open.Values.Any(o => o.AgvSerial == serial);

    // Orders that were on their way when the console last stopped: their trips died with it.
    private readonly ConcurrentDictionary<long, bool> _interrupted = new();
    // Running orders whose AGV stands idle with no trip, since when (it lost its task: a reboot, a missed report).
    private readonly Dictionary<long, DateTimeOffset> _stalledSince = new();

    /// <summary>How long a running order's AGV may stand idle with nothing to drive before the leg is sent again.</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromSeconds(5);

    public async Task LoadAsync(CancellationToken ct = default)
    {
        foreach (var o in await store.GetOpenAsync(ct))
        {
            _open[o.Id] = o;
            if (o.Status is OrderStatus.Assigned or OrderStatus.Running && !o.LegPending) _interrupted[o.Id] = true;
        }
    }

    /// <summary>Follows the trips' task reports (traffic control folds the pieces of a trip into one task).</summary>
    public void Attach(Traffic.TrafficHost trips) => trips.Reported += (v, t) => _reports.Enqueue((v.Serial, t));

    /// <summary>Checks and queues an order. Returns the order, or the reasons it was refused (nothing stored).</summary>
    public async Task<(Order? Order, string? Error)> SubmitAsync(string externalId, OrderType type, uint? fromNode, uint toNode, int priority, string? agv, string? by = null)
    {
        var (order, error, _) = await SubmitOrFindAsync(externalId, type, fromNode, toNode, priority, agv, by);
        return (order, error);
    }

    private readonly SemaphoreSlim _submit = new(1, 1);

    /// <summary>
    /// As <see cref="SubmitAsync"/>, but the external id is the caller's idempotency key (API.md): an
    /// order whose external id is already known is returned as it is (<c>Existing</c>) and nothing
    /// new is queued, whatever else the repeat says; business systems retry, and a person reloads.
    /// <paramref name="by"/> is who sent it, for the timeline: a user, or <c>api:&lt;key name&gt;</c>.
    /// </summary>
    public async Task<(Order? Order, string? Error, bool Existing)> SubmitOrFindAsync(string externalId, OrderType type, uint? fromNode, uint toNode, int priority, string? agv,
        string? by = null)
    {
        // One submission at a time, so two retries arriving together cannot both queue an order.
        await _submit.WaitAsync();
        try
        {
            if (!string.IsNullOrWhiteSpace(externalId) && await store.FindByExternalIdAsync(externalId.Trim()) is { } known)
                return (_open.GetValueOrDefault(known.Id) ?? known, null, true);
            var (order, error) = await SubmitNewAsync(externalId, type, fromNode, toNode, priority, agv, by);
            return (order, error, false);
        }
        finally
        {
            _submit.Release();
        }
    }

    private async Task<(Order? Order, string? Error)> SubmitNewAsync(string externalId, OrderType type, uint? fromNode, uint toNode, int priority, string? agv, string? by)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(externalId)) errors.Add("externalId is required");
        if (priority is < 0 or > 9) errors.Add("priority must be 0–9");
        var toMap = maps.MapOfNode(toNode);
        if (toMap is null) errors.Add($"toNodeId {toNode} is on no map");
        if (type == OrderType.Deliver && fromNode is null) errors.Add("a deliver order needs fromNodeId");
        if (fromNode is { } f)
        {
            var fromMap = maps.MapOfNode(f);
            if (fromMap is null) errors.Add($"fromNodeId {f} is on no map");
        }
        if (agv is not null && registry.Find(agv) is null) errors.Add($"agvSerial '{agv}' is not a known AGV");
        if (errors.Count > 0) return (null, string.Join("; ", errors));
        var now = _clock.GetUtcNow();
        var order = new Order
        {
            ExternalId = externalId.Trim(), Type = type, FromNodeId = type == OrderType.Deliver ? fromNode : null, ToNodeId = toNode,
            Priority = priority, RequestedAgv = agv, CreatedAt = now,
        };
        await SaveAsync(order, new OrderEvent(0, now, OrderEventKind.Queued, By: by));
        return (order, null);
    }

    public async Task<(Order? Order, string? Error)> CancelAsync(long id, string who)
    {
        var order = _open.GetValueOrDefault(id) ?? await store.GetAsync(id);
        if (order is null) return (null, null);
        if (order.Ended) return (order, $"order {id} is already {order.Status.ToString().ToLowerInvariant()}");
        await _gate.WaitAsync();
        try
        {
            if (order.AgvSerial is { } serial && order.Status is OrderStatus.Assigned or OrderStatus.Running)
            {
                var o = await commands.MotionAsync(who, serial, MotionCommandKind.Cancel);
                logger.LogInformation("Cancelling order {Id} on {Serial}: {Message}", id, serial, o.Message);
            }
            var now = _clock.GetUtcNow();
            // It may have ended while this waited for the gate.
            if (!order.Cancel($"cancelled by {who}", now)) return (order, $"order {id} is already {order.Status.ToString().ToLowerInvariant()}");
            await SaveAsync(order, new OrderEvent(order.Id, now, OrderEventKind.Cancelled, order.AgvSerial, order.Leg, By: who, Detail: order.Error));
            return (order, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<(Order? Order, string? Error)> ReprioritiseAsync(long id, int priority, string? who = null)
    {
        if (priority is < 0 or > 9) return (null, "priority must be 0–9");
        if (!_open.TryGetValue(id, out var order)) return (await store.GetAsync(id), $"order {id} is not open");
        order.Priority = priority;
        await SaveAsync(order, new OrderEvent(order.Id, _clock.GetUtcNow(), OrderEventKind.Reprioritised, By: who, Detail: priority.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (order, null);
    }

    /// <summary>Stores the order, then the events of its timeline this change made, then announces both.</summary>
    private async Task SaveAsync(Order order, params OrderEvent[] happened)
    {
        await store.SaveAsync(order);
        if (order.Ended)
        {
            // Counted once, when the order leaves the open set (metrics: orders finished per hour).
            if (_open.TryRemove(order.Id, out _)) Interlocked.Increment(ref _ended[(int)order.Status]);
            _legs.Forget(order.Id);
        }
        else _open[order.Id] = order;
        var stored = await RecordAsync(order, happened);
        Changed?.Invoke(order);
        foreach (var e in stored) Recorded?.Invoke(order, e);
    }

    /// <summary>
    /// Stores timeline events (a new order's get its id here). The order itself is already stored: a
    /// timeline that cannot be written (a full disk) is logged and the order goes on.
    /// </summary>
    private async Task<OrderEvent[]> RecordAsync(Order order, OrderEvent[] happened)
    {
        if (happened.Length == 0) return happened;
        var events = happened.Select(e => e with { OrderId = order.Id }).ToArray();
        try
        {
            await journal.AppendAsync(events);
            return events;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Timeline of order {Id} not stored: {Events}", order.Id, string.Join(", ", events.Select(x => x.Kind)));
            return [];
        }
    }

    /// <summary>Events that change nothing in the order itself (driving, waiting): stored and announced, the order not saved again.</summary>
    private async Task NoteAsync(Order order, OrderEvent[] happened)
    {
        foreach (var e in await RecordAsync(order, happened)) Recorded?.Invoke(order, e);
    }

    private readonly long[] _ended = new long[Enum.GetValues<OrderStatus>().Length];

    /// <summary>How many orders ended with <paramref name="status"/> since the console started.</summary>
    public long EndedCount(OrderStatus status) => Interlocked.Read(ref _ended[(int)status]);

    /// <summary>Follows task reports, then assigns queued orders. Called once a second.</summary>
    public async Task TickAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (_reports.TryDequeue(out var r)) await FollowAsync(r.Serial, r.Report);
            await NoticeProgressAsync();
            NoticeStalled();
            await ResumeInterruptedAsync();
            foreach (var order in _open.Values.Where(o => o.LegPending).ToList())
                if (registry.Find(order.AgvSerial!) is { Online: true } v && await SendLegAsync(order, v, order.ToNodeId, order.LegTaskType) is { } leg
                    && order.LegSent(leg, _clock.GetUtcNow()))
                    await SaveAsync(order, LegEvent(order, OrderEventKind.LegSent));
            foreach (var order in _open.Values.Where(o => o.Status == OrderStatus.Queued).OrderByDescending(o => o.Priority).ThenBy(o => o.CreatedAt).ToList())
                await TryAssignAsync(order);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Driving, waiting for its way (for whom), driving on: read off each running leg's trip for the timeline.</summary>
    private async Task NoticeProgressAsync()
    {
        var now = _clock.GetUtcNow();
        foreach (var o in _open.Values.Where(o => o.Status is OrderStatus.Assigned or OrderStatus.Running && o.TaskId is not null).ToList())
        {
            var trip = commands.Trips.Of(o.AgvSerial!) is { } t && t.Id == o.TaskId ? t : null;
            bool moving = trip is not null && registry.Find(o.AgvSerial!)?.State.AgvState == AgvState.Moving;
            // The wait is on the AGV's own entry (traffic control sets it, with or without a trip).
            await NoteAsync(o, _legs.Notice(o, moving, trip is null ? null : registry.Find(o.AgvSerial!)?.Wait?.OtherSerial, now));
        }
    }

    /// <summary>An event about the order's current leg, now.</summary>
    private OrderEvent LegEvent(Order order, OrderEventKind kind, string? detail = null) =>
        new(order.Id, _clock.GetUtcNow(), kind, order.AgvSerial, order.Leg, order.LegTarget, order.TaskId, Detail: detail);

    /// <summary>
    /// A running order whose AGV has stood idle with no trip for <see cref="StallAfter"/> (its
    /// task was lost, or its end never reported) is treated like one interrupted by a restart.
    /// </summary>
    private void NoticeStalled()
    {
        var now = _clock.GetUtcNow();
        foreach (var o in _open.Values)
        {
            bool stalled = o.Status is OrderStatus.Assigned or OrderStatus.Running && !o.LegPending && !_interrupted.ContainsKey(o.Id)
                           && registry.Find(o.AgvSerial!) is { Online: true } v && v.State.AgvState == AgvState.Idle && commands.Trips.Of(v.Serial) is null;
            if (!stalled) { _stalledSince.Remove(o.Id); continue; }
            if (!_stalledSince.TryGetValue(o.Id, out var since)) { _stalledSince[o.Id] = now; continue; }
            if (now - since < StallAfter) continue;
            _stalledSince.Remove(o.Id);
            _interrupted[o.Id] = true;
            logger.LogWarning("Order {Id} ({Type}, leg {Leg}, task {Task}) stalled: {Serial} stands idle at {Node} with nothing to drive; its leg is sent again",
                o.Id, o.Type, o.Leg, o.TaskId, o.AgvSerial, registry.Find(o.AgvSerial!)?.State.LastNodeId);
        }
        foreach (var id in _stalledSince.Keys.Where(id => !_open.ContainsKey(id)).ToList()) _stalledSince.Remove(id);
    }

    /// <summary>
    /// An order that was running when the console stopped: once its AGV is back, idle and free of
    /// any trip (it finished or dropped what it was driving), the current leg is sent again from
    /// where the AGV stands (out and back if it is already there, so the load action runs).
    /// </summary>
    private async Task ResumeInterruptedAsync()
    {
        foreach (var id in _interrupted.Keys)
        {
            if (!_open.TryGetValue(id, out var order) || order.Ended || order.LegPending) { _interrupted.TryRemove(id, out _); continue; }
            if (registry.Find(order.AgvSerial!) is not { Online: true } v || commands.Trips.Of(v.Serial) is not null || v.State.AgvState != AgvState.Idle) continue;
            if (maps.MapOfNode(v.State.LastNodeId) is null) continue;
            if (await SendLegAsync(order, v, order.LegTarget, order.LegTaskType) is not { } taskId) continue;
            _interrupted.TryRemove(id, out _);
            order.Resume(taskId, _clock.GetUtcNow());
            await SaveAsync(order, LegEvent(order, OrderEventKind.LegResent));
            logger.LogInformation("Order {Id} resumed on {Serial} after a restart (task {Task})", order.Id, v.Serial, taskId);
        }
    }

    private async Task FollowAsync(string serial, TaskReport report)
    {
        var order = _open.Values.FirstOrDefault(o => o.AgvSerial == serial && o.TaskId == report.TaskId);
        if (order is null) return;
        var now = _clock.GetUtcNow();
        switch (report.Status)
        {
            case TaskStatus.Accepted or TaskStatus.Running:
                if (order.Start(now)) await SaveAsync(order, _legs.Driving(order, now));
                break;
            case TaskStatus.Finished when order.Type == OrderType.Deliver && order.Leg == 0:
                order.Start(now);
                var arrived = Arrival(order);
                var v = registry.Find(serial);
                // The load is on this AGV: if its way out is held right now, the leg waits and is sent on a later tick.
                order.NextLeg(v is null ? null : await SendLegAsync(order, v, order.ToNodeId, TaskType.DropOff), now);
                await SaveAsync(order, [.. arrived, LegEvent(order, order.LegPending ? OrderEventKind.LegHeld : OrderEventKind.LegSent)]);
                break;
            case TaskStatus.Finished:
                order.Start(now);
                var end = Arrival(order);
                if (order.Finish(now)) await SaveAsync(order, [.. end, LegEvent(order, OrderEventKind.Finished)]);
                break;
            case TaskStatus.Failed:
                if (order.Fail($"the AGV reported the task failed at point {report.PointIndex} (error 0x{report.ErrorCode:X4})", now))
                    await SaveAsync(order, LegEvent(order, OrderEventKind.Failed, order.Error));
                break;
            case TaskStatus.Cancelled:
                if (order.Cancel("cancelled on the AGV", now)) await SaveAsync(order, LegEvent(order, OrderEventKind.Cancelled, order.Error));
                break;
        }
    }

    /// <summary>The current leg ended where it should: arrived, and the load action its task ran there.</summary>
    private OrderEvent[] Arrival(Order order) => order.LegTaskType switch
    {
        TaskType.PickUp => [LegEvent(order, OrderEventKind.Arrived), LegEvent(order, OrderEventKind.PickedUp)],
        TaskType.DropOff => [LegEvent(order, OrderEventKind.Arrived), LegEvent(order, OrderEventKind.DroppedOff)],
        _ => [LegEvent(order, OrderEventKind.Arrived)],
    };

    private static bool CanCarry(AgvType t) => t is AgvType.LatentLifting or AgvType.Forklift or AgvType.Roller or AgvType.Composite or AgvType.OmnidirectionalCarrier;

    private bool Available(Vehicle v, Order order)
    {
        var s = v.State;
        return v.Online && v.AutoDispatch && s.AgvState == AgvState.Idle && s.TaskId is 0 or 0xFFFFFFFF && s.BatteryPct >= MinBatteryPct
               && maps.MapOfNode(s.LastNodeId)?.MapId == s.MapId && s.LastNodeId != order.LegTarget
               && (order.Type == OrderType.Move || CanCarry(v.AgvType))
               && (order.RequestedAgv is null || order.RequestedAgv == v.Serial)
               && !HasOpenOrder(v.Serial);
    }

    private async Task TryAssignAsync(Order order)
    {
        if (maps.MapOfNode(order.LegTarget) is not { } floor) return;
        // An AGV from another floor (riding a lift) only when none on the order's floor could ever do it:
        // lifts are scarce, and a busy floor's own AGVs free up soon enough.
        bool served = registry.All.Any(v => v.Online && v.State.MapId == floor.MapId && (order.Type == OrderType.Move || CanCarry(v.AgvType))
                                            && (order.RequestedAgv is null || order.RequestedAgv == v.Serial));
        // The AGV whose journey there is quickest (a fuller battery counts a little). Ranked first by a lower
        // bound of each journey (no search), then planned in that order until no later AGV's bound can beat the
        // best journey found: the same choice as planning every AGV's route, with a few searches instead of
        // one per available AGV for every queued order (2 000 AGVs, hundreds of orders: the tick never ended).
        (Vehicle? Vehicle, PlannedJourney? Route) best = (null, null);
        double bestScore = double.PositiveInfinity;
        var ranked = registry.All.Where(v => Available(v, order) && (!served || v.State.MapId == floor.MapId))
            .Select(v => (Vehicle: v, Bound: JourneyPlanner.LowerBoundSeconds(maps, v.State.LastNodeId, order.LegTarget, v.MaxSpeed) - v.State.BatteryPct / 10.0))
            .OrderBy(x => x.Bound);
        foreach (var (v, bound) in ranked)
        {
            if (bound >= bestScore) break;
            if (Plan(v, order.LegTarget) is not { } route) continue;
            double score = route.Seconds - v.State.BatteryPct / 10.0;
            if (score < bestScore) (best, bestScore) = ((v, route), score);
        }
        if (best.Vehicle is null) return;
        var taskId = await SendLegAsync(order, best.Vehicle, order.LegTarget, order.LegTaskType, best.Route);
        if (taskId is { } id && order.Assign(best.Vehicle.Serial, id, _clock.GetUtcNow()))
            await SaveAsync(order, LegEvent(order, OrderEventKind.Assigned), LegEvent(order, OrderEventKind.LegSent));
    }

    /// <summary>Sends one leg; null when it could not be sent (the reason is in the audit log).</summary>
    private async Task<uint?> SendLegAsync(Order order, Vehicle v, uint target, TaskType type, PlannedJourney? journey = null)
    {
        journey ??= v.State.LastNodeId == target ? Here(v) : Plan(v, target);
        if (journey is null) return null;
        // The traffic kernel drives it there, the order's priority letting urgent AGVs go first.
        var outcome = await commands.DispatchJourneyAsync($"{Actor} (order {order.Id})", v.Serial, journey, type, Action(v.AgvType, type), order.Priority);
        return outcome.Outcome.Ok ? outcome.TaskId : null;
    }

    /// <summary>
    /// The fastest journey around AGVs standing still; when they wall the target off (idle AGVs gather where
    /// orders end), the fastest through them: the trip then waits on them, and traffic control moves them aside.
    /// </summary>
    private PlannedJourney? Plan(Vehicle v, uint target) =>
        JourneyPlanner.Plan(maps, v.State.LastNodeId, target, v.MaxSpeed, n => commands.Trips.Obstacle(v.Serial, n), v.WidthMm)
        ?? JourneyPlanner.Plan(maps, v.State.LastNodeId, target, v.MaxSpeed, null, v.WidthMm);

    /// <summary>
    /// A leg whose AGV already stands on its target (the kernel moved it there out of someone's way while
    /// its leg waited): a journey of that one node; traffic control runs the leg's load action where it stands.
    /// </summary>
    private PlannedJourney? Here(Vehicle v)
    {
        var s = v.State;
        return maps.Find(s.MapId) is { } map && map.Contains(s.LastNodeId) ? new PlannedJourney([new PlannedLeg(map.MapId, [s.LastNodeId])], 0) : null;
    }

    /// <summary>The load action at the end of a leg, by the AGV's kind: lift, fork or roller.</summary>
    private static ActuatorCommand[] Action(AgvType agv, TaskType task)
    {
        bool pick = task == TaskType.PickUp;
        if (task is not (TaskType.PickUp or TaskType.DropOff)) return [];
        return agv switch
        {
            AgvType.Forklift => [new ActuatorCommand(ActuatorType.Fork, 0, 1, pick ? 1000 : 0, 200)],
            AgvType.Roller => [new ActuatorCommand(ActuatorType.Roller, 0, 1, pick ? 500 : -500, 300)],
            _ => [new ActuatorCommand(ActuatorType.Lift, 0, (byte)(pick ? LiftAdjustment.LiftUp : LiftAdjustment.LiftDown), pick ? 60 : 0, 20)],
        };
    }
}
