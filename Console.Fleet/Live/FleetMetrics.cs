using System.Diagnostics.Metrics;

namespace AgvConsole.Fleet.Live;

/// <summary>
/// The live fleet's numbers as metrics, read when a collector asks: the state-report counter the
/// handler already keeps (one Interlocked increment per report, nothing added to that path) and
/// the AGVs the registry knows by state.
/// </summary>
public static class FleetMetrics
{
    public static void Register(Meter meter, FleetHandler handler, FleetRegistry registry)
    {
        meter.CreateObservableCounter("agvconsole.fleet.state_reports", () => handler.StateReports, "{report}",
            "State reports received from AGVs (every session). Its rate is the fleet's report rate.");
        meter.CreateObservableGauge("agvconsole.agvs", () => ByState(registry), "{agv}",
            "AGVs the console knows, by state (the protocol's state name in camelCase, or offline).");
    }

    private static IEnumerable<Measurement<int>> ByState(FleetRegistry registry) =>
        registry.CountByState().Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("state", s.Key)));
}
