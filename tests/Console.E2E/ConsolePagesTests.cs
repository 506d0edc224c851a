using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The interactive pages in a real browser under the console's Content-Security-Policy: a supervisor
/// signs in to the operations overview, opens the fleet list, sees an AGV drop out live (row, alarm
/// toast, badge) and switches the interface to Chinese, which stays chosen for the account.
/// No browser errors and no CSP violations anywhere.
/// </summary>
public sealed class ConsolePagesTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 8, traffic: true))
{
    private static async Task<(IPage Page, List<string> Problems)> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        // CSP violations are reported as events, whether or not the console logs them.
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))");
        return (page, problems);
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser) =>
        browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, Locale = "en-GB" });

    [Fact]
    public async Task Supervisor_sees_the_overview_and_the_fleet_list_update_live()
    {
        var demo = Host.Services.GetRequiredService<DemoFleet>();
        Assert.True(await demo.Simulator!.WaitConnectedAsync(TimeSpan.FromSeconds(20)));
        await using var context = await NewContextAsync(Chromium);
        var (page, problems) = await OpenAsync(context);
        await Browser.SignInAsync(page, Host.BaseUrl, "/", "supervisor", "Supervisor1!");

        // The overview: eight AGVs counted in the five groups, each figure a link to the fleet list.
        await page.WaitForSelectorAsync("#overview");
        await page.WaitForFunctionAsync("() => ['working','idle','charging','fault','offline'].map(g => +document.querySelector('#agvs-' + g + ' .console-figure-value').textContent).reduce((a, b) => a + b) === 8");
        Assert.Equal("/fleet?group=Working", await page.GetAttributeAsync("#agvs-working", "href"));
        Assert.Equal("0", (await page.TextContentAsync("#agvs-offline .console-figure-value"))!.Trim());
        await page.WaitForSelectorAsync("#throughput-chart svg");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("overview.png"), FullPage = true });

        // To the fleet list through the navigation (no page load: the circuit navigates).
        await page.ClickAsync("#nav-fleet");
        await page.WaitForURLAsync(u => u.EndsWith("/fleet"));
        await page.WaitForSelectorAsync("#fleet-grid a[data-serial='DEMO-08']");
        Assert.Equal(8, await page.Locator("#fleet-grid tr.agv-row").CountAsync());

        // Search and filter without a reload: the circuit filters.
        await page.FillAsync("#fleet-search", "DEMO-0");
        await page.Locator("#fleet-search").PressSequentiallyAsync("3");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#fleet-grid tr.agv-row').length === 1");
        await page.FillAsync("#fleet-search", "");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#fleet-grid tr.agv-row').length === 8");

        // DEMO-02 falls silent: the list shows it offline, the alarm comes as a toast and on the badge.
        demo.Simulator.Silence("DEMO-02", TimeSpan.FromSeconds(10));
        var row = page.Locator("#fleet-grid tr.agv-row", new() { Has = page.Locator("a[data-serial='DEMO-02']") });
        await row.Locator("[data-state='offline']").WaitForAsync(new() { Timeout = 15000 });
        Assert.Contains("Offline", await row.TextContentAsync());
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('DEMO-02')", new() { Timeout = 15000 });
        await page.WaitForSelectorAsync(".console-alarm-badge .mud-badge:has-text('1')");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("fleet-live.png"), FullPage = true });

        // Back on the overview: the offline AGV is counted there too.
        await page.ClickAsync("#nav-overview");
        await page.WaitForFunctionAsync("() => +document.querySelector('#agvs-offline .console-figure-value')?.textContent >= 1", null, new() { Timeout = 15000 });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Switching_to_Chinese_shows_the_pages_in_Chinese_and_is_remembered_for_the_account()
    {
        await using (var context = await NewContextAsync(Chromium))
        {
            var (page, problems) = await OpenAsync(context);
            await Browser.SignInAsync(page, Host.BaseUrl, "/fleet", "maintenance", "Maintenance1!");
            await page.WaitForSelectorAsync("#fleet-grid a[data-serial='DEMO-01']");
            Assert.Equal("Fleet", (await page.TextContentAsync("h1"))!.Trim());

            await page.ClickAsync("#language-zh-CN");
            await page.WaitForSelectorAsync("html[lang='zh-CN']");
            await page.WaitForSelectorAsync("#fleet-grid a[data-serial='DEMO-01']");
            Assert.Equal("车队", (await page.TextContentAsync("h1"))!.Trim());
            Assert.Contains("运营总览", await page.TextContentAsync("#nav-overview"));
            Assert.Contains("最近状态上报", await page.TextContentAsync("#fleet-grid thead"));
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("fleet-zh.png"), FullPage = true });

            await page.ClickAsync("#nav-overview");
            await page.WaitForSelectorAsync("h1:has-text('运营总览')");
            await page.WaitForSelectorAsync("#throughput-chart svg");
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("overview-zh.png"), FullPage = true });

            // The audit log, reached through the navigation, in the same language.
            await page.ClickAsync("#nav-audit");
            await page.WaitForSelectorAsync("h1:has-text('审计日志')");
            Assert.Contains("运营总览", await page.TextContentAsync("#nav-overview"));
            Assert.Empty(problems);
        }

        // A new browser (no culture cookie) with an English Accept-Language: the account's choice wins once signed in.
        await using (var fresh = await NewContextAsync(Chromium))
        {
            var (page, problems) = await OpenAsync(fresh);
            await Browser.SignInAsync(page, Host.BaseUrl, "/", "maintenance", "Maintenance1!");
            await page.WaitForSelectorAsync("h1:has-text('运营总览')");
            await page.ClickAsync("#language-en");
            await page.WaitForSelectorAsync("h1:has-text('Operations overview')");
            Assert.Empty(problems);
        }
    }
}
