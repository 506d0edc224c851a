using System.Diagnostics.Metrics;

namespace AgvConsole.Data.Stores;

/// <summary>The history queue as metrics, read from <see cref="HistoryWriter"/>'s counters when a collector asks.</summary>
public static class HistoryMetrics
{
    public static void Register(Meter meter, HistoryWriter history)
    {
        meter.CreateObservableGauge("agvconsole.history.waiting", () => history.Pending, "{record}",
            "History records taken and not yet written to the database (rises while the database refuses writes).");
        meter.CreateObservableCounter("agvconsole.history.written", () => history.Written, "{record}",
            "History records written to the database.");
        meter.CreateObservableCounter("agvconsole.history.write_failures", () => history.FailedWrites, "{write}",
            "History batch writes that failed and are retried.");
    }
}
