using System.Net;
using AgvConsole.Data;
using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// With Site:TimeZone=Asia/Shanghai, a known UTC instant (08:00:05 UTC) is shown, filtered and exported as
/// 16:00:05 at UTC+08:00; CSV cells that a spreadsheet would run as a formula are neutralised. The audit and
/// alarm history pages (interactive) and the history export: Bunit/HistoryAndAuditPagesTests.cs.
/// </summary>
public sealed class SiteTimeTests(SiteTimeTests.Fixture fixture) : IClassFixture<SiteTimeTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ConsoleFactory Factory { get; } = new(settings: new() { ["Site:TimeZone"] = "Asia/Shanghai" });
        public static readonly DateTimeOffset Known = new(2026, 11, 30, 8, 0, 5, TimeSpan.Zero);

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
