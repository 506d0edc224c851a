using System.Text.Json;
using AgvConsole.Fleet.Maps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>An administrator draws a new map and edits an existing one on the canvas, in a real browser.</summary>
public sealed class MapEditorTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 0))
{
    private static async Task ClickAt(IPage page, string js)
    {
        var box = (await page.Locator("#editor-canvas").BoundingBoxAsync())!;
        var at = await page.EvaluateAsync<JsonElement>(js);
        await page.Mouse.ClickAsync(box.X + at.GetProperty("x").GetSingle(), box.Y + at.GetProperty("y").GetSingle());
    }

    [Fact]
    public async Task Administrator_draws_a_new_map_and_the_console_validates_it()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await Browser.SignInAsync(page, Host.BaseUrl, "/maps", "admin", "Administrator1!");
        await page.ClickAsync("#new-map");
        await page.WaitForSelectorAsync("#editor-canvas");
        await page.FillAsync("#map-id", "9");
        await page.FillAsync("#map-building", "Hall D");
        await page.FillAsync("#map-floor", "1");

        // Three nodes 3 m apart, then two edges.
        await page.ClickAsync("label[for=tool-node]");
        foreach (var x in new[] { 0, 3000, 6000 }) await ClickAt(page, $"() => window.__editor.toScreen({x}, 0)");
        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.__editor.map.nodes.length"));
        var ids = await page.EvaluateAsync<uint[]>("() => window.__editor.map.nodes.map(n => n.id)");
        await page.ClickAsync("label[for=tool-edge]");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[0]})");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[1]})");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[1]})");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[2]})");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.__editor.map.edges.length"));
        // The second edge one-way at 500 mm/s; the last node a charging station.
        await page.ClickAsync("#edge-flip");
        await page.FillAsync("#edge-speed", "500");
        await page.DispatchEventAsync("#edge-speed", "change");
        await page.ClickAsync("label[for=tool-select]");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[2]})");
        await page.SelectOptionAsync("#node-kind", "charging");

        // Without a name the console refuses it and says why.
        await page.ClickAsync("#editor-save");
        await page.WaitForSelectorAsync("#editor-result.alert-danger");
        Assert.Contains("needs a name", await page.TextContentAsync("#editor-result"));
        Assert.Null(Host.Services.GetRequiredService<SiteMaps>().Find(9));

        await page.FillAsync("#map-name", "Dock");
        await page.ClickAsync("#editor-save");
        await page.WaitForSelectorAsync("#editor-result.alert-success");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("map-editor.png") });
        var map = Host.Services.GetRequiredService<SiteMaps>().Find(9)!;
        Assert.Equal(("Dock", "Hall D", 3, 2), (map.Name, map.Building, map.Nodes.Count, map.Edges.Count));
        Assert.Equal(MapNodeKind.Charging, map.Node(ids[2])!.Kind);
        var oneWay = map.Edges.Single(e => !e.Bidirectional);
        Assert.Equal((ids[2], ids[1], 500), (oneWay.From, oneWay.To, oneWay.MaxSpeed));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Administrator_moves_and_deletes_on_an_existing_map()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        await Browser.SignInAsync(page, Host.BaseUrl, "/maps/2/edit", "admin", "Administrator1!");
        await page.WaitForSelectorAsync("#editor-canvas");
        var box = (await page.Locator("#editor-canvas").BoundingBoxAsync())!;
        var from = await page.EvaluateAsync<JsonElement>("() => window.__editor.screenOf(2001)");
        var to = await page.EvaluateAsync<JsonElement>("() => window.__editor.toScreen(-1000, -1000)");
        await page.Mouse.MoveAsync(box.X + from.GetProperty("x").GetSingle(), box.Y + from.GetProperty("y").GetSingle());
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + to.GetProperty("x").GetSingle(), box.Y + to.GetProperty("y").GetSingle(), new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.ClickAsync("label[for=tool-delete]");
        await ClickAt(page, "() => window.__editor.screenOf(2012)");
        await page.ClickAsync("#editor-save");
        await page.WaitForSelectorAsync("#editor-result.alert-success");
        var map = Host.Services.GetRequiredService<SiteMaps>().Find(2)!;
        Assert.Equal((-1000, -1000), (map.Node(2001)!.X, map.Node(2001)!.Y));
        Assert.Null(map.Node(2012));
        Assert.DoesNotContain(map.Edges, e => e.From == 2012 || e.To == 2012);
        Assert.Equal(59, map.Nodes.Count);
    }
}
