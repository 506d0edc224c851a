using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

public sealed class AgvLogPageTests
{
    // The fake clock's now: 2026-11-30 08:30:00 UTC (16:30 site time).
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 30, 0, TimeSpan.Zero);

    private static (ConsolePageContext Ctx, FakeHistory History) Page(string role = Roles.Maintenance, string culture = ConsoleCulture.English)
    {
        var (ctx, _, _, history) = AgvPageServices.Context(role, culture);
        ctx.Fleet.List.Add(Agv("DEMO-01"));
        AgvDetailPageTests.TwoFloors(ctx.Maps);
        history.Samples.Add(("DEMO-01", new StateSampleRecord(Now.AddMinutes(-50), 1, 2500, 0, "moving", 80, 7)));
        history.Samples.Add(("DEMO-01", new StateSampleRecord(Now.AddMinutes(-40), 1, 5000, 0, "moving", 78, 7)));
        history.Samples.Add(("DEMO-01", new StateSampleRecord(Now.AddMinutes(-20), 1, 5000, 0, "idle", 75, 0xFFFFFFFF)));
        history.Runs.Add(("DEMO-01", new RunDataRecord(Now.AddMinutes(-45), 12_000_000, 41, 30, 35, 0, 0)));
        history.Runs.Add(("DEMO-01", new RunDataRecord(Now.AddMinutes(-15), 12_400_000, 44, 31, 36, 0, 0)));
        history.Events.Add(("DEMO-01", new AgvEventRecord(Now.AddMinutes(-30), "offline", 0, "error", "heartbeat lost")));
        history.Events.Add(("DEMO-01", new AgvEventRecord(Now.AddMinutes(-29), "registered", 0, "info", "registered: Kivo M1")));
        history.Audit.Add(new AuditRecord(Now.AddMinutes(-10), "pat", "motion command", "DEMO-01", "Pause", "Ok: Pause: done."));
        history.Audit.Add(new AuditRecord(Now.AddMinutes(-9), "pat", "motion command", "DEMO-010", "Pause", "Ok: Pause: done.")); // another AGV
        var alarm = new Alarm(42, "DEMO-01", 3, "Heartbeat lost", AlarmSource.Offline, 0, EventLevel.Error, "no heartbeat for 3 s", Now.AddMinutes(-30));
        alarm.Acknowledge("maintenance", "radio dead spot", Now.AddMinutes(-25));
        history.Alarms.Add(alarm);
        return (ctx, history);
    }

    private static IRenderedComponent<AgvLog> Render(ConsolePageContext ctx, string query = "")
    {
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/agvs/DEMO-01/log" + query);
        return ctx.Render<AgvLog>(p => p.Add(x => x.Serial, "DEMO-01"));
    }

    [Theory]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Administrator)]
    public void Every_role_reads_the_timeline_and_the_charts_in_site_time(string role)
    {
        var (ctx, _) = Page(role);
        using var _ = ctx;
        var cut = Render(ctx);
        Assert.Contains("UTC+08:00", cut.Find("#log-table thead").TextContent);
        Assert.Contains("2026-11-30 15:30 – 2026-11-30 16:30 (UTC+08:00)", cut.Find("#log-period").TextContent);
        var lines = cut.FindAll("#log-table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(7, lines.Count); // 2 state changes, 2 events, 1 command of its own, 2 alarm steps
        Assert.StartsWith("16:20:00", lines[0]);
        Assert.Contains("pat: motion command Pause → Ok: Pause: done.", lines[0]);
        Assert.Contains(lines, l => l.Contains("alarm 42 Heartbeat lost (Error) raised: no heartbeat for 3 s"));
        Assert.Contains(lines, l => l.Contains("alarm 42 Heartbeat lost (Error) acknowledged by maintenance: radio dead spot"));
        Assert.Contains(lines, l => l.Contains("offline (Error): heartbeat lost"));
        Assert.Contains(lines, l => l.Contains("Idle on Hall A at (5.0, 0.0) m, battery 75 %"));
        Assert.DoesNotContain(lines, l => l.Contains("DEMO-010"));
        Assert.Equal("3", cut.Find("#chart-battery").GetAttribute("data-points"));
        Assert.Equal("6", cut.Find("#chart-temperature").GetAttribute("data-points"));
        Assert.Equal("2", cut.Find("#chart-odometer").GetAttribute("data-points"));
        Assert.NotEmpty(cut.FindAll("#chart-battery svg"));
    }

    [Fact]
    public void The_timeline_filters_by_kind_in_the_circuit()
    {
        var (ctx, _) = Page();
        using var _ = ctx;
        var cut = Render(ctx);
        var chips = cut.FindComponent<MudChipSet<LogKind>>();
        cut.InvokeAsync(() => chips.Instance.SelectedValuesChanged.InvokeAsync([LogKind.Alarm]));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#log-table tbody tr").Count));
        Assert.All(cut.FindAll("#log-table tbody [data-kind]"), k => Assert.Equal("Alarm", k.GetAttribute("data-kind")));
        cut.InvokeAsync(() => chips.Instance.SelectedValuesChanged.InvokeAsync([LogKind.Command, LogKind.Event]));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#log-table tbody tr").Count));
        cut.InvokeAsync(() => chips.Instance.SelectedValuesChanged.InvokeAsync([]));
        cut.WaitForAssertion(() => Assert.Contains("Nothing of the kinds chosen", cut.Find("#no-lines").TextContent));
    }

    [Fact]
    public void An_alarms_link_shows_the_hour_around_it_and_marks_the_moment()
    {
        var (ctx, history) = Page();
        using var _ = ctx;
        var raised = Now.AddMinutes(-30);
        var cut = Render(ctx, $"?at={raised.ToUnixTimeMilliseconds()}");
        Assert.Equal((raised.AddMinutes(-45), raised.AddMinutes(15)), history.Asked[^1]);
        var marked = cut.FindAll("#log-table tbody tr.console-log-marked");
        Assert.Equal(2, marked.Count); // the alarm raised and the offline event, in the same second
        Assert.Contains(marked, r => r.TextContent.Contains("Heartbeat lost (Error) raised"));
        Assert.Contains("16:00:00 (UTC+08:00)", cut.Find("#marked-moment").TextContent);
        Assert.Null(cut.FindAll("#query-error").FirstOrDefault());
    }

    [Theory]
    [InlineData("?hours=abc", "hours must be a whole number from 1 to 744")]
    [InlineData("?hours=0", "hours must be a whole number from 1 to 744")]
    [InlineData("?at=1e9", "at must be a time in unix milliseconds")]
    [InlineData("?at=-5", "at must be a time in unix milliseconds")]
    public void A_bad_period_says_why_and_shows_the_last_hour(string query, string message)
    {
        var (ctx, history) = Page();
        using var _ = ctx;
        var cut = Render(ctx, query);
        Assert.Contains(message, cut.Find("#query-error").TextContent);
        Assert.Equal((Now.AddHours(-1), Now), history.Asked[^1]);
        Assert.NotEmpty(cut.FindAll("#log-table tbody tr"));
    }

    [Fact]
    public void Longer_periods_are_a_click_away()
    {
        var (ctx, history) = Page();
        using var _ = ctx;
        var cut = Render(ctx, "?hours=8");
        Assert.Equal((Now.AddHours(-8), Now), history.Asked[^1]);
        Assert.Equal("true", cut.Find("#period-choice [data-hours='8']").GetAttribute("aria-pressed"));
        Assert.Equal("/agvs/DEMO-01/log?hours=24", cut.Find("#period-choice [data-hours='24']").GetAttribute("href"));
    }

    [Fact]
    public void In_chinese_the_log_speaks_the_guides_terms()
    {
        var (ctx, _) = Page(culture: ConsoleCulture.Chinese);
        using var _ = ctx;
        var cut = Render(ctx);
        Assert.Contains("DEMO-01 运行日志", cut.Find("h1").TextContent);
        Assert.Contains("时间（UTC+08:00）", cut.Find("#log-table thead").TextContent);
        Assert.Contains(cut.FindAll("#log-table tbody tr"), r => r.TextContent.Contains("AGV注册"));
        Assert.Contains(cut.FindAll("#log-table tbody tr"), r => r.TextContent.Contains("告警 42 Heartbeat lost（错误）产生"));
    }
}
