using System.Text.Json;
using AgvConsole.Fleet.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The operator's control half in a real browser against simulated AGVs (demo traffic off, so
/// only what the test sends moves them): dispatch a path by clicking on the live map and see the
/// AGV drive it; change a report period on the parameters page and see the reports come faster.
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
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await Browser.SignInAsync(page, Host.BaseUrl, "/map?map=1&agv=DEMO-01", "supervisor", "Supervisor1!");
        await page.WaitForFunctionAsync("() => window.__liveMap.vehicles.get('DEMO-01')?.u.ln === 1003", null, new() { Timeout = 20000 });
        await page.WaitForSelectorAsync("#side-agv:not(.d-none)");
        Assert.Equal("DEMO-01", await page.TextContentAsync("#side-serial"));

        // Destination mode: the console proposes the fastest route from 1003 to 1025.
        await ClickNode(page, 1025);
        await page.WaitForFunctionAsync("() => window.__liveMap.dispatch.plan !== null");
        var routeText = await page.TextContentAsync("#dispatch-route");
        Assert.StartsWith("1003", routeText!.Split('·')[2].Trim());
        Assert.EndsWith("1025", routeText.Trim());
        Assert.Contains(" m ·", routeText);

        // Click-nodes mode: a node that is not next to the path is refused with the reason.
        await page.ClickAsync("label[for=mode-nodes]");
        await ClickNode(page, 1004);
        await page.WaitForFunctionAsync("() => window.__liveMap.dispatch.plan?.route.join() === '1003,1004'");
        await ClickNode(page, 1036);
        await page.WaitForSelectorAsync("#dispatch-route.text-danger");
        Assert.Contains("not joined by an edge", await page.TextContentAsync("#dispatch-route"));
        await ClickNode(page, 1014);
        await page.WaitForFunctionAsync("() => window.__liveMap.dispatch.plan?.route.join() === '1003,1004,1014'");
        await page.SelectOptionAsync("#dispatch-task", "pickUp");
        await page.SelectOptionAsync("#dispatch-action", "lift:liftUp");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dispatch-planned.png") });
        await page.ClickAsync("#dispatch-send");
        await page.WaitForSelectorAsync("#dispatch-result.text-success");
        Assert.Contains("done", await page.TextContentAsync("#dispatch-result"));

        // The AGV drives it: the path shows, then it arrives at 1014 with the load lifted.
        await page.WaitForFunctionAsync("() => window.__liveMap.vehicles.get('DEMO-01').u.p.join() === '1003,1004,1014'", null, new() { Timeout = 5000 });
        await page.WaitForFunctionAsync("() => { const u = window.__liveMap.vehicles.get('DEMO-01').u; return u.ln === 1014 && u.l; }", null, new() { Timeout = 30000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("dispatch-arrived.png") });

        // Commands from the map: emergency stop, and the release asks first.
        await page.ClickAsync("#map-commands [data-command=emergencyStop]");
        await page.WaitForFunctionAsync("() => document.querySelector('#command-answer').textContent.includes('Emergency stop: done')");
        await page.WaitForFunctionAsync("() => window.__liveMap.vehicles.get('DEMO-01').u.st === 'emergencyStop'", null, new() { Timeout = 5000 });
        page.Dialog += async (_, d) => await d.AcceptAsync();
        await page.ClickAsync("#map-commands [data-command=releaseEmergencyStop]");
        await page.WaitForFunctionAsync("() => document.querySelector('#command-answer').textContent.includes('Release emergency stop: done')");
        Assert.Empty(errors);
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
        await map.WaitForSelectorAsync("#live-status.text-success", new() { Timeout = 15000 });
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
