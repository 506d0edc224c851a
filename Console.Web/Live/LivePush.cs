using System.Collections.Concurrent;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;
using Microsoft.AspNetCore.SignalR;

namespace AgvConsole.Web.Live;

/// <summary>
/// Pushes live AGV state to every open console over <see cref="FleetHub"/>, coalesced twice:
/// the registry queues a vehicle once however many reports arrive, and each browser has its own
/// pending set, so a browser that is still receiving the last batch simply gets the newest state
/// of everything that changed meanwhile. A browser that acknowledges batches (the live map does) is sent
/// the next one only after it applied the last, so what it shows stays fresh even when it cannot
/// draw as fast as the fleet reports. A slow browser never makes the AGV side wait, and its
/// backlog is bounded by the number of AGVs, not by time.
/// <para>
/// A live map watches one floor (<see cref="Watch"/>) and is sent compact batches (<see cref="FloorBatch"/>):
/// 44 bytes per changed AGV, and an AGV's path, spaces, errors and size only when they changed.
/// Other browser modules get the older <c>vehicles</c> message (<see cref="VehicleUpdate"/>).
/// </para>
/// </summary>
public sealed class LivePush(FleetRegistry registry, IHubContext<FleetHub> hub, ILogger<LivePush> logger) : BackgroundService
{
    /// <summary>How often changes are gathered and sent (the report rate of a fast AGV is 10 Hz).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>How often AGVs removed from the console are looked for (live maps are told to drop them).</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Subscriber> _subscribers = new();

    // Owned by the push loop: each AGV's index on the wire, stable while the console runs.
    private readonly Dictionary<Vehicle, int> _index = [];
    private int _nextIndex;

    public int SubscriberCount => _subscribers.Count;
    public long BatchesSent;
    public long BatchesDeferred;
    /// <summary>Bytes of compact records sent to live maps (the records only, before base64), for bench/ and metrics.</summary>
    public long RecordBytesSent;

