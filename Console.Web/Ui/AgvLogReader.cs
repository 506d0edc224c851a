using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;

namespace AgvConsole.Web.Ui;

/// <summary>What a line of an AGV's log is (the page filters by it).</summary>
public enum LogKind { Event, State, Command, Alarm }

/// <summary>
/// One line of the log, as recorded; the page puts it in words. <see cref="What"/> is the event kind
/// ("registered", "offline"), the state name, the audited action or the alarm step ("raised").
/// </summary>
public sealed record LogEntry(DateTimeOffset At, LogKind Kind, string What)
{
    /// <summary>The AGV's or the console's own text (an event's text, a command's detail and answer, an alarm's text or comment).</summary>
    public string Text { get; init; } = "";
    public string? Level { get; init; }
    public int Code { get; init; }
    /// <summary>Who sent the command or handled the alarm.</summary>
    public string? Who { get; init; }
    public long AlarmId { get; init; }
    public string? Rule { get; init; }
    public StateSampleRecord? Sample { get; init; }
}

/// <summary>An AGV's recorded history in a period: chart series (at most <see cref="AgvLogReader.MaxPoints"/> points each) and the timeline, newest first.</summary>
public sealed record AgvLogData(
    IReadOnlyList<(DateTimeOffset At, double Value)> Battery,
    IReadOnlyList<(DateTimeOffset At, double Value)> MotorTemp,
    IReadOnlyList<(DateTimeOffset At, double Value)> BatteryTemp,
    IReadOnlyList<(DateTimeOffset At, double Value)> ControllerTemp,
    IReadOnlyList<(DateTimeOffset At, double Value)> OdometerKm,
    IReadOnlyList<LogEntry> Timeline);

/// <summary>Reads an AGV's log from the history, the audit log and the alarms.</summary>
public sealed class AgvLogReader(IHistoryQuery history, IAuditSink audit, IAlarmRepository alarms)
{
    /// <summary>A chart draws no more points than this per series (a 31-day period holds hundreds of thousands of samples).</summary>
    public const int MaxPoints = 400;
    /// <summary>The timeline keeps the newest this many lines.</summary>
    public const int MaxLines = 1000;

    public async Task<AgvLogData> ReadAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var samples = await history.StateSamplesAsync(serial, from, to, ct);
        var runData = await history.RunDataAsync(serial, from, to, ct);
        var events = await history.EventsAsync(serial, from, to, ct);
        // The audit's target filter matches a part of the target: keep only this AGV's own lines.
        var commands = (await audit.SearchAsync(new AuditQuery(Target: serial, From: from, To: to, Limit: 2000), ct)).Where(a => a.Target == serial);
        // An alarm raised before the period can have steps inside it.
        var raised = await alarms.SearchAsync(new AlarmQuery(Serial: serial, From: from.AddDays(-1), To: to, Limit: 500), ct);

        var timeline = new List<LogEntry>();
        timeline.AddRange(events.Select(e => new LogEntry(e.At, LogKind.Event, e.Kind) { Text = e.Text, Level = e.Level, Code = e.Code }));
        string? last = null;
        foreach (var s in samples)
        {
            if (s.State != last) timeline.Add(new LogEntry(s.At, LogKind.State, s.State) { Sample = s });
            last = s.State;
        }
        timeline.AddRange(commands.Select(c => new LogEntry(c.At, LogKind.Command, c.Action) { Who = c.Actor, Text = $"{c.Detail} → {c.Outcome}" }));
        foreach (var a in raised)
            foreach (var step in a.Timeline.Where(t => t.At >= from && t.At <= to))
                timeline.Add(new LogEntry(step.At, LogKind.Alarm, step.What)
                {
                    AlarmId = a.Id, Rule = a.RuleName, Level = a.Level.ToString(), Who = step.Who,
                    Text = step.What == "raised" ? a.Text : step.Comment ?? "",
                });

        return new AgvLogData(
            Thin(samples.Select(s => (s.At, (double)s.BatteryPct))),
            Thin(runData.Select(r => (r.At, (double)r.MotorTempC))),
            Thin(runData.Select(r => (r.At, (double)r.BatteryTempC))),
            Thin(runData.Select(r => (r.At, (double)r.ControllerTempC))),
            Thin(runData.Select(r => (r.At, r.OdometerMm / 1_000_000.0))),
            timeline.OrderByDescending(e => e.At).Take(MaxLines).ToList());
    }

    /// <summary>Every k-th point (and the last), so a chart stays readable and small over long periods.</summary>
    private static List<(DateTimeOffset At, double Value)> Thin(IEnumerable<(DateTimeOffset At, double Value)> points)
    {
        var all = points.ToList();
        if (all.Count <= MaxPoints) return all;
        int step = (int)Math.Ceiling(all.Count / (double)(MaxPoints - 1));
        var thin = all.Where((_, i) => i % step == 0).ToList();
        if (thin[^1] != all[^1]) thin.Add(all[^1]);
        return thin;
    }
}
