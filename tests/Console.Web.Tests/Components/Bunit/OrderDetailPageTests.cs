using AgvConsole.Fleet.Orders;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>An order's page: its facts and timeline in words with links, live, per role; the handlers refuse Maintenance.</summary>
public sealed class OrderDetailPageTests
{
    private const string NotAllowed = "Your role does not allow this; nothing was changed.";

    /// <summary>A deliver order from 1014 (unnamed) to Dock 3, driven by DEMO-01 as the dispatcher records it, up to its drop-off leg.</summary>
    private static async Task<Order> DeliveringAsync(ConsolePageContext ctx, OrderDesk desk)
    {
        var t = ctx.Clock.GetUtcNow();
        var (order, _, _) = await desk.Dispatcher.SubmitOrFindAsync("WMS-4711", OrderType.Deliver, 1014, 1016, 5, null, "api:wms");
        var o = order!;
        o.Assign("DEMO-01", 501, t.AddSeconds(2));
        o.Start(t.AddSeconds(3));
        o.NextLeg(502, t.AddSeconds(40));
        var events = new List<OrderEvent>
        {
            new(o.Id, t.AddSeconds(2), OrderEventKind.Assigned, "DEMO-01", 0, 1014, 501),
            new(o.Id, t.AddSeconds(2), OrderEventKind.LegSent, "DEMO-01", 0, 1014, 501),
            new(o.Id, t.AddSeconds(3), OrderEventKind.Driving, "DEMO-01", 0, 1014, 501),
            new(o.Id, t.AddSeconds(9), OrderEventKind.Waiting, "DEMO-01", 0, 1014, 501, Detail: "DEMO-03"),
            new(o.Id, t.AddSeconds(15), OrderEventKind.WayFree, "DEMO-01", 0, 1014, 501),
            new(o.Id, t.AddSeconds(40), OrderEventKind.Arrived, "DEMO-01", 0, 1014, 501),
            new(o.Id, t.AddSeconds(40), OrderEventKind.PickedUp, "DEMO-01", 0, 1014, 501),
            new(o.Id, t.AddSeconds(40), OrderEventKind.LegSent, "DEMO-01", 1, 1016, 502),
        };
        ctx.Orders.Timelines[o.Id].AddRange(events);
        return o;
    }

    private static IRenderedComponent<OrderDetail> RenderPage(ConsolePageContext ctx, string id) => ctx.Render<OrderDetail>(p => p.Add(x => x.Id, id));

