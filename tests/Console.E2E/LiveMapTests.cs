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

        // Every demo AGV of floor 1 reaches the canvas (the feed sends the floor shown), and some move (demo traffic).
        await page.WaitForFunctionAsync("() => window.__liveMap?.agvs().filter(a => a.m === 1 && a.st !== 'offline').length === 4", null, new() { Timeout = 20000 });
        Assert.False(await Eval<bool>(page, "() => window.__liveMap.stale"));
        await page.EvaluateAsync("() => { window.__before = Object.fromEntries(window.__liveMap.agvs().map(a => [a.s, [a.x, a.y]])); }");
        await page.WaitForFunctionAsync(
            "() => window.__liveMap.agvs().some(a => { const b = window.__before[a.s]; return b && Math.hypot(a.x - b[0], a.y - b[1]) > 500; })",
            null, new() { Timeout = 30000, PollingInterval = 250 });
        // The list beside the map has the floor's AGVs, state in words.
        await page.WaitForSelectorAsync("#side-list button[data-serial='DEMO-04']");
        Assert.Equal(4, await page.Locator("#side-list button[data-serial]").CountAsync());
        await page.WaitForTimeoutAsync(800);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map.png") });

        // Pointing at an AGV names it; clicking it opens its details beside the map, and the address says which.
        var serial = await Eval<string>(page, "() => window.__liveMap.agvs().find(a => a.m === 1 && a.st !== 'offline').s");
        var box = (await page.Locator("#map-canvas").BoundingBoxAsync())!;
        var at = await Eval<JsonElement>(page, $"() => window.__liveMap.screenOf('{serial}')");
        await page.Mouse.MoveAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
        await page.WaitForFunctionAsync("s => { const t = document.querySelector('.map-tooltip'); return t && !t.hidden && t.textContent.startsWith(s); }", serial);
        at = await Eval<JsonElement>(page, $"() => window.__liveMap.screenOf('{serial}')");
        await page.Mouse.ClickAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
        await page.WaitForSelectorAsync($"#side-agv[data-serial='{serial}']");
        Assert.Equal(serial, (await page.TextContentAsync("#side-serial"))!.Trim());
        Assert.Contains($"/agvs/{serial}", await page.GetAttributeAsync("#side-link", "href"));
        await page.WaitForFunctionAsync("s => window.__liveMap.selected === s && location.search.includes('agv=' + s)", serial);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map-selected.png") });

        // The floor switch shows the other floor without a reload; the canvas is sent that floor's AGVs.
        await page.ClickAsync("#floor-switcher [data-map='2']");
        await page.WaitForFunctionAsync("() => window.__liveMap.mapId === 2 && window.__liveMap.onFloor === 4", null, new() { Timeout = 10000 });
        Assert.Equal("true", await page.GetAttributeAsync("#floor-switcher [data-map='2']", "aria-pressed"));
        Assert.Contains("map=2", page.Url);

        // Updates arrive at the AGVs' report rate, and state reaches the screen quickly.
        // (Waited for, not sampled once: on a loaded machine the first floor's updates may not have reached 50 yet.)
        await page.WaitForFunctionAsync("() => window.__liveMap.latencies.length > 50", null, new() { Timeout = 15000 });
        var latencies = await Eval<double[]>(page, "() => window.__liveMap.latencies.slice(-200)");
        Assert.True(latencies.Length > 50, $"only {latencies.Length} updates");
        Array.Sort(latencies);
        Assert.True(latencies[latencies.Length / 2] < 1000, $"median state→screen latency {latencies[latencies.Length / 2]} ms");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task While_the_feed_is_down_the_agvs_are_shown_stale_not_moving()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await Browser.SignInAsync(page, Host.BaseUrl, "/map?map=1", "maintenance", "Maintenance1!");
        await page.WaitForFunctionAsync("() => window.__liveMap?.agvs().filter(a => a.st !== 'offline').length === 4", null, new() { Timeout = 20000 });
        Assert.True(await page.Locator(".map-stale-banner").IsHiddenAsync());

        // The browser loses the console (both the page's circuit and the map's feed): the map says so and greys the AGVs.
        await page.Context.SetOfflineAsync(true);
        // The browser notices when the console stops answering: SignalR gives up after its 30 s server timeout.
        await page.WaitForFunctionAsync("() => window.__liveMap.stale", null, new() { Timeout = 60000 });
        await page.WaitForSelectorAsync(".map-stale-banner", new() { State = WaitForSelectorState.Visible });
        Assert.Contains("stale", (await page.TextContentAsync(".map-stale-banner"))!);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map-stale.png") });

        // Back online: live again without a reload.
        await page.Context.SetOfflineAsync(false);
        await page.WaitForFunctionAsync("() => !window.__liveMap.stale", null, new() { Timeout = 60000 });
        await page.WaitForSelectorAsync(".map-stale-banner", new() { State = WaitForSelectorState.Hidden });
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
