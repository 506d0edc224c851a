using System.Collections.Concurrent;
using AgvConsole.Fleet.Live;
using Microsoft.AspNetCore.SignalR;

namespace AgvConsole.Web.Live;

/// <summary>
/// Pushes live AGV state to every open console over <see cref="FleetHub"/>, coalesced twice:
/// the registry queues a vehicle once however many reports arrive, and each browser has its own
/// pending set, so a browser that is still receiving the last batch simply gets the newest state
/// of everything that changed meanwhile. A slow browser never makes the AGV side wait, and its
/// backlog is bounded by the number of AGVs, not by time.
/// </summary>
public sealed class LivePush(FleetRegistry registry, IHubContext<FleetHub> hub, ILogger<LivePush> logger) : BackgroundService
{
    /// <summary>How often changes are gathered and sent (the report rate of a fast AGV is 10 Hz).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, Subscriber> _subscribers = new();

    public int SubscriberCount => _subscribers.Count;
    public long BatchesSent;
    public long BatchesDeferred;

    public void Add(string connectionId) => _subscribers[connectionId] = new Subscriber(connectionId);
    public void Remove(string connectionId) => _subscribers.TryRemove(connectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changed = new List<Vehicle>(1024);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            changed.Clear();
            registry.DrainDirty(changed);
            foreach (var sub in _subscribers.Values)
            {
                try { Offer(sub, changed); }
                catch (Exception e) { logger.LogWarning(e, "Live push to {Connection} failed", sub.ConnectionId); }
            }
        }
    }

    private void Offer(Subscriber sub, List<Vehicle> changed)
    {
        List<VehicleUpdate> batch;
        lock (sub)
        {
            foreach (var v in changed) sub.Pending.Add(v);
            if (sub.Busy)
            {
                if (changed.Count > 0) Interlocked.Increment(ref BatchesDeferred);
                return;
            }
            if (sub.Pending.Count == 0) return;
            batch = new List<VehicleUpdate>(sub.Pending.Count);
            foreach (var v in sub.Pending) batch.Add(VehicleUpdate.From(v));
            sub.Pending.Clear();
            sub.Busy = true;
        }
        _ = SendAsync(sub, batch);
    }

    private async Task SendAsync(Subscriber sub, List<VehicleUpdate> batch)
    {
        try
        {
            await hub.Clients.Client(sub.ConnectionId).SendAsync("vehicles", batch);
            Interlocked.Increment(ref BatchesSent);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Sending to {Connection} failed", sub.ConnectionId);
        }
        finally
        {
            lock (sub) sub.Busy = false;
        }
    }

    /// <summary>Everything, once: what a browser needs right after it connects.</summary>
    public IReadOnlyList<VehicleUpdate> Everything() => registry.All.Select(VehicleUpdate.From).ToList();

    private sealed class Subscriber(string connectionId)
    {
        public string ConnectionId { get; } = connectionId;
        public HashSet<Vehicle> Pending { get; } = [];
        public bool Busy { get; set; }
    }
}
