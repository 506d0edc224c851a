using System.Collections.Concurrent;
using AgvConsole.Fleet.Live;
using Microsoft.AspNetCore.SignalR;

namespace AgvConsole.Web.Live;

/// <summary>
/// Pushes live AGV state to every open console over <see cref="FleetHub"/>, coalesced twice:
/// the registry queues a vehicle once however many reports arrive, and each browser has its own
/// pending set, so a browser that is still receiving the last batch simply gets the newest state
/// of everything that changed meanwhile. A browser that acknowledges batches (hub.js does) is sent
/// the next one only after it applied the last, so what it shows stays fresh even when it cannot
/// draw as fast as the fleet reports. A slow browser never makes the AGV side wait, and its
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

    /// <summary>How long a browser that acknowledges batches may take before the next one goes out anyway (an acknowledgement lost on a reconnect).</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The browser applied the last batch. A browser that says so (the console's own hub.js does) gets
    /// its next batch only then: a browser slower than the fleet's report rate gets fewer, fresher
    /// batches instead of a queue in the socket that makes everything it shows seconds old.
    /// </summary>
    public void Acknowledged(string connectionId)
    {
        if (!_subscribers.TryGetValue(connectionId, out var sub)) return;
        lock (sub)
        {
            sub.Acknowledges = true;
            sub.Busy = false;
        }
    }

    /// <summary>
    /// The browser shows one floor (the live map): from now on it is sent only the AGVs on that floor.
    /// A site of many floors then costs each browser the AGVs it shows, not the whole fleet.
    /// </summary>
    public void Watch(string connectionId, uint mapId)
    {
        if (!_subscribers.TryGetValue(connectionId, out var sub)) return;
        lock (sub)
        {
            sub.Floor = mapId;
            sub.OnFloor.Clear();
        }
    }

    private void Offer(Subscriber sub, List<Vehicle> changed)
    {
        List<VehicleUpdate> batch;
        lock (sub)
        {
            foreach (var v in changed)
            {
                if (sub.Floor is { } floor)
                {
                    // A live map watching one floor gets that floor's AGVs, and one last update of an AGV that left it.
                    if (v.MapId == floor) sub.OnFloor.Add(v);
                    else if (!sub.OnFloor.Remove(v)) continue;
                }
                sub.Pending.Add(v);
            }
            if (sub.Busy && !(sub.Acknowledges && Environment.TickCount64 - sub.SentAt > AckTimeout.TotalMilliseconds))
            {
                if (changed.Count > 0) Interlocked.Increment(ref BatchesDeferred);
                return;
            }
            if (sub.Pending.Count == 0) return;
            batch = new List<VehicleUpdate>(sub.Pending.Count);
            foreach (var v in sub.Pending) batch.Add(VehicleUpdate.From(v));
            sub.Pending.Clear();
            sub.Busy = true;
            sub.SentAt = Environment.TickCount64;
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
            // A browser that acknowledges is free again when it says so; any other when the batch is written.
            lock (sub) if (!sub.Acknowledges) sub.Busy = false;
        }
    }

    /// <summary>Everything, once: what a browser needs right after it connects.</summary>
    public IReadOnlyList<VehicleUpdate> Everything() => registry.All.Select(VehicleUpdate.From).ToList();

    private sealed class Subscriber(string connectionId)
    {
        public string ConnectionId { get; } = connectionId;
        public HashSet<Vehicle> Pending { get; } = [];
        public bool Busy { get; set; }
        public bool Acknowledges { get; set; }
        public uint? Floor { get; set; }
        public HashSet<Vehicle> OnFloor { get; } = [];
        public long SentAt { get; set; }
    }
}
