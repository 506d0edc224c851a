using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The night-shift story in a real browser: a simulated AGV loses its heartbeat, the alarm
/// appears live (toast, badge, list), maintenance acknowledges it, the AGV comes back and the
/// alarm clears by itself.
/// </summary>
public sealed class AlarmTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 4, traffic: false))
{
    [Fact]
    public async Task Heartbeat_loss_alarm_appears_live_is_acknowledged_and_clears_when_the_agv_returns()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = WatchErrors(page);
        await Browser.SignInAsync(page, Host.BaseUrl, "/alarms", "maintenance", "Maintenance1!");
        var demo = Host.Services.GetRequiredService<DemoFleet>();
        Assert.True(await demo.Simulator!.WaitConnectedAsync(TimeSpan.FromSeconds(15)));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]");
        Assert.NotNull(await page.QuerySelectorAsync("#no-alarms"));

        demo.Simulator.Silence("DEMO-02", TimeSpan.FromSeconds(8));
        // Within 3 heartbeat periods (1 s each) the console notices; the alarm reaches this page live.
        var toast = await page.WaitForSelectorAsync(".mud-snackbar:has-text('Heartbeat lost')", new() { Timeout = 10000 });
        Assert.Contains("DEMO-02", await toast!.TextContentAsync());
        await page.WaitForSelectorAsync(".console-alarm-badge .mud-badge:has-text('1')");
        var row = page.Locator("#alarm-grid tr.alarm-row", new() { Has = page.Locator("a[data-serial='DEMO-02']") });
        await row.Filter(new() { HasText = "Heartbeat lost" }).WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("alarms-raised.png") });

        // Acknowledged with a comment, in the dialog the button opens.
        await row.Locator("button.alarm-acknowledge").ClickAsync();
        await page.FillAsync("#alarm-action-dialog textarea", "radio dead spot near the lift");
        await page.ClickAsync("#alarm-action-confirm");
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('acknowledged')");
        await row.Filter(new() { HasText = "radio dead spot" }).WaitForAsync();
        Assert.Contains("maintenance", await row.TextContentAsync());
        await page.WaitForSelectorAsync(".console-alarm-badge .mud-badge", new() { State = WaitForSelectorState.Hidden });

        // The AGV comes back (reconnects and registers): the alarm clears by itself, live.
        await page.WaitForSelectorAsync("#no-alarms", new() { Timeout = 20000 });
        await page.GotoAsync(Host.BaseUrl + "/alarms/history?agv=DEMO-02");
        await page.WaitForSelectorAsync("#history-grid tr.history-row");
        var timeline = await page.TextContentAsync("#history-grid tr.history-row");
        Assert.Contains("raised", timeline);
        Assert.Contains("acknowledged by maintenance: radio dead spot near the lift", timeline);
        Assert.Contains("cleared (condition ended)", timeline);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("alarm-history.png"), FullPage = true });

        // Tracing the fault: from the alarm to the AGV's log, which marks the moment and shows what led to it.
        await page.ClickAsync("#history-grid tr.history-row a.console-log-link");
        await page.WaitForSelectorAsync("#agv-log");
        var log = await page.TextContentAsync("#log-table");
        Assert.Contains("Heartbeat lost (Error) raised", log);
        Assert.Contains("offline", log);
        Assert.Contains("registered", log);
        Assert.NotNull(await page.QuerySelectorAsync("#log-table tr.console-log-marked"));
        await page.WaitForSelectorAsync("#marked-moment");
        await page.WaitForSelectorAsync("#chart-battery svg path", new() { State = WaitForSelectorState.Attached });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("agv-log.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
