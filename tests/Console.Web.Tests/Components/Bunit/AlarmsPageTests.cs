using AgvConsole.Fleet.Alarms;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using AlarmsPage = AgvConsole.Web.Components.Pages.Alarms;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The active-alarm list per role: Maintenance and Administrators acknowledge (with a comment) and clear, each
/// row's button acting on that row; Supervisors read only, and the handler refuses them on the server.
/// </summary>
public sealed class AlarmsPageTests
{
    private static (ConsolePageContext Ctx, FakeAlarmActions Actions) WithAlarms(string role, string culture = ConsoleCulture.English, string user = "tech1")
    {
        FakeAlarmActions? actions = null;
        var ctx = AlarmPageContext.Create(role, culture, user, services: s =>
            s.AddSingleton<IAlarmActions>(sp => actions ??= new FakeAlarmActions((FakeAlarmFeed)sp.GetRequiredService<AgvConsole.Web.Live.IAlarmFeed>(), sp.GetRequiredService<TimeProvider>())));
        actions = (FakeAlarmActions)ctx.Services.GetRequiredService<IAlarmActions>();
        var t0 = ctx.Clock.GetUtcNow();
        foreach (var (id, serial) in new[] { (1L, "DEMO-01"), (2L, "DEMO-02"), (3L, "DEMO-03") })
            ctx.Alarms.List.Add(new Alarm(id, serial, 11, "Task failed", AlarmSource.TaskFailed, 0x301, EventLevel.Warning, $"task of {serial} failed at node 1014", t0.AddSeconds(-id)));
        return (ctx, actions);
    }

    private static IElement Row(IRenderedComponent<AlarmsPage> cut, long id) => cut.Find($"[data-alarm='{id}']").Closest("tr")!;

