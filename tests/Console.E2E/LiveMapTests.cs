using System.Text.Json;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>A supervisor signs in and watches simulated AGVs move on the live map, in a real browser.</summary>
public sealed class LiveMapTests() : BrowserTest(() => ConsoleHost.StartAsync())
{
    private static async Task<T> Eval<T>(IPage page, string js) => await page.EvaluateAsync<T>(js);

    [Fact]
    public async Task Supervisor_signs_in_and_sees_agvs_move_on_the_live_map()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await Browser.SignInAsync(page, Host.BaseUrl, "/map", "supervisor", "Supervisor1!");
        Assert.EndsWith("/map", new Uri(page.Url).AbsolutePath);
        await page.WaitForSelectorAsync("#live-status.text-success", new() { Timeout = 15000 });

        // Every demo AGV reaches the browser, and some of them move (demo traffic dispatches idle ones).
        await page.WaitForFunctionAsync("() => [...window.__liveMap.vehicles.values()].filter(v => v.u.st !== 'offline').length === 8", null, new() { Timeout = 20000 });
        await page.EvaluateAsync("() => { window.__before = Object.fromEntries([...window.__liveMap.vehicles.values()].map(v => [v.u.s, [v.u.x, v.u.y]])); }");
        await page.WaitForFunctionAsync(
            "() => [...window.__liveMap.vehicles.values()].some(v => { const b = window.__before[v.u.s]; return b && Math.hypot(v.u.x - b[0], v.u.y - b[1]) > 500; })",
            null, new() { Timeout = 30000, PollingInterval = 250 });
        await page.WaitForTimeoutAsync(800);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map.png") });

        // Clicking an AGV opens its details in the side panel.
        var serial = await Eval<string>(page, "() => [...window.__liveMap.vehicles.values()].find(v => v.u.m === window.__liveMap.mapId && v.u.st !== 'offline').u.s");
        var box = (await page.Locator("#map-canvas").BoundingBoxAsync())!;
        var at = await Eval<JsonElement>(page, $"() => window.__liveMap.screenOf('{serial}')");
        await page.Mouse.ClickAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
        await page.WaitForSelectorAsync("#side-agv:not(.d-none)");
        Assert.Equal(serial, await page.TextContentAsync("#side-serial"));
        Assert.Contains($"/agvs/{serial}", await page.GetAttributeAsync("#side-link", "href"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map-selected.png") });

        // The floor switcher shows the other floor without a reload.
        await page.ClickAsync("#floor-switcher a[data-map='2']");
        Assert.Equal(2, await Eval<int>(page, "() => window.__liveMap.mapId"));
        Assert.Contains("btn-primary", await page.GetAttributeAsync("#floor-switcher a[data-map='2']", "class"));
        Assert.Contains("map=2", page.Url);

        // Updates arrive at the AGVs' report rate, and state reaches the browser quickly.
        var latencies = await Eval<double[]>(page, "() => window.__liveMap.latencies.slice(-200)");
        Assert.True(latencies.Length > 50, $"only {latencies.Length} updates");
        Array.Sort(latencies);
        Assert.True(latencies[latencies.Length / 2] < 1000, $"median state→browser latency {latencies[latencies.Length / 2]} ms");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Fleet_list_updates_live_and_links_to_the_detail()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await Browser.SignInAsync(page, Host.BaseUrl, "/fleet", "maintenance", "Maintenance1!");
        await page.WaitForSelectorAsync("#fleet-grid a[data-serial='DEMO-08']", new() { Timeout = 15000 });
        Assert.Equal(8, await page.Locator("#fleet-grid tr.agv-row").CountAsync());
        // Rows rendered while the AGVs were still connecting turn to their live state without a reload.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#fleet-grid [data-state]')].every(b => b.dataset.state !== 'offline')",
            null, new() { Timeout = 20000 });
        await page.WaitForFunctionAsync("() => document.querySelector('#fleet-counts').textContent.includes('8 online')", null, new() { Timeout = 10000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("fleet.png"), FullPage = true });

        await page.ClickAsync("#fleet-grid a[href='/agvs/DEMO-03']");
        await page.WaitForSelectorAsync("#agv-detail");
        Assert.Equal("DEMO-03", await page.TextContentAsync("h1"));
        // Live from the circuit: the state shown is the AGV's own, not "offline".
        await page.WaitForFunctionAsync("() => document.querySelector('#live-state [data-state]').dataset.state !== 'offline'");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("agv-detail.png"), FullPage = true });
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Host.BaseUrl + "/");
        Assert.Contains("/account/login", page.Url);
        await page.FillAsync("#username", "supervisor");
        await page.FillAsync("#password", "guess");
        await page.ClickAsync("#sign-in");
        Assert.Equal("Wrong user name or password.", (await page.TextContentAsync("#login-error"))!.Trim());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("login-error.png") });
    }
}
