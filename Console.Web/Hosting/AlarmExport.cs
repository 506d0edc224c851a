using System.Globalization;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Security;

namespace AgvConsole.Web.Hosting;

/// <summary>The alarm history as CSV (same filters as the history page, read in site time), for spreadsheets and reports.</summary>
public static class AlarmExport
{
    /// <summary>
    /// The query for the filters given (times in site time); <paramref name="error"/> names a value that could not be
    /// read (a time, a rule that is not a number, a level that is none): that filter is left out.
    /// </summary>
    public static AlarmQuery Query(Ui.ISiteTime clock, string? agv, string? rule, string? level, string? from, string? to, int limit, out string? error)
    {
        error = null;
        DateTimeOffset? Time(string? s, string name, ref string? error)
        {
            if (clock.TryReadTime(s, out var t)) return t;
            error = $"'{s}' is not a date and time for “{name}”; that filter was ignored.";
            return null;
        }
        int? ruleId = null;
        if (!string.IsNullOrWhiteSpace(rule))
        {
            if (int.TryParse(rule, out var r)) ruleId = r;
            else error = $"'{rule}' is not a rule id; that filter was ignored.";
        }
        EventLevel? eventLevel = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (Enum.TryParse<EventLevel>(level, true, out var l) && Enum.IsDefined(l)) eventLevel = l;
            else error = $"'{level}' is not a level (info, warning, error, fatal); that filter was ignored.";
        }
        var f = Time(from, "from", ref error);
        var t = Time(to, "to", ref error);
        return new AlarmQuery(null, string.IsNullOrWhiteSpace(agv) ? null : agv.Trim(), ruleId, eventLevel, f, t, limit);
    }

    public static IEndpointRouteBuilder MapAlarmExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alarms/export.csv", async (string? agv, string? rule, string? level, string? from, string? to, IAlarmRepository store, SiteClock clock) =>
        {
            var query = Query(clock, agv, rule, level, from, to, 10_000, out var error);
            if (error is not null) return Results.Problem(error + " Nothing was exported.", statusCode: StatusCodes.Status400BadRequest);
            var rows = await store.SearchAsync(query);
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
