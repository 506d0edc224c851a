using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Orders;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The operations overview's figures, computed from the feeds at one moment (a pure function: the
/// page shows them, tests check them).
/// Waiting time is how long an order waited for an AGV: from queued to assigned (the dispatcher's
/// timeline records the assignment), over the orders assigned in the window and those still queued,
/// which count with how long they have waited so far (a queue nobody serves must not look short).
/// Lead time runs from queued to finished, over the orders finished in the window.
/// </summary>
public sealed record OverviewFigures(
    IReadOnlyDictionary<StateGroup, int> AgvsByGroup,
    int Agvs,
    int Queued,
    int Assigned,
    int Running,
    int Finished,
    int FailedOrCancelled,
    IReadOnlyList<(DateTimeOffset HourStart, int Finished)> ThroughputPerHour,
    TimeSpan? AverageWait,
    TimeSpan? LongestWait,
    int Waits,
    TimeSpan? AverageLeadTime,
    TimeSpan? LongestLeadTime,
    IReadOnlyDictionary<EventLevel, int> AlarmsByLevel,
    Alarm? OldestUnacknowledged,
    int Unacknowledged,
    IReadOnlyList<AgvStatus> BatteryLowest,
    int? BatteryMin,
    int? BatteryMedian,
    int? BatteryMax,
    IReadOnlyList<int> BatteryBands,
    double? AverageUtilisation,
    IReadOnlyList<(string Serial, double Share)> Utilisation)
{
    public const int Hours = 8;
    public static readonly string[] BandLabels = ["0–19 %", "20–39 %", "40–59 %", "60–79 %", "80–100 %"];

    public int OpenOrders => Queued + Assigned + Running;
    public int ActiveAlarms => AlarmsByLevel.Values.Sum();

    /// <param name="hourOf">The start of the site's hour a time falls in (the chart's buckets are site hours).</param>
    /// <param name="assigned">the orders assigned in the window, with when each was queued and assigned.</param>
    public static OverviewFigures From(IReadOnlyList<AgvStatus> agvs, IReadOnlyDictionary<string, double> utilisation, IReadOnlyCollection<Order> open,
        IReadOnlyList<Order> ended, IReadOnlyList<OrderWait> assigned, IReadOnlyCollection<Alarm> alarms, DateTimeOffset now, Func<DateTimeOffset, DateTimeOffset> hourOf)
    {
        var byGroup = StateGroups.All.ToDictionary(g => g, _ => 0);
        foreach (var a in agvs) byGroup[StateGroups.Of(a.Agv)]++;

        var queued = open.Where(o => o.Status == OrderStatus.Queued).ToList();
        var finished = ended.Where(o => o.Status == OrderStatus.Finished).ToList();
        var waits = assigned.Select(w => w.Waited).Concat(queued.Select(o => now - o.CreatedAt)).ToList();
        var leads = finished.Select(o => o.UpdatedAt - o.CreatedAt).ToList();

        var currentHour = hourOf(now);
        var hours = Enumerable.Range(0, Hours).Select(i => currentHour.AddHours(i - (Hours - 1))).ToList();
        var perHour = hours.Select(h => (h, finished.Count(o => hourOf(o.UpdatedAt) == h))).ToList();

        var byLevel = Enum.GetValues<EventLevel>().OrderByDescending(l => l).ToDictionary(l => l, l => alarms.Count(a => a.Level == l));
        var unacknowledged = alarms.Where(a => a.AcknowledgedAt is null).ToList();

        var reporting = agvs.Where(a => a.Online && a.Agv.LastReportAt is not null).OrderBy(a => a.State.BatteryPct).ThenBy(a => a.Serial).ToList();
        var levels = reporting.Select(a => (int)a.State.BatteryPct).ToList();
        var bands = new int[BandLabels.Length];
        foreach (var pct in levels) bands[Math.Clamp(pct / 20, 0, BandLabels.Length - 1)]++;

        var use = utilisation.OrderByDescending(u => u.Value).ThenBy(u => u.Key).Select(u => (u.Key, u.Value)).ToList();

        return new OverviewFigures(byGroup, agvs.Count,
            queued.Count, open.Count(o => o.Status == OrderStatus.Assigned), open.Count(o => o.Status == OrderStatus.Running),
            finished.Count, ended.Count - finished.Count, perHour,
            Average(waits), waits.Count > 0 ? waits.Max() : null, waits.Count, Average(leads), leads.Count > 0 ? leads.Max() : null,
            byLevel, unacknowledged.MinBy(a => a.RaisedAt), unacknowledged.Count,
            reporting.Take(3).ToList(), levels.Count > 0 ? levels[0] : null, levels.Count > 0 ? levels[levels.Count / 2] : null,
            levels.Count > 0 ? levels[^1] : null, bands,
            use.Count > 0 ? use.Average(u => u.Value) : null, use);
    }

    private static TimeSpan? Average(List<TimeSpan> spans) => spans.Count == 0 ? null : TimeSpan.FromTicks((long)spans.Average(s => s.Ticks));
}
