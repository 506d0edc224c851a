using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Alarms raised by simulated AGVs, seen and handled through the API (the pages: Bunit/Alarm*Tests.cs).</summary>
public sealed class AlarmsApiTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<(HttpStatusCode, JsonElement)> Send(HttpMethod m, string url, object? body = null)
    {
        var r = new HttpRequestMessage(m, url);
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        if (body is not null) r.Content = JsonContent.Create(body);
        var response = await Client.SendAsync(r);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement?> ActiveAlarm(string serial, string rule)
    {
        var (_, list) = await Send(HttpMethod.Get, "/api/v1/alarms?active=true");
        foreach (var a in list.EnumerateArray())
            if (a.GetProperty("serial").GetString() == serial && a.GetProperty("rule").GetString() == rule) return a;
        return null;
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> get, double seconds = 10) where T : struct
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < end)
        {
            if (await get() is { } v) return v;
            await Task.Delay(100);
        }
        throw new TimeoutException();
    }

    [Fact]
    public async Task Emergency_stop_raises_an_alarm_that_is_acknowledged_and_clears_when_released()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/commands", new { command = "emergencyStop" })).Item1);
        var alarm = await Eventually(() => ActiveAlarm("DEMO-01", "Emergency stop"));
        foreach (var f in new[] { "id", "serial", "code", "rule", "level", "text", "raisedAt", "acknowledgedBy", "acknowledgedAt", "clearedAt" })
            Assert.True(alarm.TryGetProperty(f, out _), f);
        Assert.Equal("error", alarm.GetProperty("level").GetString());
        long id = alarm.GetProperty("id").GetInt64();

        var (ackStatus, acked) = await Send(HttpMethod.Post, $"/api/v1/alarms/{id}/ack", new { comment = "checking the bumper" });
        Assert.Equal(HttpStatusCode.OK, ackStatus);
        Assert.Equal("api:tests", acked.GetProperty("acknowledgedBy").GetString());
        var audit = await fixture.Factory.Services.GetRequiredService<IAuditSink>().RecentAsync(20, "DEMO-01");
        Assert.Contains(audit, a => a.Action == "acknowledge alarm" && a.Actor == "api:tests" && a.Detail.Contains("checking the bumper"));

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/commands", new { command = "releaseEmergencyStop" })).Item1);
        await Eventually<bool>(async () => await ActiveAlarm("DEMO-01", "Emergency stop") is null ? true : null);
        var (_, all) = await Send(HttpMethod.Get, "/api/v1/alarms");
        var cleared = all.EnumerateArray().First(a => a.GetProperty("id").GetInt64() == id);
        Assert.NotEqual(JsonValueKind.Null, cleared.GetProperty("clearedAt").ValueKind);
    }

    [Fact]
    public async Task Unknown_alarm_ids_are_404_and_bad_ids_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Post, "/api/v1/alarms/999999/ack")).Item1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/alarms/abc/clear")).Item1);
        var noKey = await Client.PostAsync("/api/v1/alarms/1/ack", null);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task A_refused_command_raises_a_command_failed_alarm_and_a_hand_clear_is_in_the_history_export()
    {
        // Resume of an idle AGV is refused (rejected in state): a failed command.
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-02/commands", new { command = "resume" })).Item1);
        var alarm = await Eventually(() => ActiveAlarm("DEMO-02", "Command failed"));
        long id = alarm.GetProperty("id").GetInt64();

        // Cleared as the alarm page's handler clears it (the page itself: Bunit/AlarmsPageTests.cs, and the E2E AlarmTests).
        var (cleared, changed) = await fixture.Factory.Services.GetRequiredService<IAlarmActions>().ClearAsync(id, "maintenance", "operator error");
        Assert.True(changed);
        Assert.Equal("maintenance", cleared!.ClearedBy);
        Assert.Null(await ActiveAlarm("DEMO-02", "Command failed"));

        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var csv = await maintenance.GetStringAsync("/alarms/export.csv?agv=DEMO-02");
        Assert.StartsWith("id,level,serial,rule,code,text,raisedAt,acknowledgedBy,acknowledgedAt,comment,clearedAt,clearedBy", csv);
        var line = Assert.Single(csv.Split("\r\n"), l => l.StartsWith($"{id},"));
        Assert.StartsWith($"{id},warning,DEMO-02,Command failed", line);
        Assert.EndsWith(",maintenance", line);
        // The reason stays in the stored timeline (which the history page shows).
        var stored = await fixture.Factory.Services.GetRequiredService<IAlarmRepository>().GetAsync(id);
        Assert.Contains(stored!.Timeline, e => e.What == "cleared by hand" && e.Who == "maintenance" && e.Comment == "operator error");
    }
}
