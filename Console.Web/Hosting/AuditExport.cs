using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Security;

namespace AgvConsole.Web.Hosting;

/// <summary>The audit log's filters (as the page and the CSV export read them: times in site time) and its CSV export.</summary>
public static class AuditExport
{
    /// <summary>The query for the filters given; <paramref name="error"/> names a time that could not be read (that filter is left out).</summary>
    public static AuditQuery Query(Ui.ISiteTime clock, string? actor, string? action, string? target, string? from, string? to, int limit, out string? error)
    {
        error = null;
        DateTimeOffset? Time(string? s, string name, ref string? error)
        {
            if (clock.TryReadTime(s, out var t)) return t;
            error = $"'{s}' is not a date and time for “{name}”; that filter was ignored.";
            return null;
        }
        var f = Time(from, "from", ref error);
        var t = Time(to, "to", ref error);
        return new AuditQuery(actor, action, target, f, t, limit);
    }

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit/export.csv", async (string? actor, string? action, string? target, string? from, string? to, IAuditSink audit, SiteClock clock) =>
        {
            var query = Query(clock, actor, action, target, from, to, 10_000, out var error);
            if (error is not null) return Results.Problem(error + " Nothing was exported.", statusCode: StatusCodes.Status400BadRequest);
            var rows = await audit.SearchAsync(query);
            return CsvExport.File("audit", ["at", "who", "what", "target", "detail", "outcome"],
                rows.Select(a => new[] { clock.Iso(a.At), a.Actor, a.Action, a.Target, a.Detail, a.Outcome }));
        }).RequireAuthorization(Policies.View);
        return app;
    }
}
