using System.Net;
using AgvConsole.Data;
using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The alarm history and the audit log on a running console in Asia/Shanghai: a known instant (08:00:05 UTC) is shown
/// and filtered as 16:00:05 site time (and the boxes say it is site time), pages come from the database one at a time,
/// the CSV export takes the page's filters and keeps its contracts (ISO 8601 with the offset, formula cells neutralised).
/// </summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class HistoryAndAuditPagesTests(AdminConsole console) : IAsyncLifetime
{
    private static readonly DateTimeOffset Known = new(2026, 11, 30, 8, 0, 5, TimeSpan.Zero);
    private const string HostileSerial = "=HYPERLINK(\"http://evil.example/\",\"click\")";
    private readonly string _probe = "tz-probe-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _pagedSerial = "PAGED-" + Guid.NewGuid().ToString("N")[..6];
    private long _hostileAlarm;

    public async Task InitializeAsync()
    {
        var db = await console.Service<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            db.Audit.Add(new AuditEntity { At = Known, Actor = _probe, Action = "probe", Target = "DEMO-01", Detail = "@SUM(1+1)", Outcome = "ok" });
            db.Audit.Add(new AuditEntity { At = Known, Actor = "=cmd|' /C calc'!A0", Action = "probe " + _probe, Target = "-2+3", Detail = "\tx", Outcome = "+1" });
            for (int i = 0; i < 60; i++)
                db.Audit.Add(new AuditEntity { At = Known.AddMinutes(-i - 1), Actor = _probe, Action = "paged", Target = $"item {i}", Detail = "", Outcome = i % 3 == 0 ? "refused: test" : "ok" });
            await db.SaveChangesAsync();
        }
        var store = console.Service<IAlarmRepository>();
        var hostile = new Alarm(0, HostileSerial, 1, "Task failed", AlarmSource.TaskFailed, 0x301, EventLevel.Warning, "+cmd -> @x", Known);
        await store.SaveAsync(hostile);
        _hostileAlarm = hostile.Id;
        for (int i = 0; i < 30; i++)
        {
            var a = new Alarm(0, _pagedSerial, 1, "Heartbeat lost", AlarmSource.Offline, 0, i % 2 == 0 ? EventLevel.Error : EventLevel.Warning, $"outage {i}", Known.AddMinutes(-i));
            a.Acknowledge("maintenance", "bumper checked, ok", Known.AddMinutes(-i).AddSeconds(30));
            a.Clear("maintenance", "reset by hand", Known.AddMinutes(-i).AddSeconds(40));
            await store.SaveAsync(a);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static List<IElement> Rows(IRenderedComponent<AlarmHistory> cut) => cut.FindAll("tr.history-row").ToList();

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    public void The_alarm_history_is_paged_in_the_database_with_the_whole_timeline_in_site_time(string role)
    {
        using var ctx = console.Page(role, "viewer");
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/alarms/history?agv={_pagedSerial}");
        var cut = ctx.Render<AlarmHistory>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), TimeSpan.FromSeconds(10));
        Assert.Contains("1-25 of 30", Pager(cut));
        var first = Rows(cut)[0];
        Assert.Contains("outage 0", first.TextContent);
        var steps = first.QuerySelectorAll(".console-alarm-timeline li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["2026-11-30 16:00:05 raised", "2026-11-30 16:00:35 acknowledged by maintenance: bumper checked, ok",
            "2026-11-30 16:00:45 cleared by hand by maintenance: reset by hand"], steps);
        Assert.Contains("UTC+08:00", cut.Find("#history-grid thead").TextContent);
        Assert.Equal($"/agvs/{_pagedSerial}/log?at={Known.ToUnixTimeMilliseconds()}", first.QuerySelector("a.console-log-link")!.GetAttribute("href"));

        cut.Find(".mud-table-pagination button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
        Assert.Contains("outage 25", Rows(cut)[0].TextContent);
    }

    [Fact]
    public void History_filters_read_times_in_site_time_and_the_export_takes_them()
    {
        using var ctx = console.Page(Roles.Maintenance, "maintenance");
        var cut = ctx.Render<AlarmHistory>();
        Assert.Contains("site time, UTC+08:00", cut.Find("label[for=filter-from]").TextContent);
        cut.Find("#filter-from").Change("2026-11-30T15:59");
        cut.Find("#filter-to").Change("2026-11-30T16:01");
        cut.WaitForAssertion(() => Assert.Contains(Rows(cut), r => r.QuerySelector($"[data-alarm='{_hostileAlarm}']") is not null));
        var hostile = cut.Find($"[data-alarm='{_hostileAlarm}']").Closest("tr")!;
        Assert.Equal(HostileSerial, hostile.QuerySelector("a.console-serial")!.TextContent); // text, not a formula or markup
        Assert.Contains("2026-11-30 16:00:05 raised", hostile.TextContent);
        Assert.Equal("/alarms/export.csv?from=2026-11-30T15%3A59&to=2026-11-30T16%3A01", cut.Find("#export-csv").GetAttribute("href"));

        // The same figures read as UTC would find nothing at that instant.
        cut.Find("#filter-from").Change("2026-11-30T07:59");
        cut.Find("#filter-to").Change("2026-11-30T08:01");
        cut.WaitForAssertion(() => Assert.DoesNotContain(Rows(cut), r => r.QuerySelector($"[data-alarm='{_hostileAlarm}']") is not null));

        // A time that cannot be read is said so beside its box, and left out of the search and the export.
        cut.Find("#filter-from").Change("yesterday-ish");
        cut.WaitForAssertion(() => Assert.Contains("'yesterday-ish' is not a date and time", cut.Markup));
        Assert.Equal("/alarms/export.csv?to=2026-11-30T08%3A01", cut.Find("#export-csv").GetAttribute("href"));
    }

    [Fact]
    public void History_opened_with_values_it_cannot_read_says_so_and_shows_the_rest()
    {
        using var ctx = console.Page(Roles.Supervisor, "viewer");
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/alarms/history?agv={_pagedSerial}&rule=abc&level=loud&from=soon");
        var cut = ctx.Render<AlarmHistory>();
        Assert.Contains("Not understood and left out: abc, loud.", cut.Find("#filter-error").TextContent);
        Assert.Contains("'soon' is not a date and time", cut.Markup);
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count));
    }

    [Fact]
    public async Task The_history_export_keeps_its_csv_contract()
    {
        var client = await SignedInClient.AsAsync(console.Factory, "maintenance", "Maintenance1!");
        var r = await client.GetAsync("/alarms/export.csv?from=2026-11-30T15:59&to=2026-11-30T16:01");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        var lines = (await r.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,level,serial,rule,code,text,raisedAt,acknowledgedBy,acknowledgedAt,comment,clearedAt,clearedBy", lines[0]);
        var line = Assert.Single(lines, l => l.StartsWith($"{_hostileAlarm},"));
        // The serial is text to a spreadsheet: quoted, with a leading single quote, its own quotes doubled.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"", line);
        Assert.Contains("'+cmd -> @x", line);
        Assert.Contains(",2026-11-30T16:00:05+08:00,", line);
        Assert.DoesNotContain(",=", line);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/alarms/export.csv?from=yesterday-ish")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/alarms/export.csv?level=loud")).StatusCode);
    }

    private static List<IElement> AuditRows(IRenderedComponent<Audit> cut) => cut.FindAll("tr.audit-row").ToList();

    private static string Pager<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent =>
        System.Text.RegularExpressions.Regex.Replace(cut.Find(".mud-table-pagination").TextContent, @"\s+", " ").Replace("–", "-");

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Administrator)]
    public void The_audit_log_shows_site_time_with_its_offset_and_reads_its_filters_in_site_time(string role)
    {
        using var ctx = console.Page(role, "viewer");
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/audit?actor={_probe}&action=probe");
        var cut = ctx.Render<Audit>();
        cut.WaitForAssertion(() => Assert.Single(AuditRows(cut)));
        Assert.Contains("UTC+08:00", cut.Find("#audit-grid thead").TextContent);
        Assert.Equal("2026-11-30 16:00:05", AuditRows(cut)[0].Children[0].TextContent.Trim());
        Assert.Contains("site time", cut.Find("label[for=filter-from]").TextContent);

        // What a datetime-local box sends, in Shanghai time: finds it; the same figures read as UTC would not.
        cut.Find("#filter-from").Change("2026-11-30T16:00");
        cut.Find("#filter-to").Change("2026-11-30T16:01");
        cut.WaitForAssertion(() => Assert.Single(AuditRows(cut)));
        Assert.Equal($"/audit/export.csv?actor={_probe}&action=probe&from=2026-11-30T16%3A00&to=2026-11-30T16%3A01", cut.Find("#export-csv").GetAttribute("href"));
        cut.Find("#filter-from").Change("2026-11-30T08:00");
        cut.Find("#filter-to").Change("2026-11-30T08:01");
        cut.WaitForAssertion(() => Assert.Empty(AuditRows(cut)));
        Assert.Equal("Nothing matches these filters.", cut.Find("#no-audit").TextContent.Trim());
    }

    [Fact]
    public void The_audit_log_is_paged_in_the_database_and_filtered_by_who_what_and_target()
    {
        using var ctx = console.Page(Roles.Maintenance, "maintenance");
        var cut = ctx.Render<Audit>();
        cut.Find("#filter-actor").Input(_probe);
        cut.Find("#filter-action").Input("paged");
        cut.WaitForAssertion(() =>
        {
            ctx.Clock.Advance(TimeSpan.FromMilliseconds(400)); // the boxes wait 300 ms after typing
            Assert.Contains("1-50 of 60", Pager(cut));
            // The pager is a component of its own: it may show the new count a render before the rows do.
            Assert.Equal("item 0", AuditRows(cut)[0].Children[3].TextContent); // newest first
        });
        Assert.Equal(50, AuditRows(cut).Count);
        Assert.Equal("refused", AuditRows(cut)[0].QuerySelector(".console-outcome")!.ClassList.Single(c => c.StartsWith("console-outcome-"))["console-outcome-".Length..]);
        cut.Find(".mud-table-pagination button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(10, AuditRows(cut).Count);
            Assert.Equal("item 50", AuditRows(cut)[0].Children[3].TextContent);
        });

        cut.Find("#filter-target").Input("item 1");
        cut.WaitForAssertion(() =>
        {
            ctx.Clock.Advance(TimeSpan.FromMilliseconds(400));
            Assert.Equal(11, AuditRows(cut).Count); // item 1, item 10 … item 19
        });
    }

    [Fact]
    public async Task The_audit_export_writes_iso_times_with_the_offset_and_no_formula_cells()
    {
        var client = await SignedInClient.AsAsync(console.Factory, "admin", "Administrator1!");
        var r = await client.GetAsync($"/audit/export.csv?action=probe&from=2026-11-30T16:00&to=2026-11-30T16:01");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var lines = (await r.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,who,what,target,detail,outcome", lines[0]);
        // A neutralised cell is also quoted (CsvHelper, RFC 4180 mode).
        Assert.Contains($"2026-11-30T16:00:05+08:00,{_probe},probe,DEMO-01,\"'@SUM(1+1)\",ok", lines);
        var hostile = Assert.Single(lines, l => l.Contains("calc") && l.Contains(_probe));
        Assert.Equal($"2026-11-30T16:00:05+08:00,\"'=cmd|' /C calc'!A0\",probe {_probe},\"'-2+3\",\"'\tx\",\"'+1\"", hostile);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/audit/export.csv?from=yesterday-ish")).StatusCode);
    }

    [Fact]
    public void In_chinese_the_filters_say_site_time_and_the_pager_speaks_chinese()
    {
        using var ctx = console.Page(Roles.Supervisor, "viewer", ConsoleCulture.Chinese);
        var audit = ctx.Render<Audit>();
        Assert.Equal("审计日志", audit.Find("h1").TextContent);
        Assert.Contains("现场时间，UTC+08:00", audit.Find("label[for=filter-from]").TextContent);
        audit.WaitForAssertion(() => Assert.Contains("每页行数", audit.Find(".mud-table-pagination").TextContent));
        var history = ctx.Render<AlarmHistory>();
        Assert.Equal("告警历史", history.Find("h1").TextContent);
        Assert.Contains("导出 CSV", history.Find("#export-csv").TextContent);
    }
}
