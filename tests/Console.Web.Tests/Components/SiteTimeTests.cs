using System.Net;
using AgvConsole.Data;
using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// With Site:TimeZone=Asia/Shanghai, a known UTC instant (08:00:05 UTC) is shown, filtered and exported as
/// 16:00:05 at UTC+08:00; CSV cells that a spreadsheet would run as a formula are neutralised.
/// </summary>
public sealed class SiteTimeTests(SiteTimeTests.Fixture fixture) : IClassFixture<SiteTimeTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ConsoleFactory Factory { get; } = new(settings: new() { ["Site:TimeZone"] = "Asia/Shanghai" });
        public static readonly DateTimeOffset Known = new(2026, 11, 30, 8, 0, 5, TimeSpan.Zero);
        public const string HostileSerial = "=HYPERLINK(\"http://evil.example/\",\"click\")";
        public long AlarmId { get; private set; }

        public async Task InitializeAsync()
        {
            Factory.CreateClient(); // starts the console
            var db = await Factory.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
            await using (db)
            {
                db.Audit.Add(new AuditEntity { At = Known, Actor = "tz-probe", Action = "probe", Target = "DEMO-01", Detail = "@SUM(1+1)", Outcome = "ok" });
                db.Audit.Add(new AuditEntity { At = Known, Actor = "=cmd|' /C calc'!A0", Action = "probe", Target = "-2+3", Detail = "\tx", Outcome = "+1" });
                await db.SaveChangesAsync();
            }
            var alarm = new Alarm(0, HostileSerial, 1, "Task failed", AlarmSource.TaskFailed, 0x301, EventLevel.Warning, "+cmd -> @x", Known);
            await Factory.Services.GetRequiredService<IAlarmRepository>().SaveAsync(alarm);
            AlarmId = alarm.Id;
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private static readonly HtmlParser Parser = new();
    private Task<HttpClient> Admin() => SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");

    [Fact]
    public async Task Audit_page_shows_site_time_with_its_offset_and_reads_its_filters_in_site_time()
    {
        var client = await Admin();
        var page = await Parser.ParseDocumentAsync(await client.GetStringAsync("/audit?actor=tz-probe"));
        Assert.Contains("UTC+08:00", page.QuerySelector("#audit-table thead")!.TextContent);
        var row = Assert.Single(page.QuerySelectorAll("#audit-table tbody tr"));
        Assert.Equal("2026-11-30 16:00:05", row.Children[0].TextContent.Trim());
        Assert.Contains("site time", page.QuerySelector("label[for=from]")!.TextContent);

        // What a datetime-local box sends, in Shanghai time: finds it. The same figures read as UTC would not.
        var found = await Parser.ParseDocumentAsync(await client.GetStringAsync("/audit?actor=tz-probe&from=2026-11-30T16:00&to=2026-11-30T16:01"));
        Assert.Single(found.QuerySelectorAll("#audit-table tbody tr"), r => r.TextContent.Contains("tz-probe"));
        var utcFigures = await Parser.ParseDocumentAsync(await client.GetStringAsync("/audit?actor=tz-probe&from=2026-11-30T08:00&to=2026-11-30T08:01"));
        Assert.DoesNotContain(utcFigures.QuerySelectorAll("#audit-table tbody tr"), r => r.TextContent.Contains("tz-probe"));
    }

    [Fact]
    public async Task Alarm_history_and_its_csv_show_the_site_time_with_offset_and_neutralise_formulas()
    {
        var client = await Admin();
        var page = await Parser.ParseDocumentAsync(await client.GetStringAsync("/alarms/history?from=2026-11-30T15:59&to=2026-11-30T16:01"));
        Assert.Contains("UTC+08:00", page.QuerySelector("#history-table thead")!.TextContent);
        var row = page.QuerySelector($"#history-table tr[data-alarm='{fixture.AlarmId}']")!;
        Assert.Contains("2026-11-30 16:00:05 raised", row.TextContent);

        var r = await client.GetAsync("/alarms/export.csv?from=2026-11-30T15:59&to=2026-11-30T16:01");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        var lines = (await r.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,level,serial,rule,code,text,raisedAt,acknowledgedBy,acknowledgedAt,comment,clearedAt,clearedBy", lines[0]);
        var line = Assert.Single(lines, l => l.StartsWith($"{fixture.AlarmId},"));
        // The serial is text to a spreadsheet: quoted, with a leading single quote, its own quotes doubled.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"", line);
        Assert.Contains("'+cmd -> @x", line);
        Assert.Contains(",2026-11-30T16:00:05+08:00,", line);
        Assert.DoesNotContain(",=", line);
    }

    [Fact]
    public async Task Audit_csv_writes_iso_times_with_the_offset_and_no_formula_cells()
    {
        var client = await Admin();
        var r = await client.GetAsync("/audit/export.csv?action=probe&from=2026-11-30T16:00&to=2026-11-30T16:01");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var lines = (await r.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,who,what,target,detail,outcome", lines[0]);
        // A neutralised cell is also quoted (CsvHelper, RFC 4180 mode).
        Assert.Contains("2026-11-30T16:00:05+08:00,tz-probe,probe,DEMO-01,\"'@SUM(1+1)\",ok", lines);
        var hostile = Assert.Single(lines, l => l.Contains("calc"));
        Assert.Equal("2026-11-30T16:00:05+08:00,\"'=cmd|' /C calc'!A0\",probe,\"'-2+3\",\"'\tx\",\"'+1\"", hostile);

        var bad = await client.GetAsync("/audit/export.csv?from=yesterday-ish");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Agv_log_labels_its_times_with_the_site_offset()
    {
        var client = await Admin();
        var page = await Parser.ParseDocumentAsync(await client.GetStringAsync("/agvs/DEMO-01/log"));
        Assert.Contains("UTC+08:00", page.QuerySelector("#log-table thead")!.TextContent);
        Assert.Contains("UTC+08:00", page.QuerySelector("#agv-log h1")!.ParentElement!.TextContent);
    }
}
