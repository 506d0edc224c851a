using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;

namespace AgvConsole.Web.Live;

/// <summary>
/// What the operations overview shows about the shift, kept in memory and bounded: the orders that
/// ended in the last <see cref="Shift"/> and the orders assigned in it with how long each waited for
/// its AGV (both seeded from the database at start, then from the dispatcher), and per AGV how long it
/// was online and working, sampled every <see cref="SampleEvery"/> into ten-minute buckets.
/// Utilisation therefore counts from the console's start, over at most a shift.
/// </summary>
public sealed class ShiftRecorder(FleetRegistry registry, Dispatcher dispatcher, IOrderRepository orders, IOrderEventRepository timelines, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<ShiftRecorder> logger)
    : BackgroundService
{
    /// <summary>The overview's window: the last eight hours (a shift).</summary>
    public static readonly TimeSpan Shift = TimeSpan.FromHours(8);
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);
    public const int MaxEndedOrders = 50_000;
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(10);
    private static readonly int Buckets = (int)(Shift / Bucket) + 1;

    private readonly object _gate = new();
    private readonly LinkedList<Order> _ended = new(); // by end time
    private readonly HashSet<long> _endedIds = [];
    private readonly LinkedList<OrderWait> _assigned = new(); // by assignment time
    private readonly HashSet<long> _assignedIds = [];
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastSample;

    public override Task StartAsync(CancellationToken ct)
    {
        dispatcher.Changed += Record;
        dispatcher.Recorded += RecordAssignment;
        return base.StartAsync(ct);
    }

    /// <summary>The orders that ended in the last shift, from the database (once every service started: the database is set up by then).</summary>
    private async Task SeedAsync(CancellationToken ct)
    {
        try
        {
            var since = time.GetUtcNow() - Shift;
            foreach (var o in (await orders.RecentAsync(MaxEndedOrders, ct)).Where(o => o.Ended && o.UpdatedAt >= since).OrderBy(o => o.UpdatedAt))
                Record(o);
            foreach (var w in await timelines.AssignedSinceAsync(since, ct)) RecordWait(w);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the shift's orders; the overview counts from now");
        }
    }

    public override Task StopAsync(CancellationToken ct)
    {
        dispatcher.Changed -= Record;
        dispatcher.Recorded -= RecordAssignment;
        return base.StopAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleEvery, time);
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            await SeedAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken)) Sample(time.GetUtcNow());
        }
        catch (OperationCanceledException) { }
    }

    private void Record(Order o)
    {
        if (!o.Ended) return;
        lock (_gate)
        {
            if (!_endedIds.Add(o.Id)) return;
            _ended.AddLast(o);
            Trim(time.GetUtcNow());
        }
    }

    private void RecordAssignment(Order o, OrderEvent e)
    {
        if (e.Kind == OrderEventKind.Assigned) RecordWait(new OrderWait(o.Id, o.CreatedAt, e.At));
    }

    private void RecordWait(OrderWait w)
    {
        lock (_gate)
        {
            if (!_assignedIds.Add(w.OrderId)) return;
            _assigned.AddLast(w);
            Trim(time.GetUtcNow());
        }
    }

    private void Trim(DateTimeOffset now)
    {
        while (_ended.First is { } first && (_ended.Count > MaxEndedOrders || first.Value.UpdatedAt < now - Shift))
        {
            _endedIds.Remove(first.Value.Id);
            _ended.RemoveFirst();
        }
        while (_assigned.First is { } first && (_assigned.Count > MaxEndedOrders || first.Value.AssignedAt < now - Shift))
        {
            _assignedIds.Remove(first.Value.OrderId);
            _assigned.RemoveFirst();
        }
    }

    public IReadOnlyList<Order> EndedSince(DateTimeOffset since)
    {
        lock (_gate) return _ended.Where(o => o.UpdatedAt >= since).ToList();
    }

    /// <summary>The orders assigned to an AGV since <paramref name="since"/>, with how long each waited (queued → assigned), oldest first.</summary>
    public IReadOnlyList<OrderWait> AssignedSince(DateTimeOffset since)
    {
        lock (_gate) return _assigned.Where(w => w.AssignedAt >= since).ToList();
    }

    /// <summary>Adds the time since the last sample to each AGV's online and working time (called by the timer; tests call it).</summary>
    public void Sample(DateTimeOffset now)
    {
        lock (_gate)
        {
            var elapsed = _lastSample is { } last ? now - last : TimeSpan.Zero;
            _lastSample = now;
            if (elapsed <= TimeSpan.Zero || elapsed > SampleEvery * 3) return; // the first sample, or the machine slept: count nothing
            long bucket = now.UtcTicks / Bucket.Ticks;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in registry.All)
            {
                seen.Add(v.Serial);
                if (!v.Online) continue;
                if (!_usage.TryGetValue(v.Serial, out var u)) _usage[v.Serial] = u = new Usage();
                u.Add(bucket, elapsed.TotalSeconds, StateGroups.Of(v.Snapshot()) == StateGroup.Working);
            }
            foreach (var gone in _usage.Keys.Where(k => !seen.Contains(k)).ToList()) _usage.Remove(gone);
            Trim(now);
        }
    }

    /// <summary>Per AGV that was online in the last shift: the share (0–1) of its online time it was working.</summary>
    public IReadOnlyDictionary<string, double> Utilisation()
    {
        long from = (time.GetUtcNow() - Shift).UtcTicks / Bucket.Ticks;
        lock (_gate)
        {
            var result = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (serial, u) in _usage)
                if (u.Share(from) is { } share) result[serial] = share;
            return result;
        }
    }

    /// <summary>Seconds online and working per ten-minute bucket, in a ring of one shift.</summary>
    private sealed class Usage
    {
        private readonly long[] _bucket = new long[Buckets];
        private readonly double[] _online = new double[Buckets];
        private readonly double[] _working = new double[Buckets];

        public void Add(long bucket, double seconds, bool working)
        {
            int i = (int)(bucket % Buckets);
            if (_bucket[i] != bucket) { _bucket[i] = bucket; _online[i] = 0; _working[i] = 0; }
            _online[i] += seconds;
            if (working) _working[i] += seconds;
        }

        public double? Share(long fromBucket)
        {
            double online = 0, working = 0;
            for (int i = 0; i < Buckets; i++)
                if (_bucket[i] >= fromBucket) { online += _online[i]; working += _working[i]; }
            return online > 0 ? working / online : null;
        }
    }
}
