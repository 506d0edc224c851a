using System.Diagnostics.Metrics;

namespace AgvConsole.Fleet.Orders;

/// <summary>
/// Transport orders as metrics: open orders by status, and a counter of orders that ended, by how
/// they ended; "finished per hour" is <c>increase(agvconsole_orders_ended_total{status="finished"}[1h])</c>.
/// </summary>
public static class OrderMetrics
{
    private static readonly OrderStatus[] OpenStatuses = [OrderStatus.Queued, OrderStatus.Assigned, OrderStatus.Running];
    private static readonly OrderStatus[] EndStatuses = [OrderStatus.Finished, OrderStatus.Failed, OrderStatus.Cancelled];

    public static void Register(Meter meter, Dispatcher dispatcher)
    {
        meter.CreateObservableGauge("agvconsole.orders.open", () => Open(dispatcher), "{order}",
            "Open transport orders by status (queued, assigned, running).");
        meter.CreateObservableCounter("agvconsole.orders.ended",
            () => EndStatuses.Select(s => new Measurement<long>(dispatcher.EndedCount(s), Status(s))), "{order}",
            "Transport orders that ended since the console started, by status (finished, failed, cancelled).");
    }

    private static IEnumerable<Measurement<int>> Open(Dispatcher dispatcher)
    {
        var counts = new int[OpenStatuses.Length];
        foreach (var o in dispatcher.Open)
        {
            int i = Array.IndexOf(OpenStatuses, o.Status);
            if (i >= 0) counts[i]++;
        }
        return OpenStatuses.Select((s, i) => new Measurement<int>(counts[i], Status(s)));
    }

    private static KeyValuePair<string, object?> Status(OrderStatus s) => new("status", s.ToString().ToLowerInvariant());
}
