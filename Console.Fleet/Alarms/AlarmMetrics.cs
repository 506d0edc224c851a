using System.Diagnostics.Metrics;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Alarms;

/// <summary>Active alarms by level, and those raised but not yet stored (the database refused them), read when a collector asks.</summary>
public static class AlarmMetrics
{
    private static readonly EventLevel[] Levels = Enum.GetValues<EventLevel>();

    public static void Register(Meter meter, AlarmEngine alarms)
    {
        meter.CreateObservableGauge("agvconsole.alarms.active", () => Active(alarms), "{alarm}",
            "Active (not cleared) alarms by level: info, warning, error, fatal.");
        meter.CreateObservableGauge("agvconsole.alarms.unstored", () => alarms.Unstored.Count, "{alarm}",
            "Alarms raised that the database has not taken yet (it refuses writes, e.g. a full disk).");
    }

    private static IEnumerable<Measurement<int>> Active(AlarmEngine alarms)
    {
        var counts = new int[Levels.Length];
        foreach (var a in alarms.Active)
        {
            int i = Array.IndexOf(Levels, a.Level);
            if (i >= 0) counts[i]++;
        }
        return Levels.Select((l, i) => new Measurement<int>(counts[i], new KeyValuePair<string, object?>("level", l.ToString().ToLowerInvariant())));
    }
}
