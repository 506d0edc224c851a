using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Orders;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Ui;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// Feeds a test fills by hand. Subscriptions are the real <see cref="LiveSubscription"/> with no
/// minimum interval; <c>Changed()</c> signals them as the console's feeds do.
/// </summary>
public abstract class FakeFeed
{
    private readonly List<LiveSubscription> _subscriptions = [];
    public int Subscribers { get { lock (_subscriptions) return _subscriptions.Count; } }

    protected LiveSubscription Add(Func<Task> callback)
    {
        LiveSubscription? s = null;
        s = new LiveSubscription(callback, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance, x => { lock (_subscriptions) _subscriptions.Remove(x); });
        lock (_subscriptions) _subscriptions.Add(s);
        return s;
    }

    public void Changed()
    {
        lock (_subscriptions) foreach (var s in _subscriptions) s.Signal();
    }
}

public sealed class FakeFleetFeed : FakeFeed, IFleetFeed
{
    public List<AgvStatus> List { get; } = [];
    public Dictionary<string, double> Usage { get; } = new();

    public IReadOnlyList<AgvStatus> Agvs() => List.ToList();
    public AgvStatus? Find(string serial) => List.FirstOrDefault(a => a.Serial == serial);
    public IReadOnlyDictionary<string, double> Utilisation() => Usage;
    public IDisposable Subscribe(Func<Task> changed) => Add(changed);

    /// <summary>An AGV as the registry would give it; <paramref name="reason"/> as FleetFeed would explain it.</summary>
    public static AgvStatus Agv(string serial, AgvState state = AgvState.Idle, bool online = true, int battery = 80, uint mapId = 1,
        string vendor = "Kivo", AgvType type = AgvType.LatentLifting, StandStill? reason = null, string? waitingFor = null, bool charging = false,
        DateTimeOffset? lastReport = null)
    {
        var s = new State { AgvState = state, BatteryPct = (byte)battery, MapId = mapId, Charging = charging, TaskId = 0xFFFFFFFF, LastNodeId = 1001, NextNodeId = 0xFFFFFFFF };
        var snapshot = new VehicleSnapshot(serial, 1, vendor, "M1", type, NavigationType.LaserSlam, true, online, false, s,
            online ? lastReport ?? DateTimeOffset.UtcNow : lastReport, online ? DateTimeOffset.UtcNow : null, 1000, 700, [])
        {
            // 42 s before ConsolePageContext's clock.
            Wait = waitingFor is null ? null : new TrafficWaitNote($"{serial} waits for {waitingFor} to pass node 1002 first", waitingFor, 1002, new DateTimeOffset(2026, 11, 30, 8, 29, 18, TimeSpan.Zero)),
        };
        return new AgvStatus(snapshot, reason ?? AgvStatus.Explain(snapshot, onNode: true, busy: false));
    }

    public void Set(string serial, Func<AgvStatus, AgvStatus> change)
    {
        int i = List.FindIndex(a => a.Serial == serial);
        List[i] = change(List[i]);
        Changed();
    }
}

public sealed class FakeAlarmFeed : FakeFeed, IAlarmFeed
{
    private readonly List<(LiveSubscription Subscription, Queue<AlarmChange> Buffer)> _changeSubscribers = [];
    public List<Alarm> List { get; } = [];

    public IReadOnlyCollection<Alarm> Active() => List.ToList();
    public int Unacknowledged() => List.Count(a => a.AcknowledgedAt is null);
    public IDisposable Subscribe(Func<Task> changed) => Add(changed);

    public IDisposable SubscribeChanges(Func<IReadOnlyList<AlarmChange>, Task> changed)
    {
        var buffer = new Queue<AlarmChange>();
        var s = Add(() =>
        {
            AlarmChange[] batch;
            lock (buffer) { batch = buffer.ToArray(); buffer.Clear(); }
            return changed(batch);
        });
        lock (_changeSubscribers) _changeSubscribers.Add((s, buffer));
        return s;
    }

    /// <summary>Adds (raised) or updates an alarm and announces the change.</summary>
    public void Announce(Alarm alarm, string change)
    {
        if (change == "raised") List.Add(alarm);
        if (change == "cleared") List.Remove(alarm);
        lock (_changeSubscribers)
            foreach (var (_, buffer) in _changeSubscribers)
                lock (buffer) buffer.Enqueue(new AlarmChange(alarm, change));
        Changed();
    }

