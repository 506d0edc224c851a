using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Web.Api;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The live map crowded: a hall of 126 named places with 72 AGVs driving under demo traffic, in
/// English and in Chinese, at 1920×1080 and at a laptop's 1366×768 (screenshots to look at), checked
/// for what must hold when crowded: every AGV on the canvas, names only on hover and for the
/// selected one, the tooltip, the legend, no console error.
/// </summary>
public sealed class LiveMapScreenshotTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 8, traffic: true))
{
    private const uint Hall = 3;
    private const int Columns = 14, Rows = 9, Crowd = 72;

    /// <summary>Hall C: a 14 × 9 grid 2.5 m apart; docks along the bottom row, chargers on the left, parking at the top.</summary>
    private static MapDto HallC()
    {
        uint Id(int c, int r) => 3000 + (uint)(r * Columns + c + 1);
        var nodes = new List<MapNodeDto>();
        var edges = new List<MapEdgeDto>();
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var (kind, name) = (r, c) switch
                {
                    (0, _) when c % 2 == 1 => ("normal", $"Dock {c / 2 + 1}"),
                    (_, 0) when r is >= 2 and <= 4 => ("charging", $"Charger {r - 1}"),
                    (8, _) when c % 3 == 0 => ("parking", $"Parking {c / 3 + 1}"),
                    _ => ("normal", (string?)null),
                };
                nodes.Add(new MapNodeDto(Id(c, r), c * 2500, r * 2500, kind, Name: name));
                if (c + 1 < Columns) edges.Add(new MapEdgeDto(Id(c, r), Id(c + 1, r), true, 1200));
                if (r + 1 < Rows) edges.Add(new MapEdgeDto(Id(c, r), Id(c, r + 1), r is > 0 and < 7 || c % 4 == 0, 1200));
            }
        return new MapDto(Hall, "Hall C – dispatch floor", "C", 1, nodes, edges);
    }

    private async Task<FleetSimulator> CrowdAsync()
    {
        var (ok, _, errors) = await Host.Services.GetRequiredService<MapAdministration>().ImportAsync("e2e", HallC());
        Assert.True(ok, string.Join("; ", errors));
        var map = Host.Services.GetRequiredService<SiteMaps>().Find(Hall)!;
        var port = Host.Services.GetRequiredService<AgvListener>().Server.Port;
        var places = map.Nodes.Where(n => n.Kind != MapNodeKind.Charging).OrderBy(n => n.Id).Where((_, i) => i % 3 != 2).Take(Crowd).ToList();
        var agvs = places.Select((n, i) => new SimulatedAgvOptions
        {
            Serial = $"{DemoSite.SerialPrefix}{i + 11}", Vendor = DemoSite.Models[i % DemoSite.Models.Length].Vendor, MapId = Hall,
            StartNodeId = n.Id, StartPose = new Pose(n.X, n.Y, 0), StartBatteryPct = (byte)(25 + i * 7 % 70), EventsPerHour = 0, SpaceRequestsPerHour = 20, Seed = i + 100,
            AgvType = i % 5 == 0 ? AgvType.Forklift : AgvType.LatentLifting, LengthMm = (ushort)(i % 5 == 0 ? 2000 : 1200), WidthMm = (ushort)(i % 5 == 0 ? 1000 : 800),
        }).ToList();
        var sim = new FleetSimulator(new FleetSimulatorOptions { Host = "127.0.0.1", Port = port }, agvs, NullLogger.Instance);
        sim.Start();
        Assert.True(await sim.WaitConnectedAsync(TimeSpan.FromSeconds(60)), "the crowd did not register");
        // A few that need a person: an emergency stop, one taken out of automatic dispatch.
        var commands = Host.Services.GetRequiredService<VehicleCommands>();
        Assert.True((await commands.MotionAsync("e2e", $"{DemoSite.SerialPrefix}20", MotionCommandKind.EmergencyStop)).Ok);
        Host.Services.GetRequiredService<FleetRegistry>().Find($"{DemoSite.SerialPrefix}30")!.AutoDispatch = false;
        return sim;
    }

    private async Task ShootAsync(string locale, int width, int height, string name, string path, Func<IPage, Task>? then = null)
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
        var errors = WatchErrors(page, consoleErrors: true);
        await Browser.SignInAsync(page, Host.BaseUrl, path, "supervisor", "Supervisor1!");
        await page.WaitForFunctionAsync("() => window.__liveMap?.onFloor > 0 && !window.__liveMap.stale", null, new() { Timeout = 30000 });
        if (then is not null) await then(page);
        await page.WaitForTimeoutAsync(1500);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath(name) });
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_demo_site_in_english_and_chinese_at_two_screen_sizes()
    {
        foreach (var (locale, tag) in new[] { ("en-US", "en"), ("zh-CN", "zh") })
        {
            await ShootAsync(locale, 1920, 1080, $"live-map-8-{tag}-1920.png", "/map?map=1&agv=DEMO-02");
            await ShootAsync(locale, 1366, 768, $"live-map-8-{tag}-1366.png", "/map?map=1");
        }
    }

    [Fact]
    public async Task Seventy_two_agvs_on_one_floor_stay_readable()
    {
        await using var sim = await CrowdAsync();
        foreach (var (locale, tag) in new[] { ("en-US", "en"), ("zh-CN", "zh") })
            await ShootAsync(locale, 1920, 1080, $"live-map-72-{tag}-1920.png", $"/map?map={Hall}&agv={DemoSite.SerialPrefix}20", async page =>
            {
                await page.WaitForFunctionAsync($"() => window.__liveMap.onFloor === {Crowd}", null, new() { Timeout = 30000 });
                // Crowded: the canvas names the selected AGV only; pointing at another names it in the tooltip.
                var other = $"{DemoSite.SerialPrefix}45";
                var box = (await page.Locator("#map-canvas").BoundingBoxAsync())!;
                var at = await page.EvaluateAsync<System.Text.Json.JsonElement>("s => window.__liveMap.screenOf(s)", other);
                await page.Mouse.MoveAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
                await page.WaitForFunctionAsync("s => { const t = document.querySelector('.map-tooltip'); return t && !t.hidden && t.textContent.startsWith(s); }", other);
                Assert.Equal(Crowd, await page.Locator("#map-counts").EvaluateAsync<int>("e => Number(e.textContent.match(/\\d+/)[0])"));
            });
        await ShootAsync("en-US", 1366, 768, "live-map-72-en-1366.png", $"/map?map={Hall}");
    }

    [Fact]
    public async Task The_map_editor_in_english_and_chinese()
    {
        foreach (var (locale, tag) in new[] { ("en-US", "en"), ("zh-CN", "zh") })
        {
            var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = locale });
            var errors = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            await Browser.SignInAsync(page, Host.BaseUrl, "/maps/1/edit", "admin", "Administrator1!");
            await page.WaitForFunctionAsync("() => window.__editor?.screenOf(1003) != null");
            var box = (await page.Locator("#editor-canvas").BoundingBoxAsync())!;
            var at = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__editor.screenOf(1028)");
            await page.Mouse.ClickAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
            await page.WaitForSelectorAsync("#node-props");
            await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"map-editor-{tag}-1920.png") });
            Assert.Empty(errors);
            await page.CloseAsync();
        }
    }
}
