using System.Net;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Tests.Api;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>The active-alarm list with several alarms: each row's buttons act on that row, with its comment.</summary>
public sealed class AlarmsPageTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private static readonly HtmlParser Parser = new();

    private async Task<List<Alarm>> RaiseTaskFailures(params string[] serials)
    {
        var engine = fixture.Factory.Services.GetRequiredService<AlarmEngine>();
        int code = Random.Shared.Next(0x1000, 0x7000);
        foreach (var s in serials) engine.OneShot(s, AlarmSource.TaskFailed, code, $"task of {s} failed (test {code})");
        var end = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < end)
        {
            var raised = engine.Active.Where(a => a.Code == code && a.Id != 0).ToList();
            if (raised.Count == serials.Length) return raised;
            await Task.Delay(100);
        }
        throw new TimeoutException("the alarms were not raised and stored");
    }

    [Fact]
    public async Task With_several_alarms_listed_one_is_acknowledged_with_its_comment_and_another_cleared()
    {
        var alarms = await RaiseTaskFailures("DEMO-01", "DEMO-02", "DEMO-03");
        var (first, second, third) = (alarms.Single(a => a.Serial == "DEMO-01"), alarms.Single(a => a.Serial == "DEMO-02"), alarms.Single(a => a.Serial == "DEMO-03"));
        var client = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var page = await Parser.ParseDocumentAsync(await client.GetStringAsync("/alarms"));
        Assert.True(page.QuerySelectorAll("#alarm-table tbody tr").Length >= 3);

        // As the browser sends it: the row's comment field and the row's button, through the one form.
        var ack = await CommandPagesTests.PostFormRawAsync(client, "/alarms", "alarm-action",
            new() { [$"Comment-{second.Id}"] = "bumper checked, ok", ["Act"] = $"ack:{second.Id}" });
        Assert.Equal(HttpStatusCode.SeeOther, ack.StatusCode);
        Assert.Equal("/alarms", ack.Headers.Location!.PathAndQuery);
        var after = await Parser.ParseDocumentAsync(await client.GetStringAsync("/alarms"));
        Assert.Contains($"Alarm {second.Id} (DEMO-02, Task failed) acknowledged.", after.QuerySelector("#command-result")!.TextContent);
        Assert.Contains("bumper checked, ok", after.QuerySelector($"#alarm-table tr[data-alarm='{second.Id}']")!.TextContent);
        Assert.Contains("not yet", after.QuerySelector($"#alarm-table tr[data-alarm='{first.Id}']")!.TextContent);
        Assert.Contains("not yet", after.QuerySelector($"#alarm-table tr[data-alarm='{third.Id}']")!.TextContent);

        var cleared = await CommandPagesTests.PostFormAsync(client, "/alarms", "alarm-action",
            new() { [$"Comment-{third.Id}"] = "reset by hand", ["Act"] = $"clear:{third.Id}" });
        Assert.Contains($"Alarm {third.Id} (DEMO-03, Task failed) cleared.", cleared.QuerySelector("#command-result")!.TextContent);
        Assert.Null(cleared.QuerySelector($"#alarm-table tr[data-alarm='{third.Id}']"));
        Assert.NotNull(cleared.QuerySelector($"#alarm-table tr[data-alarm='{first.Id}']"));

        // The message was shown once: a reload shows the list without it and changes nothing.
        var reload = await Parser.ParseDocumentAsync(await client.GetStringAsync("/alarms"));
        Assert.Null(reload.QuerySelector("#command-result"));
        var audit = await fixture.Factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Actor: "maintenance", Limit: 50));
        Assert.Single(audit, a => a.Action == "acknowledge alarm" && a.Detail.Contains($"alarm {second.Id} ") && a.Detail.Contains("bumper checked, ok"));
        Assert.Single(audit, a => a.Action == "clear alarm" && a.Detail.Contains($"alarm {third.Id} ") && a.Detail.Contains("reset by hand"));

        var history = await Parser.ParseDocumentAsync(await client.GetStringAsync("/alarms/history?agv=DEMO-02"));
        Assert.Contains("acknowledged by maintenance: bumper checked, ok", history.QuerySelector($"#history-table tr[data-alarm='{second.Id}']")!.TextContent);
    }

    [Fact]
    public async Task Supervisor_cannot_acknowledge_by_posting_the_form()
    {
        var alarms = await RaiseTaskFailures("DEMO-01", "DEMO-02");
        var supervisor = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        // The supervisor's page has no buttons: post what they would send, with the supervisor's own token.
        var page = await Parser.ParseDocumentAsync(await supervisor.GetStringAsync("/alarms"));
        Assert.Null(page.QuerySelector("#alarm-table button[value^=ack]"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await supervisor.PostAsync("/alarms", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "alarm-action", ["Act"] = $"ack:{alarms[0].Id}",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
        var shown = await Parser.ParseDocumentAsync(await supervisor.GetStringAsync("/alarms"));
        Assert.Contains("needs the Maintenance or Administrator role", shown.QuerySelector("#command-result")!.TextContent);
        Assert.Null(fixture.Factory.Services.GetRequiredService<AlarmEngine>().FindActive(alarms[0].Id)!.AcknowledgedAt);
    }
}
