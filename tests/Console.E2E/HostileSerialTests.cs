using System.Net.Http.Json;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The attack of issue 12 in a real browser: AGVs register over TCP (normal mode) with serials,
/// a vendor and a model that are markup, and raise an alarm. Every page that shows them shows them
/// as text; no script of theirs runs (window.__xss stays undefined), no element of theirs exists,
/// no dialog opens, and no page reports a Content-Security-Policy violation (BrowserTest).
/// </summary>
public sealed class HostileSerialTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 2, traffic: false, settings: new()
{
    ["Api:Keys:0"] = $"e2e={ApiKey}",
}))
{
    private const string ApiKey = "e2e-hostile-serial-key";
    private const string ImgSerial = "<img src=x onerror=window.__xss=1>";
    private const string AttributeSerial = "\"><svg onload=window.__xss=2>";
    private const string ScriptSerial = "</script><script>window.__xss=3</script><img src=x onerror=window.__xss=3>";
    private const string Vendor = "<b onmouseover=window.__xss=4>Evil</b> Robotics";
    private const string Model = "\"></script><script>window.__xss=5</script>";
    private static readonly string[] Serials = [ImgSerial, AttributeSerial, ScriptSerial];

    private static string Path(string serial) => "/agvs/" + Uri.EscapeDataString(serial);

    /// <summary>The hostile strings are on the page as text, and nothing they carry became markup or ran.</summary>
    private static async Task AssertShownAsTextAsync(IPage page, string where, params string[] texts)
    {
        foreach (var text in texts)
        {
            try { await page.WaitForFunctionAsync("t => document.body.innerText.includes(t)", text, new() { Timeout = 15000 }); }
            catch (TimeoutException) { Assert.Fail($"{where}: '{text}' is not shown as text"); }
        }
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"{where}: a script from an AGV ran");
        var injected = await page.EvaluateAsync<int>(
            "() => document.querySelectorAll('img[src=\"x\"], svg[onload], b[onmouseover], [onerror], [onload], [onmouseover]').length");
        Assert.True(injected == 0, $"{where}: {injected} element(s) built from an AGV's strings");
        var scripts = await page.EvaluateAsync<int>(
            "() => [...document.scripts].filter(s => s.type !== 'application/json' && s.textContent.includes('__xss')).length");
        Assert.True(scripts == 0, $"{where}: a script element carries an AGV's string");
    }

    [Fact]
    public async Task Hostile_serials_vendor_and_model_are_shown_as_text_on_every_page_and_never_run()
    {
        // Enrolled over the API first (normal mode, no key), so they are admitted whatever the unknown-AGV policy.
        using var api = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        foreach (var serial in Serials)
            Assert.True((await api.PostAsJsonAsync("/api/v1/agvs", new { serial, vendor = Vendor })).IsSuccessStatusCode, $"enrolling {serial}");
        var port = (await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/health")).GetProperty("agvPort").GetInt32();

        // They register over TCP like real AGVs, on free nodes of floor 1, with a battery low enough to raise an alarm.
        uint[] nodes = [1045, 1047, 1065];
        var agvs = Serials.Select((serial, i) => new SimulatedAgvOptions
        {
            Serial = serial, Vendor = Vendor, Model = Model, MapId = 1, StartNodeId = nodes[i],
            StartPose = new Pose((int)(nodes[i] - 1001) % 10 * 2500, (int)(nodes[i] - 1001) / 10 * 2500, 0),
            StartBatteryPct = 5, EventsPerHour = 0, SpaceRequestsPerHour = 0, DrainPctPerMinuteIdle = 0, Seed = i + 1,
        }).ToList();

        var dialogs = new List<string>();
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        page.Dialog += async (_, d) => { lock (dialogs) dialogs.Add(d.Message); await d.DismissAsync(); };
        // The alarm page (interactive, live) is open when the AGVs arrive.
        await Browser.SignInAsync(page, Host.BaseUrl, "/alarms", "admin", "Administrator1!");
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]", new() { Timeout = 15000 });

        await using var sim = new FleetSimulator(new FleetSimulatorOptions { Host = "127.0.0.1", Port = port }, agvs, NullLogger.Instance);
        sim.Start();
        Assert.True(await sim.WaitConnectedAsync(TimeSpan.FromSeconds(20)), "the hostile AGVs did not register");

        // A toast for the battery alarm, on the page already open (AlarmToasts: MudBlazor snackbars, text only).
        foreach (var serial in Serials)
        {
            var toast = page.Locator(".mud-snackbar", new() { HasText = serial }).First;
            await toast.WaitForAsync(new() { Timeout = 30000 });
            Assert.Contains(serial, await toast.InnerTextAsync());
        }
        await AssertShownAsTextAsync(page, "toasts", Serials);

        await AssertShownAsTextAsync(page, "alarms, live", Serials);
        await page.ReloadAsync();
        await AssertShownAsTextAsync(page, "alarms", Serials);

        // The interactive pages (Blazor Server, MudBlazor) render the same strings.
        await page.GotoAsync(Host.BaseUrl + "/fleet");
        await AssertShownAsTextAsync(page, "fleet list", [.. Serials, Vendor]);
        await page.GotoAsync(Host.BaseUrl + "/");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AssertShownAsTextAsync(page, "overview");

        await page.GotoAsync(Host.BaseUrl + "/map?map=1");
        await AssertShownAsTextAsync(page, "live map, AGV list", Serials);
        await page.Locator("#side-list button[data-serial]", new() { HasText = ImgSerial }).ClickAsync();
        await page.WaitForSelectorAsync("#side-agv");
        Assert.Equal(ImgSerial, (await page.TextContentAsync("#side-serial"))!.Trim());
        await AssertShownAsTextAsync(page, "live map, side panel", ImgSerial);
        // On the canvas the serial goes to the tooltip as text (the page hands the module data only).
        await page.WaitForFunctionAsync("s => window.__liveMap?.screenOf(s) != null", ImgSerial);
        var box = (await page.Locator("#map-canvas").BoundingBoxAsync())!;
        var at = await page.EvaluateAsync<System.Text.Json.JsonElement>("s => window.__liveMap.screenOf(s)", ImgSerial);
        await page.Mouse.MoveAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
        await page.WaitForFunctionAsync("s => { const t = document.querySelector('.map-tooltip'); return t && !t.hidden && t.textContent.startsWith(s); }", ImgSerial);
        await AssertShownAsTextAsync(page, "live map, tooltip", ImgSerial);

        // The selected AGV also travels to the canvas module as data (?agv=).
        await page.GotoAsync(Host.BaseUrl + "/map?map=1&agv=" + Uri.EscapeDataString(ScriptSerial));
        await page.WaitForSelectorAsync("#side-agv");
        Assert.Equal(ScriptSerial, (await page.TextContentAsync("#side-serial"))!.Trim());
        await AssertShownAsTextAsync(page, "live map with a hostile ?agv=", ScriptSerial);

        foreach (var serial in new[] { ImgSerial, AttributeSerial })
        {
            await page.GotoAsync(Host.BaseUrl + Path(serial));
            await AssertShownAsTextAsync(page, $"AGV detail of {serial}", serial, Vendor, Model);
            await page.GotoAsync(Host.BaseUrl + Path(serial) + "/log");
            await AssertShownAsTextAsync(page, $"AGV log of {serial}", serial);
            await page.GotoAsync(Host.BaseUrl + Path(serial) + "/parameters");
            await AssertShownAsTextAsync(page, $"parameters of {serial}", serial);
        }

        await page.GotoAsync(Host.BaseUrl + "/alarms/history");
        await AssertShownAsTextAsync(page, "alarm history", Serials);
        await page.GotoAsync(Host.BaseUrl + "/audit");
        await AssertShownAsTextAsync(page, "audit", Serials);
        await page.GotoAsync(Host.BaseUrl + "/admin/agvs");
        await AssertShownAsTextAsync(page, "AGV administration", Serials);
        await page.GotoAsync(Host.BaseUrl + "/alarms/rules");
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]");
        await AssertShownAsTextAsync(page, "alarm rules");

        lock (dialogs) Assert.True(dialogs.Count == 0, "a dialog opened: " + string.Join(" | ", dialogs));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("hostile-serials-admin.png"), FullPage = true });
    }
}
