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

    /// <summary>Types into a MudBlazor field and leaves it (its value is taken when it loses focus).</summary>
    private static async Task TypeAsync(IPage page, string input, string text)
    {
        await page.FillAsync(input, text);
        await page.PressAsync(input, "Tab");
    }

    /// <summary>Picks a tool and waits until the page shows it picked (the canvas has it by then).</summary>
    private static async Task ToolAsync(IPage page, string tool)
    {
        await page.ClickAsync($"#tool-{tool}");
        await page.WaitForSelectorAsync($"#tool-{tool}[aria-pressed=true]");
        await page.WaitForFunctionAsync("t => window.__editor.tool === t", tool);
    }

    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.ClickAsync($"{select} >> xpath=ancestor::div[contains(@class,'mud-select')][1]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new() { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task Administrator_draws_a_new_map_names_its_places_and_the_console_validates_it()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = WatchErrors(page, consoleErrors: true);
        await Browser.SignInAsync(page, Host.BaseUrl, "/maps", "admin", "Administrator1!");
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]"); // interactive: the link is the circuit's
        await page.ClickAsync("#new-map");
        await page.WaitForFunctionAsync("() => window.__editor != null");
        await TypeAsync(page, "#map-id", "9");
        await TypeAsync(page, "#map-building", "Hall D");
        await TypeAsync(page, "#map-floor", "1");
        Assert.Contains("Save the map to check it", await page.TextContentAsync("#traffic-warnings")); // analysed when saved

        // Three nodes 3 m apart, then two edges.
        await ToolAsync(page, "node");
        // One click at a time, each seen by the editor before the next (a click during a re-render is not a double click).
        var drawn = 0;
        foreach (var x in new[] { 0, 3000, 6000 })
        {
            await ClickAt(page, $"() => window.__editor.toScreen({x}, 0)");
            await page.WaitForFunctionAsync("n => window.__editor.nodes.length === n", ++drawn);
        }
        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.__editor.nodes.length"));
        await page.WaitForSelectorAsync("#editor-counts:has-text('3 nodes')");
        var ids = await page.EvaluateAsync<uint[]>("() => window.__editor.nodes.map(n => n.id)");
        await ToolAsync(page, "edge");
        // Each click seen by the editor before the next: the page's panel may re-render between them.
        await ClickAt(page, $"() => window.__editor.screenOf({ids[0]})");
        await page.WaitForFunctionAsync("id => window.__editor.edgeStart === id", (int)ids[0]); // (a uint does not reach JavaScript as a number)
        await ClickAt(page, $"() => window.__editor.screenOf({ids[1]})");
        await page.WaitForFunctionAsync("() => window.__editor.edges.length === 1");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[1]})");
        await page.WaitForFunctionAsync("id => window.__editor.edgeStart === id", (int)ids[1]);
        await ClickAt(page, $"() => window.__editor.screenOf({ids[2]})");
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.__editor.edges.length"));
        await page.WaitForSelectorAsync($"#editor-status:has-text('Joined {ids[1]} and {ids[2]}')");

        // The second edge one-way at 500 mm/s; the last node a charging station.
        await page.WaitForSelectorAsync("#edge-props");
        await page.ClickAsync("#edge-flip");
        await TypeAsync(page, "#edge-speed", "500");
        await page.WaitForFunctionAsync("() => window.__editor.edges[1].maxSpeed === 500 && !window.__editor.edges[1].bidirectional");
        await ToolAsync(page, "select");
        await ClickAt(page, $"() => window.__editor.screenOf({ids[2]})");
        await page.WaitForSelectorAsync($"#node-props[data-node='{ids[2]}']");
        await ChooseAsync(page, "#node-kind", "Charging station");
        await page.WaitForFunctionAsync($"() => window.__editor.nodes.find(n => n.id === {ids[2]}).kind === 'charging'");

        // Places get names; a name used twice is flagged at once.
        await ClickAt(page, $"() => window.__editor.screenOf({ids[0]})");
        await page.WaitForSelectorAsync($"#node-props[data-node='{ids[0]}']");
        await TypeAsync(page, "#node-name", "Dock 1");
        // The name reached the canvas (the panel has re-rendered: the canvas may have moved on the page).
        await page.WaitForFunctionAsync("id => window.__editor.nodes.find(n => n.id === id).name === 'Dock 1'", (int)ids[0]);
        await ClickAt(page, $"() => window.__editor.screenOf({ids[1]})");
        await page.WaitForSelectorAsync($"#node-props[data-node='{ids[1]}']");
        await TypeAsync(page, "#node-name", "dock 1");
        await page.WaitForSelectorAsync($"#node-props :text('Node {ids[0]} already has this name')");

        // Without a map name, and with the name twice, the console refuses it and says why; nothing is stored.
        await page.ClickAsync("#editor-save");
        await page.WaitForSelectorAsync("#editor-result[data-result=refused]");
        var problems = await page.TextContentAsync("#editor-problems");
        Assert.Contains("needs a name", problems);
        Assert.Contains("names are unique on a map", problems);
        Assert.Null(Host.Services.GetRequiredService<SiteMaps>().Find(9));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("map-editor-refused.png") });

        await TypeAsync(page, "#node-name", "Dock 2");
        await TypeAsync(page, "#map-name", "Dock");
        await page.ClickAsync("#editor-save");
        await page.WaitForSelectorAsync("#editor-result[data-result=saved]");
        await page.WaitForURLAsync(u => u.EndsWith("/maps/9/edit"));
        // The traffic kernel's analysis of what was saved: the end reached only by a one-way edge away from it is named.
        await page.WaitForSelectorAsync("#traffic-warnings-list li");
        Assert.Contains(await page.Locator("#traffic-warnings-list li").AllTextContentsAsync(), t => t.Contains(ids[2].ToString()));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("map-editor.png") });
        var map = Host.Services.GetRequiredService<SiteMaps>().Find(9)!;
        Assert.Equal(("Dock", "Hall D", 3, 2), (map.Name, map.Building, map.Nodes.Count, map.Edges.Count));
        Assert.Equal(MapNodeKind.Charging, map.Node(ids[2])!.Kind);
        Assert.Equal(("Dock 1", "Dock 2"), (map.Node(ids[0])!.Name, map.Node(ids[1])!.Name));
        var oneWay = map.Edges.Single(e => !e.Bidirectional);
        Assert.Equal((ids[2], ids[1], 500), (oneWay.From, oneWay.To, oneWay.MaxSpeed));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Administrator_moves_and_deletes_on_an_existing_map()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var errors = WatchErrors(page, consoleErrors: true);
        await Browser.SignInAsync(page, Host.BaseUrl, "/maps/2/edit", "admin", "Administrator1!");
        await page.WaitForFunctionAsync("() => window.__editor?.screenOf(2001) != null");
        var box = (await page.Locator("#editor-canvas").BoundingBoxAsync())!;
        var from = await page.EvaluateAsync<JsonElement>("() => window.__editor.screenOf(2001)");
        var to = await page.EvaluateAsync<JsonElement>("() => window.__editor.toScreen(-1000, -1000)");
        await page.Mouse.MoveAsync(box.X + from.GetProperty("x").GetSingle(), box.Y + from.GetProperty("y").GetSingle());
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + to.GetProperty("x").GetSingle(), box.Y + to.GetProperty("y").GetSingle(), new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.WaitForSelectorAsync("#node-props[data-node='2001']");

        // A closed, narrow edge from the property panel; a node deleted with the tool.
        await ClickAt(page, "() => { const a = window.__editor.screenOf(2002), b = window.__editor.screenOf(2003); return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }; }");
        await page.WaitForSelectorAsync("#edge-props");
        await page.CheckAsync("#edge-closed");
        await TypeAsync(page, "#edge-width", "900");
        await ToolAsync(page, "delete");
        await ClickAt(page, "() => window.__editor.screenOf(2012)");
        await page.WaitForSelectorAsync("#editor-status:has-text('Deleted node 2012')");
        await page.ClickAsync("#editor-save");
        await page.WaitForSelectorAsync("#editor-result[data-result=saved]");
        var map = Host.Services.GetRequiredService<SiteMaps>().Find(2)!;
        Assert.Equal((-1000, -1000), (map.Node(2001)!.X, map.Node(2001)!.Y));
        Assert.Null(map.Node(2012));
        Assert.DoesNotContain(map.Edges, e => e.From == 2012 || e.To == 2012);
        Assert.Equal(59, map.Nodes.Count);
        var edge = map.Edges.Single(e => (e.From, e.To) is (2002, 2003) or (2003, 2002));
        Assert.Equal((true, (int?)900), (edge.Closed, edge.MaxWidthMm));
        Assert.Empty(errors);
    }
}
