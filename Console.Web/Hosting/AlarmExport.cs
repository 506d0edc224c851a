using System.Globalization;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Security;

namespace AgvConsole.Web.Hosting;

/// <summary>The alarm history as CSV (same filters as the history page, read in site time), for spreadsheets and reports.</summary>
public static class AlarmExport
{
    public static AlarmQuery Query(SiteClock clock, string? agv, string? rule, string? level, string? from, string? to, int limit)
    {
        DateTimeOffset? Time(string? s) => clock.TryReadTime(s, out var t) ? t : null;
        return new AlarmQuery(null, string.IsNullOrWhiteSpace(agv) ? null : agv.Trim(), int.TryParse(rule, out var r) ? r : null,
            Enum.TryParse<EventLevel>(level, true, out var l) ? l : null, Time(from), Time(to), limit);
    }

    public static IEndpointRouteBuilder MapAlarmExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alarms/export.csv", async (string? agv, string? rule, string? level, string? from, string? to, IAlarmRepository store, SiteClock clock) =>
        {
            var rows = await store.SearchAsync(Query(clock, agv, rule, level, from, to, 10_000));
            // Times in ISO 8601 with the site's offset: a spreadsheet and a person read the same instant.
            return CsvExport.File("alarms",
                ["id", "level", "serial", "rule", "code", "text", "raisedAt", "acknowledgedBy", "acknowledgedAt", "comment", "clearedAt", "clearedBy"],
                rows.Select(a => new[]
                {
                    a.Id.ToString(CultureInfo.InvariantCulture), a.Level.ToString().ToLowerInvariant(), a.Serial, a.RuleName, a.Code.ToString(CultureInfo.InvariantCulture),
                    a.Text, clock.Iso(a.RaisedAt), a.AcknowledgedBy, clock.Iso(a.AcknowledgedAt), a.AcknowledgeComment, clock.Iso(a.ClearedAt), a.ClearedBy,
                }));
        }).RequireAuthorization(Policies.View);
        return app;
    }
}