    public void Add(string connectionId) => _subscribers[connectionId] = new Subscriber(connectionId);
    public void Remove(string connectionId) => _subscribers.TryRemove(connectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changed = new List<Vehicle>(1024);
        var removed = new List<(Vehicle Vehicle, int Index)>();
        long sweptAt = Environment.TickCount64;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            changed.Clear();
            removed.Clear();
            registry.DrainDirty(changed);
            if (Environment.TickCount64 - sweptAt >= SweepInterval.TotalMilliseconds)
            {
                sweptAt = Environment.TickCount64;
                Sweep(removed);
            }
            foreach (var sub in _subscribers.Values)
            {
                try { Offer(sub, changed, removed); }
                catch (Exception e) { logger.LogWarning(e, "Live push to {Connection} failed", sub.ConnectionId); }
            }
        }
    }

    /// <summary>How long a browser that acknowledges batches may take before the next one goes out anyway (an acknowledgement lost on a reconnect).</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The browser applied the last batch. A browser that says so (the live map does) gets
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
    /// The browser shows one floor (the live map): from now on it is sent compact batches of that
    /// floor's AGVs only, starting with every AGV on it. A site of many floors then costs each browser
    /// the AGVs it shows, not the whole fleet. Returns the watch's generation: batches of an earlier
    /// one (in flight when the floor changed) carry a smaller number.
    /// </summary>
    public int Watch(string connectionId, uint mapId)
    {
        if (!_subscribers.TryGetValue(connectionId, out var sub)) return 0;
        lock (sub)
        {
            sub.Floor = mapId;
            sub.Resync = true;
            return ++sub.Generation;
        }
    }

    private void Offer(Subscriber sub, List<Vehicle> changed, List<(Vehicle Vehicle, int Index)> removed)
    {
        object message;
        lock (sub)
        {
            if (sub.Floor is { } floor)
            {
                if (sub.Resync) Resync(sub, floor);
                foreach (var v in changed)
                {
                    // A live map watching one floor gets that floor's AGVs, and one last update of an AGV that left it.
                    if (v.MapId == floor) sub.OnFloor.Add(v);
                    else if (!sub.OnFloor.Remove(v)) continue;
                    sub.Pending.Add(v);
                }
                foreach (var (v, i) in removed)
                {
                    sub.OnFloor.Remove(v);
                    sub.Pending.Remove(v);
                    if (sub.Known.Remove(v)) sub.Gone.Add(i);
                }
            }
            else
            {
                foreach (var v in changed) sub.Pending.Add(v);
            }
            if (sub.Busy && !(sub.Acknowledges && Environment.TickCount64 - sub.SentAt > AckTimeout.TotalMilliseconds))
            {
                if (changed.Count > 0) Interlocked.Increment(ref BatchesDeferred);
                return;
            }
            if (sub.Pending.Count == 0 && sub.Gone.Count == 0) return;
            message = sub.Floor is null ? Updates(sub) : Compact(sub);
            sub.Pending.Clear();
            sub.Busy = true;
            sub.SentAt = Environment.TickCount64;
        }
        _ = SendAsync(sub, message is FloorBatch ? "floor" : "vehicles", message);
    }

    private static List<VehicleUpdate> Updates(Subscriber sub)
    {
        var batch = new List<VehicleUpdate>(sub.Pending.Count);
        foreach (var v in sub.Pending) batch.Add(VehicleUpdate.From(v));
        return batch;
    }

    /// <summary>A new floor (or the first): everything on it is sent again, slow parts included.</summary>
    private void Resync(Subscriber sub, uint floor)
    {
        sub.Resync = false;
        sub.OnFloor.Clear();
        sub.Pending.Clear();
        sub.Known.Clear();
        sub.Gone.Clear();
        foreach (var v in registry.All)
        {
            if (v.MapId != floor) continue;
            sub.OnFloor.Add(v);
            sub.Pending.Add(v);
        }
    }

    private FloorBatch Compact(Subscriber sub)
    {
        var records = new byte[sub.Pending.Count * FloorRecord.Size];
        List<VehicleDetail>? details = null;
        int at = 0;
        foreach (var v in sub.Pending)
        {
            int index = IndexOf(v);
            var (s, ts) = v.Live();
            // Traffic control's wait, from the AGV's own entry: an AGV moving out of someone's way (no trip) waits too.
            var wait = v.Wait;
            FloorRecord.Write(records.AsSpan(at, FloorRecord.Size), index, v.Online, s, ts, wait is not null, !v.AutoDispatch);
            at += FloorRecord.Size;
            if (Changes(sub, v, index, s, wait) is { } d) (details ??= []).Add(d);
        }
        int[]? gone = sub.Gone.Count > 0 ? [.. sub.Gone] : null;
        sub.Gone.Clear();
        Interlocked.Add(ref RecordBytesSent, records.Length);
        return new FloorBatch(sub.Generation, records, details, gone);
    }

    /// <summary>The slow parts of <paramref name="v"/> this browser does not have yet, or null when it has them all.</summary>
    private static VehicleDetail? Changes(Subscriber sub, Vehicle v, int index, in State s, TrafficWaitNote? wait)
    {
        string waitingFor = wait?.OtherSerial ?? "";
        uint waitNode = wait?.NodeId ?? 0;
        var path = v.CurrentPath;
        var cleared = v.Cleared;
        var spaces = v.Spaces;
        if (!sub.Known.TryGetValue(v, out var known))
        {
            sub.Known[v] = new Known(path, cleared, spaces, ErrorCodes(s), waitingFor, waitNode, v.LengthMm, v.WidthMm);
            return new VehicleDetail(index, v.Serial, [v.LengthMm, v.WidthMm], path, spaces, sub.Known[v].Errors, waitingFor, waitNode, cleared);
        }
        // Paths and spaces are replaced, never changed in place, where they are set (TrafficHost).
        bool pathChanged = !ReferenceEquals(path, known.Path), spacesChanged = !ReferenceEquals(spaces, known.Spaces);
        bool clearedChanged = !ReferenceEquals(cleared, known.Cleared);
        bool errorsChanged = !SameErrors(s, known.Errors), waitChanged = waitingFor != known.WaitingFor || waitNode != known.WaitNode;
        bool sizeChanged = v.LengthMm != known.Length || v.WidthMm != known.Width;
        if (!(pathChanged || clearedChanged || spacesChanged || errorsChanged || waitChanged || sizeChanged)) return null;
        var errors = errorsChanged ? ErrorCodes(s) : known.Errors;
        sub.Known[v] = new Known(path, cleared, spaces, errors, waitingFor, waitNode, v.LengthMm, v.WidthMm);
        return new VehicleDetail(index, null, sizeChanged ? [v.LengthMm, v.WidthMm] : null, pathChanged ? path : null, spacesChanged ? spaces : null,
            errorsChanged ? errors : null, waitChanged ? waitingFor : null, waitChanged ? waitNode : null, clearedChanged ? cleared : null);
    }

    private static int[] ErrorCodes(in State s)
    {
        if (s.Errors.Count == 0) return [];
        var codes = new int[s.Errors.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = s.Errors[i].Code;
        return codes;
    }

    private static bool SameErrors(in State s, int[] codes)
    {
        if (s.Errors.Count != codes.Length) return false;
        for (int i = 0; i < codes.Length; i++)
            if (s.Errors[i].Code != codes[i]) return false;
        return true;
    }

    private int IndexOf(Vehicle v)
    {
        if (!_index.TryGetValue(v, out int i)) _index[v] = i = _nextIndex++;
        return i;
    }

    /// <summary>AGVs taken out of the console since the last sweep: live maps that had them are told to drop them.</summary>
    private void Sweep(List<(Vehicle, int)> removed)
    {
        foreach (var (v, i) in _index)
            if (!ReferenceEquals(registry.Find(v.Serial), v)) removed.Add((v, i));
        foreach (var (v, _) in removed) _index.Remove(v);
    }

    private async Task SendAsync(Subscriber sub, string method, object message)
    {
        try
        {
            await hub.Clients.Client(sub.ConnectionId).SendAsync(method, message);
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

    /// <summary>Everything, once: what a browser module needs right after it connects.</summary>
    public IReadOnlyList<VehicleUpdate> Everything() => registry.All.Select(VehicleUpdate.From).ToList();

    /// <summary>What a live map was last sent of an AGV's slow parts.</summary>
    private sealed record Known(IReadOnlyList<uint> Path, IReadOnlyList<uint> Cleared, IReadOnlyList<int[]> Spaces, int[] Errors, string WaitingFor, uint WaitNode, int Length, int Width);

    private sealed class Subscriber(string connectionId)
    {
        public string ConnectionId { get; } = connectionId;
        public HashSet<Vehicle> Pending { get; } = [];
        public bool Busy { get; set; }
        public bool Acknowledges { get; set; }
        public long SentAt { get; set; }
        // A live map: the floor it watches, the watch's generation, and what it already has.
        public uint? Floor { get; set; }
        public int Generation { get; set; }
        public bool Resync { get; set; }
        public HashSet<Vehicle> OnFloor { get; } = [];
        public Dictionary<Vehicle, Known> Known { get; } = [];
        public List<int> Gone { get; } = [];
    }
}