    public static Alarm Of(long id, string serial, EventLevel level, DateTimeOffset raisedAt, string text = "battery 15 % (below 20 %)", string rule = "Low battery") =>
        new(id, serial, 1, rule, AlarmSource.LowBattery, 0, level, text, raisedAt);
}

public sealed class FakeOrderFeed : FakeFeed, IOrderFeed
{
    public List<Order> OpenList { get; } = [];
    public List<Order> EndedList { get; } = [];
    public List<OrderWait> AssignedList { get; } = [];
    /// <summary>Orders only in the database (the history beyond the shift).</summary>
    public List<Order> StoredList { get; } = [];
    public Dictionary<long, List<OrderEvent>> Timelines { get; } = new();
    public IReadOnlyCollection<Order> Open() => OpenList.ToList();
    public IReadOnlyList<Order> EndedWithin(TimeSpan window) => EndedList.ToList();
    public IReadOnlyList<OrderWait> AssignedWithin(TimeSpan window) => AssignedList.ToList();
    public IDisposable Subscribe(Func<Task> changed) => Add(changed);

    private IEnumerable<Order> All => OpenList.Concat(EndedList).Concat(StoredList).DistinctBy(o => o.Id);

    public Task<Order?> FindAsync(long id) => Task.FromResult(All.FirstOrDefault(o => o.Id == id));

    public Task<IReadOnlyList<OrderEvent>> TimelineAsync(long id) =>
        Task.FromResult<IReadOnlyList<OrderEvent>>(Timelines.TryGetValue(id, out var t) ? t.ToList() : []);

    /// <summary>As the order store searches (newest first; text in the external id or serial, or the places given).</summary>
    public Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(AgvConsole.Fleet.Persistence.OrderQuery q)
    {
        var rows = All.Where(o => q.Statuses is not { Count: > 0 } || q.Statuses.Contains(o.Status));
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            var text = q.Text.Trim();
            var nodes = q.Nodes ?? [];
            rows = rows.Where(o => o.ExternalId.Contains(text, StringComparison.OrdinalIgnoreCase) || (o.AgvSerial?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                                   || nodes.Contains(o.ToNodeId) || (o.FromNodeId is { } f && nodes.Contains(f)));
        }
        var list = rows.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).ToList();
        return Task.FromResult<(IReadOnlyList<Order>, int)>((list.Skip(q.Skip).Take(q.Take).ToList(), list.Count));
    }

    /// <summary>Mirrors a real dispatcher: its orders and their timelines show up here as the console's feed shows them.</summary>
    public void Follow(Dispatcher dispatcher)
    {
        dispatcher.Changed += o =>
        {
            lock (OpenList)
            {
                OpenList.RemoveAll(x => x.Id == o.Id);
                EndedList.RemoveAll(x => x.Id == o.Id);
                (o.Ended ? EndedList : OpenList).Add(o);
            }
            Changed();
        };
        dispatcher.Recorded += (_, e) =>
        {
            lock (Timelines)
            {
                if (!Timelines.TryGetValue(e.OrderId, out var t)) Timelines[e.OrderId] = t = [];
                t.Add(e);
            }
            Changed();
        };
    }

    public static Order Queued(long id, DateTimeOffset created) =>
        new() { Id = id, ExternalId = $"ext-{id}", Type = OrderType.Move, ToNodeId = 1001, CreatedAt = created };

    public static Order Finished(long id, DateTimeOffset created, DateTimeOffset finished)
    {
        var o = Queued(id, created);
        o.Assign("DEMO-01", 1, created);
        o.Start(created);
        o.Finish(finished);
        return o;
    }
}

/// <summary>Site time in a fixed zone (UTC+8, Asia/Shanghai has no daylight saving).</summary>
public sealed class FakeSiteTime(TimeProvider time) : ISiteTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    public string Label => "UTC+08:00";
    public DateTimeOffset ToSite(DateTimeOffset t) => t.ToOffset(Offset);
    public string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss") => ToSite(t).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    public TimeProvider Time { get; } = time;
}
