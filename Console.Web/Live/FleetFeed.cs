using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Live;

/// <summary>The live fleet as pages read it. Faked in component tests.</summary>
public interface IFleetFeed
{
    /// <summary>Every AGV now, with why it stands still.</summary>
    IReadOnlyList<AgvStatus> Agvs();

    /// <summary>One AGV now, or null.</summary>
    AgvStatus? Find(string serial);

    /// <summary>Per AGV online during the last shift: the share (0–1) of its online time it was working.</summary>
    IReadOnlyDictionary<string, double> Utilisation();

    /// <summary>Calls <paramref name="changed"/> (throttled) after the fleet changed. Dispose to stop.</summary>
    IDisposable Subscribe(Func<Task> changed);
}

/// <summary>
/// The fleet registry as a feed. Nothing is added to the StateReport path: each subscription has
/// one timer that reads the registry's version counter every <see cref="LiveOptions.MinInterval"/>
/// (the counter moves when an AGV comes, goes, connects, disconnects, or when the live push takes
/// the AGVs changed since its last pass, 20 times a second) and signals only when it moved.
/// </summary>
public sealed class FleetFeed(FleetRegistry registry, SiteMaps maps, VehicleCommands commands, Dispatcher dispatcher,
    ShiftRecorder shift, IOptions<LiveOptions> options, TimeProvider time, ILogger<FleetFeed> logger) : IFleetFeed
{
    public IReadOnlyList<AgvStatus> Agvs()
    {
        var busy = dispatcher.Open.Where(o => o.AgvSerial is not null).Select(o => o.AgvSerial!).ToHashSet(StringComparer.Ordinal);
        return registry.All.Select(v => Status(v, busy)).ToList();
    }

    public AgvStatus? Find(string serial) => registry.Find(serial) is { } v ? Status(v, dispatcher.HasOpenOrder(serial) ? new HashSet<string> { serial } : new HashSet<string>()) : null;

    private AgvStatus Status(Vehicle v, IReadOnlySet<string> busy)
    {
        var s = v.Snapshot();
        var trip = commands.Trips.Of(v.Serial);
        bool onNode = maps.Find(s.State.MapId)?.Contains(s.State.LastNodeId) == true;
        return new AgvStatus(s, AgvStatus.Explain(s, onNode, trip is not null || busy.Contains(v.Serial)));
    }

    public IReadOnlyDictionary<string, double> Utilisation() => shift.Utilisation();

    public IDisposable Subscribe(Func<Task> changed)
    {
        var interval = options.Value.MinInterval > TimeSpan.Zero ? options.Value.MinInterval : TimeSpan.FromMilliseconds(100);
        var subscription = new LiveSubscription(changed, options.Value.MinInterval, time, logger);
        long seen = registry.Version;
        var poll = time.CreateTimer(_ =>
        {
            long now = registry.Version;
            if (now == Interlocked.Exchange(ref seen, now)) return;
            subscription.Signal();
        }, null, interval, interval);
        return new Both(poll, subscription);
    }

    private sealed class Both(ITimer poll, LiveSubscription subscription) : IDisposable
    {
        public void Dispose()
        {
            poll.Dispose();
            subscription.Dispose();
        }
    }
}
