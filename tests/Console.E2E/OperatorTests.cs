using System.Text.Json;
using AgvConsole.Fleet.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The operator's control half in a real browser against simulated AGVs (demo traffic off, so
/// only what the test sends moves them): dispatch a path by clicking on the live map (a refusal says why and
/// leaves no route drawn) and see the AGV drive it; change a report period on the parameters page and see the reports come faster.
/// </summary>
public sealed class OperatorTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 8, reportPeriodMs: 500, traffic: false))
{
    private async Task ClickNode(IPage page, uint node)
    {
        var box = (await page.Locator("#map-canvas").BoundingBoxAsync())!;
        var at = await page.EvaluateAsync<JsonElement>($"() => window.__liveMap.nodeScreen({node})");
        await page.Mouse.ClickAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
    }

    [Fact]
    public async Task Supervisor_dispatches_a_path_by_clicking_and_the_agv_drives_it()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = WatchErrors(page, consoleErrors: true);
        await Browser.SignInAsync(page, Host.BaseUrl, "/map?map=1&agv=DEMO-01", "supervisor", "Supervisor1!");
        await page.WaitForFunctionAsync("() => window.__liveMap?.agv('DEMO-01')?.ln === 1003", null, new() { Timeout = 20000 });
        await page.WaitForSelectorAsync("#side-agv[data-serial='DEMO-01']");
        Assert.Equal("DEMO-01", (await page.TextContentAsync("#side-serial"))!.Trim());

        // Destination mode: the console proposes the fastest route from 1003 to 1025, drawn on the map.
        await ClickNode(page, 1025);
        await page.WaitForSelectorAsync("#dispatch-route");
        var route = (await page.GetAttributeAsync("#dispatch-route", "data-route"))!.Split(',');
        Assert.Equal(("1003", "1025"), (route[0], route[^1]));
        Assert.Contains(" m · ", await page.TextContentAsync("#dispatch-route"));
        await page.WaitForFunctionAsync("() => window.__liveMap.plan?.join() === document.querySelector('#dispatch-route').dataset.route");

        // A destination held by another AGV (picked from the list of places) is refused with the reason, and no route stays on the map.
        await page.FillAsync("#dispatch-destination", "1005");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "1005" }).First.ClickAsync();
        await page.WaitForSelectorAsync("#dispatch-error");
        Assert.Contains("held by", await page.TextContentAsync("#dispatch-error"));
        await page.WaitForFunctionAsync("() => window.__liveMap.plan === null");
        Assert.Equal(0, await page.Locator("#dispatch-route").CountAsync());

        // Click-nodes mode: a node that is not next to the path is refused with the reason.
        await page.ClickAsync("#dispatch-mode-nodes");
        await ClickNode(page, 1004);
        await page.WaitForSelectorAsync("#dispatch-route[data-route='1003,1004']");
        await ClickNode(page, 1036);
        await page.WaitForSelectorAsync("#dispatch-error");
        Assert.Contains("not joined by an edge", await page.TextContentAsync("#dispatch-error"));
        await ClickNode(page, 1014);
        await page.WaitForSelectorAsync("#dispatch-route[data-route='1003,1004,1014']");
        await ChooseAsync(page, "#dispatch-task", "Pick up");
        await ChooseAsync(page, "#dispatch-action", "lift up");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dispatch-planned.png") });
        await page.ClickAsync("#dispatch-send");
        var sent = page.Locator(".mud-snackbar", new() { HasText = "DEMO-01: task" });
        await sent.WaitForAsync();
        Assert.Contains("sent", await sent.InnerTextAsync());

        // The AGV drives it: its path shows with a flag at its destination, then it arrives at 1014 with the load lifted.
        await page.WaitForFunctionAsync("() => window.__liveMap.agv('DEMO-01').p.join() === '1003,1004,1014'", null, new() { Timeout = 5000 });
        Assert.Equal(1014, await page.EvaluateAsync<int>("() => window.__liveMap.destinationOf('DEMO-01')"));
        await page.WaitForFunctionAsync("() => { const u = window.__liveMap.agv('DEMO-01'); return u.ln === 1014 && u.l; }", null, new() { Timeout = 30000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dispatch-arrived.png") });

        // Commands from the map (the AGV page's panel beside it): emergency stop at once, the release asks first.
        await page.ClickAsync("#map-side #btn-estop");
        await page.Locator(".mud-snackbar", new() { HasText = "Emergency stop: done." }).WaitForAsync();
        await page.WaitForFunctionAsync("() => window.__liveMap.agv('DEMO-01').st === 'emergencyStop'", null, new() { Timeout = 5000 });
        await page.WaitForSelectorAsync("#side-agv [data-state=emergencyStop]");
        await page.ClickAsync("#map-side #btn-release");
        await page.ClickAsync(".mud-dialog button:has-text('Release')");
        await page.Locator(".mud-snackbar", new() { HasText = "Release emergency stop: done." }).WaitForAsync();
        Assert.Empty(errors);
    }

    /// <summary>Picks an option of a MudSelect by its text.</summary>
    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.ClickAsync($"{select} >> xpath=ancestor::div[contains(@class,'mud-select')][1]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new() { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task Changing_the_report_period_on_the_parameters_page_changes_the_report_rate()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await Browser.SignInAsync(page, Host.BaseUrl, "/agvs/DEMO-05/parameters", "admin", "Administrator1!");
        // Shown in seconds, with the protocol's milliseconds underneath (read from the AGV with ParamQuery).
        const string onAgv = "tr[data-param=stateReportPeriodMs] td[data-col=agv] .console-protocol-value";
        await page.WaitForSelectorAsync("#parameters-page[data-ready=true] " + onAgv); // interactive, and read from the AGV
        Assert.Equal("500 ms", (await page.TextContentAsync(onAgv))!.Trim());

        var map = await NewPageAsync();
        await Browser.SignInAsync(map, Host.BaseUrl, "/map?map=2", "admin", "Administrator1!");
        await map.WaitForFunctionAsync("() => window.__liveMap?.agv('DEMO-05') != null", null, new() { Timeout = 15000 });
        async Task<int> CountReports(int ms)
        {
            await map.EvaluateAsync("() => { window.__liveMap.updateCounts['DEMO-05'] = 0; }");
            await map.WaitForTimeoutAsync(ms);
            return await map.EvaluateAsync<int>("() => window.__liveMap.updateCounts['DEMO-05']");
        }
        int before = await CountReports(3000);
        Assert.InRange(before, 4, 8); // 500 ms period: about 6 in 3 s

        await page.FillAsync("tr[data-param=stateReportPeriodMs] input", "0.1");
        await page.ClickAsync("#save-parameters");
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('The AGV accepted all 1 parameters.')");
        await page.WaitForFunctionAsync($"() => document.querySelector('{onAgv}').textContent.trim() === '100 ms'");
        Assert.Equal("accepted", (await page.TextContentAsync("tr[data-param=stateReportPeriodMs] td[data-col=answer]"))!.Trim());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("parameters.png"), FullPage = true });

        int after = await CountReports(3000);
        Assert.InRange(after, 20, 32); // 100 ms period: about 30 in 3 s (the push coalesces at 50 ms)
        var v = Host.Services.GetRequiredService<FleetRegistry>().Find("DEMO-05")!;
        Assert.Equal(100u, v.Session!.ReportPeriodMs);
    }
}
