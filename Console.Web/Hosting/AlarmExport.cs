using System.Globalization;
using System.Text;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Security;

namespace AgvConsole.Web.Hosting;

/// <summary>The alarm history as CSV (same filters as the history page), for spreadsheets and reports.</summary>
public static class AlarmExport
{
    public static AlarmQuery Query(string? agv, string? rule, string? level, string? from, string? to, int limit)
    {
        static DateTimeOffset? Time(string? s) => DateTime.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? new DateTimeOffset(d, TimeSpan.Zero) : null;
        return new AlarmQuery(null, string.IsNullOrWhiteSpace(agv) ? null : agv.Trim(), int.TryParse(rule, out var r) ? r : null,
            Enum.TryParse<EventLevel>(level, true, out var l) ? l : null, Time(from), Time(to), limit);
    }

    private static string Cell(string? s)
    {
        s ??= "";
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    private static string T(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    public static IEndpointRouteBuilder MapAlarmExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alarms/export.csv", async (string? agv, string? rule, string? level, string? from, string? to, IAlarmRepository store) =>
        {
            var rows = await store.SearchAsync(Query(agv, rule, level, from, to, 10_000));
            var csv = new StringBuilder("id,level,serial,rule,code,text,raisedAtUtc,acknowledgedBy,acknowledgedAtUtc,comment,clearedAtUtc,clearedBy\n");
            foreach (var a in rows)
                csv.AppendJoin(',', a.Id, a.Level.ToString().ToLowerInvariant(), Cell(a.Serial), Cell(a.RuleName), a.Code, Cell(a.Text), T(a.RaisedAt),
                    Cell(a.AcknowledgedBy), T(a.AcknowledgedAt), Cell(a.AcknowledgeComment), T(a.ClearedAt), Cell(a.ClearedBy)).Append('\n');
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"alarms-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
        }).RequireAuthorization(Policies.View);
        return app;
    }
}