    [Theory]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Administrator)]
    public void With_several_alarms_one_is_acknowledged_with_its_comment_and_another_cleared(string role)
    {
        var (ctx, actions) = WithAlarms(role);
        using var _ = ctx;
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AlarmsPage>();
        Assert.Equal(3, cut.FindAll("tr.alarm-row").Count);
        Assert.Empty(cut.FindAll("#read-only-note"));

        Row(cut, 2).QuerySelector("button.alarm-acknowledge")!.Click();
        dialogs.WaitForElement("#alarm-comment");
        Assert.Contains("DEMO-02", dialogs.Find("#alarm-action-summary").TextContent);
        dialogs.Find("#alarm-comment").Input("bumper checked, ok");
        dialogs.Find("#alarm-action-confirm").Click();

        cut.WaitForAssertion(() => Assert.Contains("“bumper checked, ok”", Row(cut, 2).TextContent));
        Assert.Equal([("acknowledge", 2L, "tech1", "bumper checked, ok")], actions.Calls);
        Assert.Contains("by tech1", Row(cut, 2).TextContent);
        Assert.Contains("not yet", Row(cut, 1).TextContent);
        Assert.Contains("not yet", Row(cut, 3).TextContent);
        Assert.Null(Row(cut, 2).QuerySelector("button.alarm-acknowledge")); // acknowledged once
        Assert.Equal("Alarm 2 (DEMO-02, Task failed) acknowledged.", ctx.Snackbars().Last());

        Row(cut, 3).QuerySelector("button.alarm-clear")!.Click();
        dialogs.WaitForElement("#alarm-comment");
        dialogs.Find("#alarm-comment").Input("duplicate of the DEMO-02 jam");
        dialogs.Find("#alarm-action-confirm").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-alarm='3']")));
        Assert.Equal(("clear", 3L, "duplicate of the DEMO-02 jam"), (actions.Calls[1].What, actions.Calls[1].Id, actions.Calls[1].Comment));
        Assert.Equal(2, cut.FindAll("tr.alarm-row").Count);
        Assert.Contains("not yet", Row(cut, 1).TextContent);
        Assert.Equal("Alarm 3 (DEMO-03, Task failed) cleared.", ctx.Snackbars().Last());
    }

    [Fact]
    public void Cancelling_the_dialog_changes_nothing()
    {
        var (ctx, actions) = WithAlarms(Roles.Maintenance);
        using var _ = ctx;
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AlarmsPage>();
        Row(cut, 1).QuerySelector("button.alarm-clear")!.Click();
        dialogs.WaitForElement("#alarm-action-cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#alarm-action-dialog")));
        Assert.Empty(actions.Calls);
        Assert.Equal(3, cut.FindAll("tr.alarm-row").Count);
    }

    [Fact]
    public async Task A_supervisor_reads_the_list_and_the_handler_refuses_them()
    {
        var (ctx, actions) = WithAlarms(Roles.Supervisor);
        using var _ = ctx;
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AlarmsPage>();
        Assert.Equal(3, cut.FindAll("tr.alarm-row").Count);
        Assert.Empty(cut.FindAll("#alarm-grid button.alarm-acknowledge, #alarm-grid button.alarm-clear"));
        Assert.Contains("Maintenance and Administrators", cut.Find("#read-only-note").TextContent);

        // What a hand-made circuit event would do: call the handler anyway.
        await ctx.AssertEachRefusedAsync(cut,
            () => cut.Instance.ActAsync(ctx.Alarms.List[0], clear: false),
            () => cut.Instance.ActAsync(ctx.Alarms.List[1], clear: true));
        Assert.Empty(actions.Calls);
        Assert.Empty(dialogs.FindAll("#alarm-action-dialog"));
        Assert.All(ctx.Alarms.List, a => Assert.Null(a.AcknowledgedAt));
    }

    [Fact]
    public void Each_alarm_links_to_its_agv_and_to_its_log_at_the_alarms_time_and_names_its_related_conditions()
    {
        var (ctx, _) = WithAlarms(Roles.Supervisor);
        using var __ = ctx;
        var alarm = ctx.Alarms.List[0];
        alarm.Relate("AGV fault events", "event 0x0301: emergency stop button pressed", alarm.RaisedAt.AddSeconds(1));
        alarm.Relate("Errors in state reports", "error 0x0101 in state reports (Error)", alarm.RaisedAt.AddSeconds(2));
        var cut = ctx.Render<AlarmsPage>();
        var row = Row(cut, 1);
        Assert.Equal("/agvs/DEMO-01", row.QuerySelector("a.console-serial")!.GetAttribute("href"));
        Assert.Equal($"/agvs/DEMO-01/log?at={alarm.RaisedAt.ToUnixTimeMilliseconds()}", row.QuerySelector("a.console-log-link")!.GetAttribute("href"));
        var related = row.QuerySelectorAll(".console-related li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["AGV fault events: event 0x0301: emergency stop button pressed", "Errors in state reports: error 0x0101 in state reports (Error)"], related);
        Assert.Equal("/alarms/history", cut.Find("#to-history").GetAttribute("href"));
    }

    [Fact]
    public void The_list_follows_the_engine_live_most_severe_first_and_unsubscribes_when_left()
    {
        var (ctx, _) = WithAlarms(Roles.Maintenance);
        using var __ = ctx;
        var cut = ctx.Render<AlarmsPage>();
        Assert.Equal(1, ctx.Alarms.Subscribers);
        ctx.Alarms.Announce(new Alarm(9, "DEMO-04", 4, "Heartbeat lost", AlarmSource.Offline, 0, EventLevel.Error, "heartbeat lost", ctx.Clock.GetUtcNow()), "raised");
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("tr.alarm-row").Count));
        Assert.Equal("9", cut.FindAll("tr.alarm-row")[0].QuerySelector("[data-alarm]")!.GetAttribute("data-alarm")); // an error before the warnings
        Assert.Equal("error", cut.FindAll("tr.alarm-row")[0].QuerySelector("[data-level]")!.GetAttribute("data-level"));
        Assert.Contains("4 active · 4 not acknowledged", cut.Find("#alarm-counts").TextContent);
        cut.Instance.Dispose();
        Assert.Equal(0, ctx.Alarms.Subscribers);
    }

    [Fact]
    public void An_alarm_not_stored_yet_cannot_be_acted_on()
    {
        var (ctx, _) = WithAlarms(Roles.Maintenance);
        using var __ = ctx;
        ctx.Alarms.List.Add(new Alarm(0, "", 14, "History not written", AlarmSource.HistoryWrite, 0, EventLevel.Error, "history cannot be written: disk full", ctx.Clock.GetUtcNow()));
        var cut = ctx.Render<AlarmsPage>();
        var row = Row(cut, 0);
        Assert.Contains("not stored yet", row.TextContent);
        Assert.Empty(row.QuerySelectorAll("button"));
        Assert.Contains("Console", row.QuerySelector(".console-alarm-console")!.TextContent); // about the console itself
    }

    [Fact]
    public void Serials_and_texts_with_markup_are_text()
    {
        var (ctx, _) = WithAlarms(Roles.Maintenance);
        using var __ = ctx;
        ctx.Alarms.List.Add(new Alarm(7, "<img src=x onerror=alert(1)>", 1, "<b>rule</b>", AlarmSource.AgvEvent, 1, EventLevel.Fatal, "<script>alert(2)</script>", ctx.Clock.GetUtcNow()));
        var cut = ctx.Render<AlarmsPage>();
        Assert.Empty(cut.FindAll("#alarm-grid img, #alarm-grid b, #alarm-grid script"));
        var row = Row(cut, 7);
        Assert.Equal("<img src=x onerror=alert(1)>", row.QuerySelector("a.console-serial")!.TextContent);
        Assert.Equal("/agvs/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E", row.QuerySelector("a.console-serial")!.GetAttribute("href"));
        Assert.Contains("<script>alert(2)</script>", row.TextContent);
    }

    [Fact]
    public void In_chinese_the_page_the_levels_and_the_grids_own_texts_are_chinese()
    {
        var (ctx, _) = WithAlarms(Roles.Maintenance, ConsoleCulture.Chinese);
        using var __ = ctx;
        var cut = ctx.Render<AlarmsPage>();
        Assert.Equal("当前告警", cut.Find("h1").TextContent);
        Assert.Contains("确认", cut.Find("button.alarm-acknowledge").TextContent);
        Assert.Contains("尚未确认", Row(cut, 1).TextContent);
        Assert.Equal("警告", Row(cut, 1).QuerySelector("[data-level]")!.TextContent.Trim());
        Assert.Contains("每页行数", cut.Find(".mud-table-pagination").TextContent); // MudBlazor's own pager, through the console's localizer
        Assert.DoesNotContain("Rows per page", cut.Markup);
    }

    [Fact]
    public void With_no_alarm_it_says_so()
    {
        using var ctx = AlarmPageContext.Create(Roles.Supervisor, services: s =>
            s.AddSingleton<IAlarmActions>(sp => new FakeAlarmActions((FakeAlarmFeed)sp.GetRequiredService<AgvConsole.Web.Live.IAlarmFeed>(), sp.GetRequiredService<TimeProvider>())));
        var cut = ctx.Render<AlarmsPage>();
        Assert.Equal("No active alarm.", cut.Find("#no-alarms").TextContent.Trim());
    }
}
