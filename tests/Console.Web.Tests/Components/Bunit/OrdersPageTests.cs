using AgvConsole.Fleet.Orders;
using AgvConsole.Web.Components.Dialogs;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The orders page per role: what each sees, what Supervisors and Administrators may do (a new order
/// with places picked from the list, priority, cancel) and that every handler refuses Maintenance;
/// the new-order dialog's submit is idempotent by the external id it made (a double submit queues one order).
/// </summary>
public sealed class OrdersPageTests
{
    private static (ConsolePageContext Ctx, OrderDesk Desk) Site(string role = Roles.Supervisor, string culture = ConsoleCulture.English)
    {
        var (ctx, desk) = OrderDesk.Context(role, culture);
        ctx.Fleet.List.Add(FakeFleetFeed.Agv("DEMO-01"));
        return (ctx, desk);
    }

    /// <summary>Three orders as the dispatcher holds them: one queued, one running on DEMO-01, one finished this shift.</summary>
    private static async Task<(Order Queued, Order Running, Order Finished)> ThreeOrdersAsync(ConsolePageContext ctx, OrderDesk desk)
    {
        var (queued, _, _) = await desk.Dispatcher.SubmitOrFindAsync("WMS-1", OrderType.Move, null, 2020, 3, null, "api:wms");
        var (running, _, _) = await desk.Dispatcher.SubmitOrFindAsync("WMS-2", OrderType.Deliver, 1014, 1016, 5, null, "api:wms");
        running!.Assign("DEMO-01", 77, ctx.Clock.GetUtcNow());
        running.Start(ctx.Clock.GetUtcNow());
        var finished = FakeOrderFeed.Finished(40, ctx.Clock.GetUtcNow().AddHours(-2), ctx.Clock.GetUtcNow().AddHours(-1));
        ctx.Orders.EndedList.Add(finished);
        return (queued!, running, finished);
    }

    private static IRenderedComponent<Orders> RenderPage(ConsolePageContext ctx, string url = "/orders")
    {
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        return ctx.Render<Orders>();
    }

    private static List<string> ExternalIds(IRenderedComponent<Orders> cut) =>
        cut.FindAll("tr.order-row").Select(r => r.Children[1].TextContent.Trim()).ToList();

    private const string NotAllowed = "Your role does not allow this; nothing was changed.";

    private static IReadOnlyList<string> Snacks(ConsolePageContext ctx) =>
        ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Maintenance, false)]
    [InlineData(Roles.Administrator, true)]
    public async Task Every_role_sees_open_and_recent_orders_with_states_places_and_links_and_only_dispatchers_get_the_commands(string role, bool dispatches)
    {
        var (ctx, desk) = Site(role);
        using var _ = ctx;
        var (_, running, _) = await ThreeOrdersAsync(ctx, desk);
        var cut = RenderPage(ctx);

        // Open ones as the dispatcher serves them (priority 5 before 3), then the ended ones.
        Assert.Equal(["WMS-2", "WMS-1", "ext-40"], ExternalIds(cut));
        var rows = cut.FindAll("tr.order-row");
        Assert.Equal("Running", rows[0].QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("Queued", rows[1].QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal("Finished", rows[2].QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Equal($"/orders/{running.Id}", rows[0].QuerySelector("a.console-order-link")!.GetAttribute("href"));
        Assert.Equal("/agvs/DEMO-01", rows[0].QuerySelector("a.console-serial")!.GetAttribute("href"));
        // Places by name, else number and kind; each links to the live map on its floor.
        var places = rows[0].QuerySelectorAll(".console-place");
        Assert.Equal(["node 1014 (aisle point)", "Dock 3"], places.Select(p => p.TextContent.Trim()));
        Assert.Equal("/map?map=1&node=1016", places[1].GetAttribute("href"));
        Assert.Equal("Deliver", rows[0].Children[2].TextContent.Trim());
        Assert.Contains("1 queued · 1 in progress · 1 ended in the last 8 h", cut.Find("#order-counts").TextContent);

        Assert.Equal(dispatches, cut.FindAll("#new-order").Count == 1);
        Assert.Equal(dispatches ? 2 : 0, cut.FindAll(".order-cancel").Count); // open orders only
        Assert.Equal(dispatches ? 2 : 0, cut.FindAll(".order-priority-menu").Count);
        Assert.Empty(rows[2].QuerySelectorAll(".order-cancel"));
    }

    [Fact]
    public async Task Maintenance_sees_but_every_handler_refuses_and_nothing_changes()
    {
        var (ctx, desk) = Site(Roles.Maintenance);
        using var _ = ctx;
        var (queued, _, _) = await ThreeOrdersAsync(ctx, desk);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx);
        int before = desk.Orders.Count, events = desk.Timelines.Stored.Count;

        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        foreach (var handler in new Func<Task>[] { cut.Instance.NewOrderAsync, () => cut.Instance.SetPriorityAsync(queued, 9), () => cut.Instance.CancelAsync(queued) })
        {
            snackbar.Clear(); // the same message twice in a row would be shown once
            await cut.InvokeAsync(handler);
            Assert.Equal([NotAllowed], Snacks(ctx));
        }
        Assert.Empty(dialogs.FindAll(".mud-dialog")); // neither the new-order dialog nor a confirmation opened
        Assert.Equal((3, OrderStatus.Queued), (queued.Priority, queued.Status));
        Assert.Equal((before, events), (desk.Orders.Count, desk.Timelines.Stored.Count));
    }

    [Fact]
    public async Task The_dialogs_own_submit_refuses_maintenance()
    {
        var (ctx, desk) = Site(Roles.Maintenance);
        using var _ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var service = ctx.Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<NewOrderDialog>("New", new DialogParameters<NewOrderDialog> { { d => d.To, 1016u } }));
        dialogs.WaitForElement("#new-order-submit").Click();
        dialogs.WaitForAssertion(() => Assert.Equal([NotAllowed], Snacks(ctx)));
        Assert.Equal(0, desk.Orders.Count);
        Assert.NotEmpty(dialogs.FindAll("#new-order-dialog")); // still open, nothing sent
    }

    [Fact]
    public async Task A_supervisor_queues_an_order_by_picking_the_place_from_the_list()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        var popovers = ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx);
        cut.Find("#new-order").Click();
        var reference = dialogs.WaitForElement("#order-reference .console-order-reference").TextContent;
        Assert.Matches(@"^console-\d{8}-\d{6}-[0-9a-f]{6}$", reference);

        // Type part of the name; the list shows the places floor by floor; pick the dock.
        dialogs.Find("#order-to").Input("dock");
        popovers.WaitForAssertion(() =>
        {
            ctx.Clock.Advance(TimeSpan.FromMilliseconds(300));
            Assert.NotEmpty(popovers.FindAll(".console-place-option[data-node='1016']"));
        });
        Assert.Equal("Hall A – floor 1", popovers.Find(".console-place-floor").TextContent.Trim());
        popovers.Find(".console-place-option[data-node='1016']").ParentElement!.Click();
        dialogs.Find("#new-order-submit").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, desk.Orders.Count));
        var order = desk.Orders.All[0];
        Assert.Equal((reference, OrderType.Move, 1016u, (uint?)null, 5), (order.ExternalId, order.Type, order.ToNodeId, order.FromNodeId, order.Priority));
        var queued = Assert.Single(desk.Timelines.Stored);
        Assert.Equal((OrderEventKind.Queued, "someone"), (queued.Kind, queued.By)); // the signed-in user, never the page's word
        cut.WaitForAssertion(() => Assert.Contains($"Order {order.Id} ({reference}) is queued.", Snacks(ctx)));
        cut.WaitForAssertion(() => Assert.Equal([reference], ExternalIds(cut))); // live: the list shows it
        Assert.Empty(dialogs.FindAll("#new-order-dialog"));
    }

    [Fact]
    public async Task A_link_from_the_map_opens_the_dialog_with_both_places_picked_and_the_address_forgets_it()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx, "/orders?new=1&from=1014&to=1016");
        dialogs.WaitForElement("#new-order-dialog");
        Assert.Equal("node 1014 (aisle point)", dialogs.Find("#order-from").GetAttribute("value"));
        Assert.Equal("Dock 3", dialogs.Find("#order-to").GetAttribute("value"));
        Assert.StartsWith("Deliver", dialogs.Find("#order-type").GetAttribute("value"));

        dialogs.Find("#new-order-submit").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, desk.Orders.Count));
        var order = desk.Orders.All[0];
        Assert.Equal((OrderType.Deliver, (uint?)1014u, 1016u), (order.Type, order.FromNodeId, order.ToNodeId));
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/orders", nav.Uri)); // a reload does not open the dialog again
        await Task.CompletedTask;
    }

    [Fact]
    public void Bad_values_in_a_link_get_a_clear_message_and_nothing_is_picked()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx, "/orders?new=1&from=abc&to=99999&status=lost");
        dialogs.WaitForElement("#new-order-dialog");
        var problem = cut.Find("#orders-query-problem").TextContent;
        Assert.Contains("status 'lost', which is not an order status", problem);
        Assert.Contains("from='abc' is not a node number", problem);
        Assert.Contains("Node 99999 from the link is on no map", dialogs.Find("#new-order-link-problem").TextContent);
        Assert.Equal("", dialogs.Find("#order-to").GetAttribute("value") ?? "");

        dialogs.Find("#new-order-submit").Click(); // nothing picked: the form says so and sends nothing
        dialogs.WaitForAssertion(() => Assert.Contains("Pick the place the order goes to.", dialogs.Find("#new-order-dialog").TextContent));
        Assert.Equal(0, desk.Orders.Count);
    }

    [Fact]
    public async Task A_double_submit_queues_one_order_by_the_dialogs_external_id()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx, "/orders?new=1&to=1016");
        dialogs.WaitForElement("#new-order-dialog");
        var dialog = dialogs.FindComponent<NewOrderDialog>();
        var externalId = dialog.Instance.ExternalId;

        // The first submit is still being stored when the second arrives (a double click, a retry).
        desk.Orders.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = dialogs.InvokeAsync(() => dialog.Instance.SubmitAsync());
        var second = dialogs.InvokeAsync(() => dialog.Instance.SubmitAsync());
        desk.Orders.Hold.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        var order = Assert.Single(desk.Orders.All);
        Assert.Equal(externalId, order.ExternalId);
        Assert.Single(desk.Timelines.Stored, e => e.Kind == OrderEventKind.Queued);
        cut.WaitForAssertion(() => Assert.Single(Snacks(ctx), m => m.Contains("is queued")));
    }

    [Fact]
    public void Deliver_needs_two_different_places()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        RenderPage(ctx, "/orders?new=1&from=1016&to=1016");
        dialogs.WaitForElement("#new-order-dialog");
        dialogs.Find("#new-order-submit").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Pick-up and drop-off are the same place", dialogs.Find("#new-order-error").TextContent));
        Assert.Equal(0, desk.Orders.Count);
    }

    [Fact]
    public async Task A_supervisor_changes_the_priority_and_cancels_after_confirming()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        var (queued, running, _) = await ThreeOrdersAsync(ctx, desk);
        var popovers = ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = RenderPage(ctx);

        cut.Find($".order-priority-menu[data-order='{queued.Id}'] button").Click();
        popovers.WaitForElement(".order-priority-item[data-priority='9']").Click();
        cut.WaitForAssertion(() => Assert.Equal(9, queued.Priority));
        Assert.Contains(desk.Timelines.Stored, e => e.Kind == OrderEventKind.Reprioritised && e.By == "someone" && e.Detail == "9");
        cut.WaitForAssertion(() => Assert.Equal(["WMS-1", "WMS-2", "ext-40"], ExternalIds(cut))); // served first now

        // Asked first: "keep it" changes nothing.
        cut.Find($".order-cancel[data-order='{running.Id}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("is being driven by DEMO-01", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep it").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("is being driven by", dialogs.Markup));
        Assert.Equal(OrderStatus.Running, running.Status);

        cut.Find($".order-cancel[data-order='{queued.Id}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("WMS-1 leaves the queue", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel the order").Click();
        cut.WaitForAssertion(() => Assert.Equal(OrderStatus.Cancelled, queued.Status));
        Assert.Contains(desk.Timelines.Stored, e => e.Kind == OrderEventKind.Cancelled && e.By == "someone" && e.OrderId == queued.Id);
        cut.WaitForAssertion(() => Assert.Contains($"Order {queued.Id} was cancelled.", Snacks(ctx)));
        cut.WaitForAssertion(() => Assert.Equal("Cancelled", cut.FindAll("tr.order-row").Single(r => r.TextContent.Contains("WMS-1")).QuerySelector("[data-status]")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Search_status_and_history_filter_without_a_reload()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        await ThreeOrdersAsync(ctx, desk);
        var old = FakeOrderFeed.Finished(3, ctx.Clock.GetUtcNow().AddDays(-3), ctx.Clock.GetUtcNow().AddDays(-3));
        ctx.Orders.StoredList.Add(old); // only in the database: the history shows it
        var cut = RenderPage(ctx);

        cut.Find("#orders-search").Input("dock");
        cut.WaitForAssertion(() => { ctx.Clock.Advance(TimeSpan.FromMilliseconds(300)); Assert.Equal(["WMS-2"], ExternalIds(cut)); });
        cut.Find("#orders-search").Input("demo-01");
        cut.WaitForAssertion(() => { ctx.Clock.Advance(TimeSpan.FromMilliseconds(300)); Assert.Equal(["WMS-2", "ext-40"], ExternalIds(cut)); });
        cut.Find("#orders-search").Input("");
        cut.WaitForAssertion(() => { ctx.Clock.Advance(TimeSpan.FromMilliseconds(300)); Assert.Equal(3, ExternalIds(cut).Count); });

        var queuedOnly = RenderPage(ctx, "/orders?status=queued");
        Assert.Equal(["WMS-1"], ExternalIds(queuedOnly));
        var open = RenderPage(ctx, "/orders?status=open&q=WMS");
        Assert.Equal(["WMS-2", "WMS-1"], ExternalIds(open));

        Assert.DoesNotContain("ext-3", ExternalIds(cut));
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<bool>>().Single().Instance.SelectOption(true));
        cut.WaitForAssertion(() => Assert.Contains("ext-3", ExternalIds(cut)));
    }

    [Fact]
    public async Task Updates_live_and_unsubscribes_when_it_goes()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        var cut = RenderPage(ctx);
        Assert.Contains("No order is open", cut.Find("#no-orders").TextContent);
        Assert.Equal(1, ctx.Orders.Subscribers);
        await desk.Dispatcher.SubmitOrFindAsync("MES-9", OrderType.Pickup, null, 1003, 1, null, "api:mes");
        cut.WaitForAssertion(() => Assert.Equal(["MES-9"], ExternalIds(cut)));
        Assert.Contains("Charger 1", cut.Find("tr.order-row").TextContent);
        cut.Instance.Dispose();
        Assert.Equal(0, ctx.Orders.Subscribers);
    }

    [Fact]
    public async Task Chinese_interface_names_columns_states_and_places_in_Chinese()
    {
        var (ctx, desk) = Site(culture: ConsoleCulture.Chinese);
        using var _ = ctx;
        await ThreeOrdersAsync(ctx, desk);
        var cut = RenderPage(ctx);
        Assert.Equal("运输订单", cut.Find("h1").TextContent);
        var headers = cut.Find("#orders-grid thead").TextContent;
        foreach (var word in new[] { "订单", "外部 ID", "起点 → 终点", "优先级", "状态" }) Assert.Contains(word, headers);
        Assert.Equal("执行中", cut.FindAll("tr.order-row")[0].QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("节点 1014（通道点）", cut.FindAll("tr.order-row")[0].TextContent);
        Assert.Contains("搬运", cut.FindAll("tr.order-row")[0].TextContent);
        Assert.Contains("新建订单", cut.Find("#new-order").TextContent);
    }

    [Fact]
    public async Task Texts_from_business_systems_are_shown_as_text()
    {
        var (ctx, desk) = Site();
        using var _ = ctx;
        await desk.Dispatcher.SubmitOrFindAsync("<img src=x onerror=alert(1)>", OrderType.Move, null, 1016, 3, null, "api:<b>k</b>");
        var cut = RenderPage(ctx);
        Assert.Empty(cut.FindAll("tr.order-row img"));
        Assert.Equal("<img src=x onerror=alert(1)>", ExternalIds(cut).Single());
    }
}
