using System.Diagnostics.Metrics;
using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Live;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// The console's meter ("AgvConsole"), made from the host's <see cref="IMeterFactory"/> (so a test
/// host's instruments end with it), with each layer's instruments registered by the layer that owns
/// the numbers. All are observable: they read counters the console keeps anyway when /metrics is
/// scraped, and nothing is added to the state-report path.
/// </summary>
public sealed class ConsoleMetrics : IHostedService
{
    public const string MeterName = "AgvConsole";

    private readonly IServiceProvider _services;

    public ConsoleMetrics(IServiceProvider services) => _services = services;

    public Task StartAsync(CancellationToken ct)
    {
        var sp = _services;
        var meter = sp.GetRequiredService<IMeterFactory>().Create(MeterName);
        var listener = sp.GetRequiredService<AgvListener>();
        ProtocolMetrics.Register(meter, () => listener.Running);
        FleetMetrics.Register(meter, sp.GetRequiredService<FleetHandler>(), sp.GetRequiredService<FleetRegistry>());
        OrderMetrics.Register(meter, sp.GetRequiredService<Dispatcher>());
        AlarmMetrics.Register(meter, sp.GetRequiredService<AlarmEngine>());
        TrafficMetrics.Register(meter, sp.GetRequiredService<ITrafficWaits>(), sp.GetService<TimeProvider>() ?? TimeProvider.System);
        HistoryMetrics.Register(meter, sp.GetRequiredService<HistoryWriter>());
        RegisterLivePush(meter, sp.GetRequiredService<LivePush>());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private static void RegisterLivePush(Meter meter, LivePush push)
    {
        meter.CreateObservableGauge("agvconsole.live.consoles", () => push.SubscriberCount, "{console}",
            "Browsers connected to the live feed (every open console page).");
        meter.CreateObservableCounter("agvconsole.live.batches.sent", () => Interlocked.Read(ref push.BatchesSent), "{batch}",
            "Batches of AGV updates pushed to browsers.");
        meter.CreateObservableCounter("agvconsole.live.batches.deferred", () => Interlocked.Read(ref push.BatchesDeferred), "{batch}",
            "Pushes held back because the browser had not applied the last batch yet (a slow browser).");
    }
}