    private static List<string> Lines(IRenderedComponent<OrderDetail> cut) =>
        cut.FindAll("#order-timeline li").Select(li => li.QuerySelector(".console-timeline-text")!.TextContent.Trim()).ToList();

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Maintenance, false)]
    [InlineData(Roles.Administrator, true)]
    public async Task Every_role_sees_the_timeline_in_words_with_links_and_only_dispatchers_get_the_commands(string role, bool dispatches)
    {
        var (ctx, desk) = OrderDesk.Context(role, ConsoleCulture.English);
        using var _ = ctx;
        ctx.Fleet.List.Add(FakeFleetFeed.Agv("DEMO-01", AgvState.Moving));
        var o = await DeliveringAsync(ctx, desk);
        var cut = RenderPage(ctx, o.Id.ToString());

        Assert.Equal($"Order {o.Id}", cut.Find("h1").TextContent);
        Assert.Equal("Running", cut.Find(".console-page-header [data-status]").TextContent.Trim());
        Assert.Equal("WMS-4711", cut.Find("#order-external-id").TextContent);
        Assert.Equal("node 1014 (aisle point)", cut.Find("#order-from").TextContent.Trim());
        Assert.Equal("/map?map=1&node=1016", cut.Find("#order-to a").GetAttribute("href"));
        Assert.Equal("/agvs/DEMO-01", cut.Find("#order-agv a").GetAttribute("href"));
        Assert.Equal("Moving", cut.Find("#order-agv [data-state]").TextContent.Trim()); // its AGV, live

        Assert.Equal([
            "Queued by API key wms",
            "Assigned to DEMO-01",
            "The pick-up leg to node 1014 (aisle point) was sent to DEMO-01 (task 501)",
            "DEMO-01 drives the pick-up leg to node 1014 (aisle point)",
            "DEMO-01 waits for its way: DEMO-03 holds it (traffic control)",
            "Way free: DEMO-01 drives on",
            "DEMO-01 arrived at node 1014 (aisle point)",
            "Load picked up at node 1014 (aisle point)",
            "The drop-off leg to Dock 3 was sent to DEMO-01 (task 502)",
        ], Lines(cut));
        var wait = cut.FindAll("#order-timeline li")[4];
        Assert.Equal("/agvs/DEMO-03", wait.QuerySelectorAll("a")[1].GetAttribute("href"));
        Assert.Contains("console-timeline-wait", wait.ClassName);
        Assert.Equal("16:30:00", cut.FindAll("#order-timeline li time")[0].TextContent[11..]); // site time, UTC+8
        Assert.Contains("UTC+08:00", cut.Find("#order-timeline").TextContent);

        Assert.Equal(dispatches, cut.FindAll("#order-cancel").Count == 1);
        Assert.Equal(dispatches, cut.FindAll("#order-priority-menu").Count == 1);
    }

    [Fact]
    public async Task The_timeline_follows_the_order_live_to_its_end()
    {
        var (ctx, desk) = OrderDesk.Context(Roles.Maintenance, ConsoleCulture.English);
        using var _ = ctx;
        var (order, _, _) = await desk.Dispatcher.SubmitOrFindAsync("WMS-5", OrderType.Move, null, 1016, 2, null, "supervisor");
        var cut = RenderPage(ctx, order!.Id.ToString());
        Assert.Equal(["Queued by supervisor"], Lines(cut));
        Assert.Contains("none yet", cut.Find("#order-agv").TextContent);

        // Cancelled by someone else: the dispatcher's events reach the page through the feed.
        await desk.Dispatcher.CancelAsync(order.Id, "admin");
        cut.WaitForAssertion(() => Assert.Equal(["Queued by supervisor", "Cancelled by admin"], Lines(cut)));
        Assert.Equal("Cancelled", cut.Find(".console-page-header [data-status]").TextContent.Trim());
        Assert.Contains("cancelled by admin", cut.Find("#order-error").TextContent);
        Assert.Contains("console-timeline-bad", cut.FindAll("#order-timeline li")[1].ClassName);
        cut.Instance.Dispose();
        Assert.Equal(0, ctx.Orders.Subscribers + ctx.Fleet.Subscribers);
    }

    [Fact]
    public async Task Maintenance_handlers_refuse_and_nothing_changes()
    {
        var (ctx, desk) = OrderDesk.Context(Roles.Maintenance, ConsoleCulture.English);
        using var _ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var (order, _, _) = await desk.Dispatcher.SubmitOrFindAsync("WMS-6", OrderType.Move, null, 1016, 2, null, "supervisor");
        var cut = RenderPage(ctx, order!.Id.ToString());
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        foreach (var handler in new Func<Task>[] { () => cut.Instance.SetPriorityAsync(9), cut.Instance.CancelAsync })
        {
            snackbar.Clear();
            await cut.InvokeAsync(handler);
            Assert.Equal([NotAllowed], snackbar.ShownSnackbars.Select(s => s.Message));
        }
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.Equal((2, OrderStatus.Queued), (order.Priority, order.Status));
        Assert.Single(desk.Timelines.Stored);
    }

    [Fact]
    public async Task A_supervisor_reprioritises_and_cancels_a_running_order_after_confirming()
    {
        var (ctx, desk) = OrderDesk.Context(Roles.Supervisor, ConsoleCulture.English);
        using var _ = ctx;
        var popovers = ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var o = await DeliveringAsync(ctx, desk);
        var cut = RenderPage(ctx, o.Id.ToString());

        cut.Find("#order-priority-menu button").Click();
        popovers.WaitForElement(".order-priority-item[data-priority='8']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Priority set to 8 by someone", Lines(cut)));
        Assert.Equal("8", cut.Find("#order-priority").TextContent);

        cut.Find("#order-cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("WMS-4711 is being driven by DEMO-01: DEMO-01 stops its task where it is.", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel the order").Click();
        cut.WaitForAssertion(() => Assert.Equal("Cancelled by someone", Lines(cut)[^1]));
        Assert.Equal(OrderStatus.Cancelled, o.Status);
        Assert.Empty(cut.FindAll("#order-cancel")); // an ended order has no commands
    }

    [Fact]
    public async Task Finished_failed_and_cancelled_on_the_agv_read_as_such()
    {
        var (ctx, desk) = OrderDesk.Context(Roles.Supervisor, ConsoleCulture.English);
        using var _ = ctx;
        var (order, _, _) = await desk.Dispatcher.SubmitOrFindAsync("WMS-7", OrderType.Dropoff, null, 1016, 2, null, null);
        var t = ctx.Clock.GetUtcNow();
        ctx.Orders.Timelines[order!.Id].AddRange([
            new(order.Id, t, OrderEventKind.DroppedOff, "DEMO-01", 0, 1016),
            new(order.Id, t, OrderEventKind.LegHeld, "DEMO-01", 1, 1016),
            new(order.Id, t, OrderEventKind.LegResent, "DEMO-01", 0, 1016, 9),
            new(order.Id, t, OrderEventKind.Failed, "DEMO-01", 0, 1016, Detail: "the AGV reported the task failed at point 2 (error 0x0301)"),
            new(order.Id, t, OrderEventKind.Cancelled, "DEMO-01", 0),
            new(order.Id, t, OrderEventKind.Finished, "DEMO-01", 0, 1016),
        ]);
        var cut = RenderPage(ctx, order.Id.ToString());
        Assert.Equal([
            "Queued", "Load dropped off at Dock 3", "The leg to Dock 3 waits to be sent: the AGV's way out is held",
            "The leg to Dock 3 was sent again (task 9): the console restarted or the AGV lost its task",
            "Failed: the AGV reported the task failed at point 2 (error 0x0301)", "Cancelled on the AGV", "Finished",
        ], Lines(cut));
    }

    [Fact]
    public void An_address_that_is_no_order_gets_a_clear_message()
    {
        var (ctx, _) = OrderDesk.Context(Roles.Supervisor, ConsoleCulture.English);
        using var __ = ctx;
        Assert.Contains("'abc' is not an order number.", RenderPage(ctx, "abc").Find("#order-problem").TextContent);
        Assert.Contains("There is no order 999.", RenderPage(ctx, "999").Find("#order-problem").TextContent);
        Assert.Equal("/orders", RenderPage(ctx, "999").Find(".mud-breadcrumbs a").GetAttribute("href"));
    }

    [Fact]
    public void An_order_from_before_the_timelines_says_so()
    {
        var (ctx, _) = OrderDesk.Context(Roles.Supervisor, ConsoleCulture.English);
        using var __ = ctx;
        ctx.Orders.StoredList.Add(FakeOrderFeed.Finished(3, ctx.Clock.GetUtcNow().AddDays(-9), ctx.Clock.GetUtcNow().AddDays(-9)));
        var cut = RenderPage(ctx, "3");
        Assert.Contains("older than the console's order timelines", cut.Find("#no-timeline").TextContent);
        Assert.Equal("Finished", cut.Find(".console-page-header [data-status]").TextContent.Trim());
    }

    [Fact]
    public async Task Chinese_interface_tells_the_timeline_in_Chinese()
    {
        var (ctx, desk) = OrderDesk.Context(Roles.Supervisor, ConsoleCulture.Chinese);
        using var _ = ctx;
        var o = await DeliveringAsync(ctx, desk);
        var cut = RenderPage(ctx, o.Id.ToString());
        Assert.Equal($"订单 {o.Id}", cut.Find("h1").TextContent);
        var lines = Lines(cut);
        Assert.Equal("由 API 密钥 wms 加入队列", lines[0]);
        Assert.Equal("分配给 DEMO-01", lines[1]);
        Assert.Equal("DEMO-01 等待通行：路径被 DEMO-03 占用（交通管制）", lines[4]);
        Assert.Equal("已在 节点 1014（通道点） 取货", lines[7]);
        Assert.Contains("执行中", cut.Find(".console-page-header [data-status]").TextContent);
        Assert.Contains("时间线", cut.Find("#order-timeline h2").TextContent);
    }
}
