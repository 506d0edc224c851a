using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Hosting;

namespace AgvConsole.Web.Api;

/// <summary>GET /alarms, POST /alarms/{id}/ack and /alarms/{id}/clear of API.md; acknowledgements are audited with the key's name.</summary>
public static class AlarmsApi
{
    public sealed record AlarmActionRequest(string? Comment);

    public static RouteGroupBuilder MapAlarmsApi(this RouteGroupBuilder api)
    {
        // active is taken as text and parsed: a typed bool answers "?active=yes" with a 400 that speaks of the body.
        api.MapGet("/alarms", async (string? active, IAlarmRepository store, AlarmEngine engine) =>
        {
            bool? onlyActive = null;
            if (!string.IsNullOrWhiteSpace(active))
            {
                if (!bool.TryParse(active, out var a))
                    return Results.Problem(statusCode: 400, title: "Bad query value", detail: $"active must be true or false, not '{active}'.");
                onlyActive = a;
            }
            // Alarms the database could not take yet (id 0) are listed too: an alarm about a full disk is one of them.
            var unstored = engine.Unstored.Where(a => onlyActive is null || a.Active == onlyActive);
            var list = unstored.Concat(await store.SearchAsync(new AlarmQuery(Active: onlyActive, Limit: 1000)));
            return Results.Ok(list.Select(AlarmDto.From));
        }).WithName("listAlarms");
        api.MapPost("/alarms/{id}/ack", async (string id, AlarmActionRequest? body, AlarmCentre alarms, HttpContext http) =>
            await Act(id, body?.Comment, http, (n, who) => alarms.AcknowledgeAsync(n, who, body?.Comment))).WithName("acknowledgeAlarm");
        api.MapPost("/alarms/{id}/clear", async (string id, AlarmActionRequest? body, AlarmCentre alarms, HttpContext http) =>
            await Act(id, body?.Comment, http, (n, who) => alarms.ClearAsync(n, who, body?.Comment))).WithName("clearAlarm");
        return api;
    }

    private static async Task<IResult> Act(string id, string? comment, HttpContext http, Func<long, string, Task<(Fleet.Alarms.Alarm? Alarm, bool Changed)>> act)
    {
        if (Limits.Check(Limits.Chars("comment", comment, Limits.CommentChars)) is { } tooLong) return tooLong;
        if (!long.TryParse(id, out var n)) return Results.Problem(statusCode: 400, title: "Bad alarm id", detail: $"'{id}' is not an alarm id.");
        var (alarm, _) = await act(n, AgvControlApi.Actor(http));
        return alarm is null
            ? Results.Problem(statusCode: 404, title: "Unknown alarm", detail: $"There is no alarm {n}. GET /api/v1/alarms lists them.")
            : Results.Ok(AlarmDto.From(alarm));
    }
}
