using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// A supervisor's order in a real browser: a deliver order made by picking two places from the list,
/// driven by the simulated AGVs, watched to its end on its own page; reloading changes nothing. Then
/// the same in Chinese at a laptop's size, from the link the live map gives a node. No browser error,
/// no CSP violation; screenshots of each step in both languages.
/// </summary>
public sealed class OrderFlowTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 4, traffic: false))
{
    private static readonly ViewportSize Desktop = new() { Width = 1920, Height = 1080 };
    private static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };

    /// <summary>Two places of floor 1 get names, as a map editor would give them.</summary>
    private void NamePlaces()
    {
        var maps = Host.Services.GetRequiredService<SiteMaps>();
        var floor = maps.Find(1)!;
        maps.Set(new SiteMap(floor.MapId, floor.Name, floor.Building, floor.Floor,
            floor.Nodes.Select(n => n.Id switch { 1014 => n with { Name = "Press 2 in" }, 1016 => n with { Name = "Dock 3" }, _ => n }), floor.Edges));
    }

    private async Task<(IPage Page, List<string> Problems)> OpenAsync(ViewportSize size)
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = size, Locale = "en-GB" });
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        return (page, problems);
    }

    private async Task<int> OrdersWith(string externalId) =>
        (await Host.Services.GetRequiredService<IOrderRepository>().RecentAsync(1000)).Count(o => o.ExternalId == externalId);

    [Fact]
    public async Task A_supervisor_picks_two_places_queues_a_delivery_and_watches_it_finish_on_its_page()
    {
        NamePlaces();
        Assert.True(await Host.Services.GetRequiredService<DemoFleet>().Simulator!.WaitConnectedAsync(TimeSpan.FromSeconds(20)));
        var (page, problems) = await OpenAsync(Desktop);
        await Browser.SignInAsync(page, Host.BaseUrl, "/orders", "supervisor", "Supervisor1!");
        await page.WaitForSelectorAsync("#orders-page[data-ready=true] #no-orders[data-loaded='true']"); // the circuit is up: the grid loaded its rows

        await page.ClickAsync("#new-order");
        await page.WaitForSelectorAsync("#new-order-dialog");
        var reference = (await page.TextContentAsync("#order-reference .console-order-reference"))!.Trim();
        await page.ClickAsync("#order-type");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('Deliver')");
        await page.WaitForSelectorAsync("#order-from");
        // Places by name, picked from the list: typing narrows it.
        await page.ClickAsync("#order-from");
        await page.FillAsync("#order-from", "press");
        await page.ClickAsync(".mud-popover-open .console-place-option[data-node='1014']");
        await page.WaitForFunctionAsync("() => document.querySelector('#order-from').value === 'Press 2 in'");
        // The list groups the places by floor: the lift is on both.
        await page.ClickAsync("#order-to");
        await page.FillAsync("#order-to", "lift");
        await page.WaitForSelectorAsync(".mud-popover-open .console-place-floor:has-text('Hall A – floor 2')");
        Assert.Equal(["Hall A – floor 1", "Hall A – floor 2"], (await page.Locator(".mud-popover-open .console-place-floor").AllTextContentsAsync()).Select(t => t.Trim()));
        Assert.Equal(["node 1070 (lift)", "node 2060 (lift)"], (await page.Locator(".mud-popover-open .console-place-option").AllTextContentsAsync()).Select(t => t.Trim()));
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.mud-popover-open')).opacity === '1'"); // faded in
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-new-places.png") });
        await page.FillAsync("#order-to", "dock");
        await page.WaitForSelectorAsync(".mud-popover-open .console-place-option[data-node='1016']");
        await page.ClickAsync(".mud-popover-open .console-place-option[data-node='1016']");
        await page.WaitForFunctionAsync("() => document.querySelector('#order-to').value === 'Dock 3'");
        Assert.Equal("Press 2 in", await page.InputValueAsync("#order-from"));
        Assert.Equal("Dock 3", await page.InputValueAsync("#order-to"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-new-dialog.png") });

        // A double click sends one order: the dialog's external id is the idempotency key.
        await page.DblClickAsync("#new-order-submit");
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('is queued')");
        await page.WaitForSelectorAsync($"#orders-grid tr.order-row:has-text('{reference}')");
        Assert.Equal(1, await OrdersWith(reference));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("orders.png") });

        // Its page: the timeline grows live until it has finished.
        await page.ClickAsync($"#orders-grid tr.order-row:has-text('{reference}') a.console-order-link");
        await page.WaitForSelectorAsync("#order-page[data-ready=true] #order-timeline");
        await page.WaitForSelectorAsync(".console-page-header [data-status='finished']", new() { Timeout = 90000 });
        var timeline = (await page.TextContentAsync("#order-timeline ol"))!;
        foreach (var step in new[] { "Queued by supervisor", "Assigned to DEMO-0", "The pick-up leg to Press 2 in was sent to", "arrived at Press 2 in",
                     "Load picked up at Press 2 in", "The drop-off leg to Dock 3", "arrived at Dock 3", "Load dropped off at Dock 3", "Finished" })
            Assert.Contains(step, timeline);
        Assert.Contains("Dock 3", await page.TextContentAsync("#order-to"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-detail.png"), FullPage = true });
        await page.SetViewportSizeAsync(Laptop.Width, Laptop.Height);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-detail-laptop.png"), FullPage = true });
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);

        // A reload shows the same order and timeline, and queues nothing.
        int entries = await page.Locator("#order-timeline li").CountAsync();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".console-page-header [data-status='finished']");
        Assert.Equal(entries, await page.Locator("#order-timeline li").CountAsync());
        await page.GotoAsync(Host.BaseUrl + "/orders");
        await page.WaitForSelectorAsync($"#orders-grid tr.order-row:has-text('{reference}')");
        for (int i = 0; i < 2; i++) await page.ReloadAsync();
        await page.WaitForSelectorAsync($"#orders-grid tr.order-row:has-text('{reference}')");
        Assert.Equal(1, await page.Locator("#orders-grid tr.order-row", new() { HasText = reference }).CountAsync());
        Assert.Equal(1, await OrdersWith(reference));
        await page.SetViewportSizeAsync(Laptop.Width, Laptop.Height);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("orders-laptop.png") });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task In_Chinese_at_a_laptops_size_the_maps_link_opens_the_dialog_with_the_places_picked()
    {
        NamePlaces();
        var (page, problems) = await OpenAsync(Laptop);
        await Browser.SignInAsync(page, Host.BaseUrl, "/orders", "supervisor", "Supervisor1!");
        await page.ClickAsync("#language-zh-CN");
        await page.WaitForSelectorAsync("html[lang='zh-CN']");
        await page.WaitForSelectorAsync("#no-orders[data-loaded='true']");

        await page.GotoAsync(Host.BaseUrl + "/orders?new=1&from=1014&to=1016");
        await page.WaitForSelectorAsync("#new-order-dialog");
        Assert.Equal("Press 2 in", await page.InputValueAsync("#order-from"));
        Assert.Equal("Dock 3", await page.InputValueAsync("#order-to"));
        Assert.Contains("搬运", await page.InputValueAsync("#order-type"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-new-dialog-zh.png") });
        var reference = (await page.TextContentAsync("#order-reference .console-order-reference"))!.Trim();
        await page.ClickAsync("#new-order-submit");
        await page.WaitForSelectorAsync(".mud-snackbar:has-text('已加入队列')");
        await page.WaitForFunctionAsync("() => !location.search.includes('new=1')"); // a reload does not open it again
        await page.WaitForSelectorAsync($"#orders-grid tr.order-row:has-text('{reference}')");
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("orders-zh.png") });

        await page.ClickAsync($"#orders-grid tr.order-row:has-text('{reference}') a.console-order-link");
        await page.WaitForSelectorAsync("#order-timeline li:has-text('分配给')", new() { Timeout = 30000 });
        Assert.Contains("由 supervisor 加入队列", await page.TextContentAsync("#order-timeline ol"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-detail-zh.png"), FullPage = true });
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("order-detail-zh-desktop.png"), FullPage = true });
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#order-timeline li:has-text('分配给')");
        Assert.Equal(1, await OrdersWith(reference));

        // Maintenance sees the orders but gets no command.
        var (other, otherProblems) = await OpenAsync(Laptop);
        await Browser.SignInAsync(other, Host.BaseUrl, "/orders", "maintenance", "Maintenance1!");
        await other.WaitForSelectorAsync($"#orders-grid tr.order-row:has-text('{reference}')");
        Assert.Null(await other.QuerySelectorAsync("#new-order"));
        Assert.Null(await other.QuerySelectorAsync(".order-cancel"));
        Assert.Empty(problems);
        Assert.Empty(otherProblems);
    }
}
