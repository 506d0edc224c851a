using AgvConsole.Fleet.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The AGV pages in a real browser under the console's policy, against simulated AGVs (demo traffic off):
/// a supervisor stops an AGV with one click, releases it after a question, takes it out of automatic
/// dispatch and sees the mark in the fleet list; a maintenance technician reads the pages in Chinese.
/// Screenshots in English and Chinese at 1920×1080 and at a laptop's 1366×768. No browser errors.
/// </summary>
public sealed class AgvPagesTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 8, reportPeriodMs: 500, traffic: false))
{
    private static readonly (int Width, int Height)[] Sizes = [(1920, 1080), (1366, 768)];

    private async Task<(IPage Page, List<string> Problems)> OpenAsync(int width, int height, string locale)
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
        var problems = new List<string>();
        page.PageError += (_, e) => { lock (problems) problems.Add("page error: " + e); };
        page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add("console: " + m.Text); };
        return (page, problems);
    }

    private static Task Snackbar(IPage page, string text) =>
        page.WaitForSelectorAsync($".mud-snackbar:has-text('{text}')", new() { Timeout = 15000 });

    private static Task LiveState(IPage page, string state) =>
        page.WaitForFunctionAsync($"() => document.querySelector('#agv-detail[data-ready=true] #live-state [data-state]')?.dataset.state === '{state}'", null, new() { Timeout = 15000 });

    [Fact]
    public async Task Supervisor_stops_releases_and_holds_back_an_agv_from_its_page()
    {
        var (page, problems) = await OpenAsync(1920, 1080, "en-GB");
        await Browser.SignInAsync(page, Host.BaseUrl, "/agvs/DEMO-04", "supervisor", "Supervisor1!");
        await LiveState(page, "idle");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("agv-detail-en-1920.png"), FullPage = true });

        // Emergency stop: one click, the AGV's answer as a snackbar, the state follows live.
        await page.ClickAsync("#btn-estop");
        await Snackbar(page, "Emergency stop: done.");
        await LiveState(page, "emergencyStop");
        // Releasing asks first; keeping it sends nothing.
        await page.ClickAsync("#btn-release");
        await page.ClickAsync(".mud-dialog button:has-text('Keep as it is')");
        await page.WaitForSelectorAsync(".mud-dialog", new() { State = WaitForSelectorState.Detached });
        Assert.Equal("emergencyStop", await page.GetAttributeAsync("#live-state [data-state]", "data-state"));
        await page.ClickAsync("#btn-release");
        await page.WaitForSelectorAsync(".mud-dialog");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("agv-detail-release-question.png") });
        await page.ClickAsync(".mud-dialog button:has-text('Release')");
        await Snackbar(page, "Release emergency stop: done.");
        await LiveState(page, "idle");

        // Out of automatic dispatch: said on the page, marked in the fleet list, and back.
        await page.ClickAsync("#btn-hold-back");
        await Snackbar(page, "DEMO-04 gets no more orders");
        await page.WaitForSelectorAsync("#auto-dispatch[data-auto-dispatch=off]");
        await page.WaitForSelectorAsync("#stand-still:has-text('Held out of automatic dispatch')");
        Assert.False(Host.Services.GetRequiredService<FleetRegistry>().Find("DEMO-04")!.AutoDispatch);
        await page.ClickAsync("#nav-fleet");
        await page.WaitForSelectorAsync("#fleet-grid tr.agv-row:has(a[data-serial='DEMO-04']) [data-held-back]");
        Assert.Equal(1, await page.Locator("#fleet-grid [data-held-back]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("fleet-held-back.png"), FullPage = true });
        await page.ClickAsync("#fleet-grid a[data-serial='DEMO-04']");
        await page.WaitForSelectorAsync("#agv-detail[data-ready=true]");
        await page.ClickAsync("#btn-put-back");
        await page.WaitForSelectorAsync("#auto-dispatch[data-auto-dispatch=on]");
        Assert.True(Host.Services.GetRequiredService<FleetRegistry>().Find("DEMO-04")!.AutoDispatch);

        // Its log in two clicks: the commands just sent are there; the timeline filters by kind.
        await page.ClickAsync("#link-log");
        await page.WaitForSelectorAsync("#agv-log[data-ready=true] #log-table tr:has-text('motion command')");
        await page.ClickAsync("#log-kinds [data-kind=Command]");
        await page.WaitForFunctionAsync("() => ![...document.querySelectorAll('#log-table tbody [data-kind]')].some(k => k.dataset.kind === 'Command')");
        await page.ClickAsync("#log-kinds [data-kind=Command]");
        await page.WaitForSelectorAsync("#log-table tr:has-text('motion command')");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("agv-log-en-1920.png"), FullPage = true });

        // A bad period in the address: a message and the last hour, never an error page.
        await page.GotoAsync(Host.BaseUrl + "/agvs/DEMO-04/log?hours=abc");
        Assert.Contains("hours must be a whole number", await page.TextContentAsync("#query-error"));
        lock (problems) Assert.True(problems.All(p => p.Contains("400")), string.Join("\n", problems)); // the 400 of the bad address is the only error
    }

    [Fact]
    public async Task The_agv_pages_read_well_in_english_and_chinese_on_a_big_screen_and_a_laptop()
    {
        foreach (var (locale, lang) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
        foreach (var (width, height) in Sizes)
        {
            var (page, problems) = await OpenAsync(width, height, locale);
            await Browser.SignInAsync(page, Host.BaseUrl, "/agvs/DEMO-05", "admin", "Administrator1!");
            await LiveState(page, "idle");
            await page.WaitForSelectorAsync("#agv-events tbody tr");
            if (lang == "zh") Assert.Contains("急停", await page.TextContentAsync("#btn-estop"));
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"agv-detail-{lang}-{width}.png"), FullPage = true });

            // The AGV has been sampled a few times (every 5 s) before the charts are looked at: the log is history, read on load.
            for (var until = DateTime.UtcNow.AddSeconds(40); ; )
            {
                await page.GotoAsync(Host.BaseUrl + "/agvs/DEMO-05/log?hours=1");
                var points = int.Parse(await page.GetAttributeAsync("#chart-battery", "data-points") ?? "0");
                if (points >= 3 || DateTime.UtcNow > until) break;
                await page.WaitForTimeoutAsync(2000);
            }
            await page.WaitForSelectorAsync("#chart-battery svg path", new() { State = WaitForSelectorState.Attached });
            if (lang == "zh") Assert.Contains("运行日志", await page.TextContentAsync("h1"));
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"agv-log-{lang}-{width}.png"), FullPage = true });

            await page.GotoAsync(Host.BaseUrl + "/agvs/DEMO-05/parameters");
            await page.WaitForSelectorAsync("#parameters-page[data-ready=true] tr[data-param=stateReportPeriodMs] td[data-col=agv] .console-protocol-value");
            if (lang == "zh") Assert.Contains("心跳周期（秒）", await page.TextContentAsync("tr[data-param=heartbeatPeriodMs] th"));
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"agv-parameters-{lang}-{width}.png"), FullPage = true });

            await page.GotoAsync(Host.BaseUrl + "/parameters?type=Forklift");
            await page.WaitForSelectorAsync("#defaults-table");
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"fleet-parameters-{lang}-{width}.png"), FullPage = true });
            lock (problems) Assert.True(problems.Count == 0, string.Join("\n", problems));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Maintenance_reads_the_agv_pages_and_is_offered_no_command()
    {
        var (page, problems) = await OpenAsync(1366, 768, "en-GB");
        await Browser.SignInAsync(page, Host.BaseUrl, "/agvs/DEMO-06", "maintenance", "Maintenance1!");
        await LiveState(page, "idle");
        Assert.Equal(0, await page.Locator("#agv-commands").CountAsync());
        Assert.Equal(0, await page.Locator("#btn-hold-back").CountAsync());
        await page.GotoAsync(Host.BaseUrl + "/agvs/DEMO-06/parameters");
        await page.WaitForSelectorAsync("#parameters-page[data-ready=true] #read-only-note");
        Assert.Equal(0, await page.Locator("#parameters-table input").CountAsync());
        lock (problems) Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
