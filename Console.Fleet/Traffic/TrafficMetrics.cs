using System.Diagnostics.Metrics;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Traffic waits as gauges, read through <see cref="ITrafficWaits"/> when a collector asks: how
/// many AGVs wait now, the longest and the total of their waits so far. (A histogram of finished
/// waits would need an event from inside the trip driver; gauges keep traffic control unaware of
/// metrics.) Alert on the longest wait: traffic control breaks a deadlock within seconds, so a
/// wait of minutes means an AGV stuck behind something it cannot resolve.
/// </summary>
public static class TrafficMetrics
{
    public static void Register(Meter meter, ITrafficWaits waits, TimeProvider clock)
    {
        meter.CreateObservableGauge("agvconsole.traffic.waiting", () => waits.Waiting.Count, "{agv}",
            "AGVs on a trip waiting for their next step, held by another AGV.");
        meter.CreateObservableGauge("agvconsole.traffic.wait.longest", () => Longest(waits, clock), "s",
            "How long the AGV waiting longest has waited so far (0 when none waits).");
        meter.CreateObservableGauge("agvconsole.traffic.wait.total", () => Total(waits, clock), "s",
            "The waits of every waiting AGV so far, added up.");
    }

    private static double Longest(ITrafficWaits waits, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        double longest = 0;
        foreach (var w in waits.Waiting) longest = Math.Max(longest, (now - w.Since).TotalSeconds);
        return longest;
    }

    private static double Total(ITrafficWaits waits, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        double total = 0;
        foreach (var w in waits.Waiting) total += Math.Max(0, (now - w.Since).TotalSeconds);
        return total;
    }
}
