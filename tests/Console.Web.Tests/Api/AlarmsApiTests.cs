using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Tests.Components;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Alarms raised by simulated AGVs, seen and handled through the API and the pages.</summary>
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
    public async Task A_refused_command_raises_a_command_failed_alarm_and_maintenance_clears_it_on_the_page()
    {
        // Resume of an idle AGV is refused (rejected in state): a failed command.
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-02/commands", new { command = "resume" })).Item1);
        var alarm = await Eventually(() => ActiveAlarm("DEMO-02", "Command failed"));
        long id = alarm.GetProperty("id").GetInt64();

        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var page = await new HtmlParser().ParseDocumentAsync(await maintenance.GetStringAsync("/alarms"));
        Assert.NotNull(page.QuerySelector($"#alarm-table tr[data-alarm='{id}']"));
        var doc = await CommandPagesTests.PostFormAsync(maintenance, "/alarms", "alarm-action",
            new() { ["Act"] = $"clear:{id}", [$"Comment-{id}"] = "operator error" });
        Assert.Contains("cleared", doc.QuerySelector("#command-result")!.TextContent);
        Assert.Null(doc.QuerySelector($"#alarm-table tr[data-alarm='{id}']"));

        var history = await new HtmlParser().ParseDocumentAsync(await maintenance.GetStringAsync("/alarms/history?agv=DEMO-02"));
        var row = history.QuerySelector($"#history-table tr[data-alarm='{id}']")!;
        Assert.Contains("cleared by hand by maintenance: operator error", row.TextContent);
        var csv = await maintenance.GetStringAsync("/alarms/export.csv?agv=DEMO-02");
        Assert.StartsWith("id,level,serial,rule,code,text,raisedAt,", csv);
        Assert.Contains($"{id},warning,DEMO-02,Command failed", csv);
    }

    [Fact]
    public async Task Supervisor_sees_alarms_but_cannot_acknowledge_them()
    {
        var supervisor = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var page = await new HtmlParser().ParseDocumentAsync(await supervisor.GetStringAsync("/alarms"));
        Assert.Empty(page.QuerySelectorAll("#alarm-table button, #alarm-table input"));
    }

    [Fact]
    public async Task Rules_page_saves_a_threshold_and_sends_it_to_the_agvs()
    {
        var admin = await SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");
        var rules = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync("/alarms/rules"));
        var lowBattery = rules.QuerySelectorAll("#rules-table tr[data-rule]").First(r => r.TextContent.Contains("Low battery")).GetAttribute("data-rule");
        var doc = await CommandPagesTests.PostFormAsync(admin, $"/alarms/rules?edit={lowBattery}", "rule", new()
        {
            ["Id"] = lowBattery!, ["Name"] = "Low battery", ["Source"] = "LowBattery", ["Threshold"] = "30", ["Level"] = "Warning", ["Enabled"] = "true",
            ["Scope"] = "All", ["ScopeValue"] = "", ["RaiseAfterS"] = "10", ["ClearAfterS"] = "30", ["Do"] = "save",
        });
        Assert.Contains("lowBatteryAlarmPct = 30 sent to 3 online AGV(s), 3 accepted", doc.QuerySelector("#command-result")!.TextContent);
        var (_, p) = await Send(HttpMethod.Get, "/api/v1/agvs/DEMO-03/parameters");
        Assert.Equal(30, p.GetProperty("lowBatteryAlarmPct").GetInt64());

        var bad = await CommandPagesTests.PostFormAsync(admin, $"/alarms/rules?edit={lowBattery}", "rule", new()
        {
            ["Id"] = lowBattery!, ["Name"] = "Low battery", ["Source"] = "LowBattery", ["Threshold"] = "130", ["Level"] = "Warning", ["Enabled"] = "true",
            ["Scope"] = "All", ["ScopeValue"] = "", ["RaiseAfterS"] = "10", ["ClearAfterS"] = "-1", ["Do"] = "save",
        });
        var text = bad.QuerySelector("#command-result")!.TextContent;
        Assert.Contains("within 0–100", text);
        Assert.Contains("clear after must be 0 or more", text);
        Assert.Contains("Nothing was saved", text);
    }
}
