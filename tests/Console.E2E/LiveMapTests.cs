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
        var errors = WatchErrors(page, consoleErrors: true);

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
        var errors = WatchErrors(page);
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
    public async Task Small_or_large_on_screen_every_agv_is_drawn_where_it_is()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = WatchErrors(page);
        await Browser.SignInAsync(page, Host.BaseUrl, "/map?map=1&renderer=2d", "supervisor", "Supervisor1!");
        await page.WaitForFunctionAsync("() => window.__liveMap?.agvs().filter(a => a.m === 1 && a.st !== 'offline').length === 4", null, new() { Timeout = 20000 });
        Assert.Equal("2d", await Eval<string>(page, "() => window.__liveMap.renderer"));

        // Zoomed out, AGVs are copies of sprites (map-agvs-2d.js): the small-AGV path ran, and each AGV's middle is painted.
        for (int i = 0; i < 4; i++) await page.ClickAsync("#zoom-out");
        await page.WaitForFunctionAsync("() => window.__liveMap.sprites > 0", null, new() { Timeout = 10000 });
        await AssertDrawnWhereTheyAreAsync(page, "zoomed out");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map-zoomed-out.png") });

        // Zoomed in on an AGV until the narrowest demo AGV (800 mm) is 32 px wide, they are drawn as exact paths: the same check.
        var box = (await page.Locator("#map-canvas").BoundingBoxAsync())!;
        for (int i = 0; i < 40 && await Eval<double>(page, "() => window.__liveMap.scale") < 0.04; i++)
        {
            var at = await Eval<JsonElement>(page, "() => { const a = window.__liveMap.agvs().find(a => a.m === window.__liveMap.mapId && a.st !== 'offline'); return window.__liveMap.screenOf(a.s); }");
            await page.Mouse.MoveAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
            await page.Mouse.WheelAsync(0, -100);
        }
        Assert.True(await Eval<double>(page, "() => window.__liveMap.scale") >= 0.04, "could not zoom in");
        await AssertDrawnWhereTheyAreAsync(page, "zoomed in");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("live-map-zoomed-in.png") });
        Assert.Empty(errors);
    }

    /// <summary>
    /// Reads the AGV layer after a frame: every AGV of the floor in view has an opaque pixel at its position, and a corner
    /// with no AGV near it has none (so the check can fail: it is not a canvas painted all over).
    /// </summary>
    private static async Task AssertDrawnWhereTheyAreAsync(IPage page, string when)
    {
        var seen = await Eval<JsonElement>(page, """
            async () => {
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              const live = window.__liveMap, canvas = document.querySelectorAll('#map-canvas canvas')[1];
              const ctx = canvas.getContext('2d'), dpr = window.devicePixelRatio || 1;
              const w = canvas.width / dpr, h = canvas.height / dpr;
              const alpha = (x, y) => ctx.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data[3];
              const at = live.agvs().filter(a => a.m === live.mapId && a.st !== 'offline').map(a => ({ s: a.s, ...live.screenOf(a.s) }))
                .filter(p => p.x > 5 && p.y > 5 && p.x < w - 5 && p.y < h - 5);
              const corners = [[4, 4], [w - 4, 4], [4, h - 4], [w - 4, h - 4]].filter(([x, y]) => at.every(p => Math.hypot(p.x - x, p.y - y) > 80));
              return { agvs: at.map(p => ({ s: p.s, a: alpha(p.x, p.y) })), empty: corners.map(([x, y]) => alpha(x, y)) };
            }
            """);
        var agvs = seen.GetProperty("agvs").EnumerateArray().ToList();
        Assert.True(agvs.Count > 0, $"{when}: no AGV in view");
        foreach (var a in agvs)
            Assert.True(a.GetProperty("a").GetInt32() > 200, $"{when}: nothing drawn where {a.GetProperty("s").GetString()} is");
        var empty = seen.GetProperty("empty").EnumerateArray().ToList();
        Assert.True(empty.Count > 0, $"{when}: no corner free of AGVs to compare with");
        Assert.All(empty, e => Assert.Equal(0, e.GetInt32()));
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
