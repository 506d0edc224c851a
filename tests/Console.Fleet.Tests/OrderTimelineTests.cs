using AgvConsole.Tests;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Fleet.Tests;

/// <summary>
/// The events the dispatcher records for an order's timeline where no AGV is needed (queueing,
/// priority, cancelling), and how a running leg's progress becomes events. The legs driven by
/// simulated AGVs are in Console.Web.Tests' OrdersApiTests.
/// </summary>
public class OrderTimelineTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private sealed class Orders : IOrderRepository
    {
        public List<Order> Saved { get; } = [];
        public Task SaveAsync(Order order, CancellationToken ct = default)
        {
            if (order.Id == 0) order.Id = Saved.Count + 1;
            if (!Saved.Contains(order)) Saved.Add(order);
            return Task.CompletedTask;
        }
        public Task<Order?> GetAsync(long id, CancellationToken ct = default) => Task.FromResult(Saved.FirstOrDefault(o => o.Id == id));
        public Task<Order?> FindByExternalIdAsync(string externalId, CancellationToken ct = default) => Task.FromResult(Saved.FirstOrDefault(o => o.ExternalId == externalId));
        public Task<IReadOnlyList<Order>> GetOpenAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Order>>(Saved.Where(o => !o.Ended).ToList());
        public Task<IReadOnlyList<Order>> RecentAsync(int count, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Order>>(Saved.ToList());
        public Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(OrderQuery query, CancellationToken ct = default) =>
            Task.FromResult<(IReadOnlyList<Order>, int)>((Saved.ToList(), Saved.Count));
    }

    private sealed class Timelines : IOrderEventRepository
    {
        public List<OrderEvent> Stored { get; } = [];
        public bool Broken { get; set; }
        public Task AppendAsync(IReadOnlyList<OrderEvent> events, CancellationToken ct = default)
        {
            if (Broken) throw new IOException("disk full");
            Stored.AddRange(events);
            return Task.CompletedTask;
        }
        public Task<IReadOnlyList<OrderEvent>> TimelineAsync(long orderId, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<OrderEvent>>(Stored.Where(e => e.OrderId == orderId).ToList());
        public Task<IReadOnlyList<OrderWait>> AssignedSinceAsync(DateTimeOffset since, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<OrderWait>>([]);
    }



    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (Dispatcher Dispatcher, Orders Orders, Timelines Timelines, Clock Clock) Make()
    {
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "Hall", "A", 1, [new(1001, 0, 0, MapNodeKind.Normal), new(1002, 2500, 0, MapNodeKind.Parking, Name: "Dock 3")], [new(1001, 1002, true, 1000)]));
        var registry = new FleetRegistry();
        var commands = new VehicleCommands(registry, maps, new NoAudit(), new NoParameters(), NullLogger<VehicleCommands>.Instance);
        var (orders, timelines, clock) = (new Orders(), new Timelines(), new Clock(T));
        return (new Dispatcher(registry, maps, commands, orders, timelines, NullLogger<Dispatcher>.Instance, clock), orders, timelines, clock);
    }

    [Fact]
    public async Task Queueing_reprioritising_and_cancelling_are_recorded_with_who_and_when_and_announced()
    {
        var (d, _, timelines, clock) = Make();
        var announced = new List<OrderEvent>();
        d.Recorded += (_, e) => announced.Add(e);

        var (order, error, existing) = await d.SubmitOrFindAsync("WMS-1", OrderType.Deliver, 1001, 1002, 3, null, "api:wms");
        Assert.Null(error);
        Assert.False(existing);
        clock.Now = T.AddMinutes(1);
        await d.ReprioritiseAsync(order!.Id, 8, "supervisor");
        clock.Now = T.AddMinutes(2);
        var (_, cancelError) = await d.CancelAsync(order.Id, "supervisor");
        Assert.Null(cancelError);

        Assert.Equal([
            new OrderEvent(order.Id, T, OrderEventKind.Queued, By: "api:wms"),
            new OrderEvent(order.Id, T.AddMinutes(1), OrderEventKind.Reprioritised, By: "supervisor", Detail: "8"),
            new OrderEvent(order.Id, T.AddMinutes(2), OrderEventKind.Cancelled, By: "supervisor", Detail: "cancelled by supervisor"),
        ], timelines.Stored);
        Assert.Equal(timelines.Stored, announced);
    }

    [Fact]
    public async Task A_refused_order_and_a_repeat_record_nothing()
    {
        var (d, orders, timelines, _) = Make();
        var (refused, error) = await d.SubmitAsync("WMS-2", OrderType.Move, null, 9999, 3, null, "supervisor");
        Assert.Null(refused);
        Assert.Contains("toNodeId 9999 is on no map", error);
        Assert.Empty(timelines.Stored);

        var (first, _, _) = await d.SubmitOrFindAsync("WMS-3", OrderType.Move, null, 1002, 3, null, "supervisor");
        var (again, _, existing) = await d.SubmitOrFindAsync("WMS-3", OrderType.Move, null, 1002, 3, null, "supervisor");
        Assert.True(existing);
        Assert.Same(first, again);
        Assert.Single(orders.Saved);
        Assert.Single(timelines.Stored); // one "queued", not two

        var (_, once) = await d.CancelAsync(first!.Id, "a");
        Assert.Null(once);
        var (_, twice) = await d.CancelAsync(first.Id, "b");
        Assert.Equal($"order {first.Id} is already cancelled", twice);
        Assert.Equal(["a"], timelines.Stored.Where(e => e.Kind == OrderEventKind.Cancelled).Select(e => e.By));
    }

    [Fact]
    public async Task A_timeline_that_cannot_be_written_does_not_stop_the_order()
    {
        var (d, orders, timelines, _) = Make();
        timelines.Broken = true;
        var changed = 0;
        d.Changed += _ => changed++;
        var (order, error) = await d.SubmitAsync("WMS-4", OrderType.Move, null, 1002, 3, null, "supervisor");
        Assert.Null(error);
        Assert.Equal(OrderStatus.Queued, order!.Status);
        Assert.Single(orders.Saved);
        Assert.Equal(1, changed);
        Assert.Empty(timelines.Stored);
    }

    [Fact]
    public void A_running_leg_records_driving_once_each_wait_with_whom_and_its_end()
    {
        var legs = new LegProgress();
        var o = new Order { Id = 7, ExternalId = "E", Type = OrderType.Move, ToNodeId = 1002, CreatedAt = T };
        o.Assign("DEMO-01", 11, T);
        Assert.Empty(legs.Notice(o, moving: false, waitingFor: null, T));
        var driving = Assert.Single(legs.Notice(o, moving: true, waitingFor: null, T.AddSeconds(1)));
        Assert.Equal(new OrderEvent(7, T.AddSeconds(1), OrderEventKind.Driving, "DEMO-01", 0, 1002, 11), driving);
        Assert.Empty(legs.Driving(o, T.AddSeconds(2))); // the AGV's "running" report after it was seen moving adds nothing

        var wait = Assert.Single(legs.Notice(o, moving: false, waitingFor: "DEMO-03", T.AddSeconds(3)));
        Assert.Equal((OrderEventKind.Waiting, "DEMO-03"), (wait.Kind, wait.Detail));
        Assert.Empty(legs.Notice(o, moving: false, waitingFor: "DEMO-03", T.AddSeconds(4)));
        Assert.Equal("DEMO-04", Assert.Single(legs.Notice(o, false, "DEMO-04", T.AddSeconds(5))).Detail); // another AGV holds it now
        Assert.Equal(OrderEventKind.WayFree, Assert.Single(legs.Notice(o, true, null, T.AddSeconds(6))).Kind);

        // The next leg (a new task) drives again.
        o.Start(T);
        o.Resume(12, T.AddSeconds(7));
        Assert.Equal(OrderEventKind.Driving, Assert.Single(legs.Driving(o, T.AddSeconds(7))).Kind);
    }

    [Fact]
    public void Waits_that_come_and_go_are_recorded_up_to_a_bound_per_leg()
    {
        var legs = new LegProgress();
        var o = new Order { Id = 8, ExternalId = "E", Type = OrderType.Move, ToNodeId = 1002, CreatedAt = T };
        o.Assign("DEMO-01", 11, T);
        var events = new List<OrderEvent>();
        for (int i = 0; i < 50; i++)
        {
            events.AddRange(legs.Notice(o, false, "DEMO-02", T.AddSeconds(2 * i)));
            events.AddRange(legs.Notice(o, false, null, T.AddSeconds(2 * i + 1)));
        }
        Assert.Equal(LegProgress.MaxWaitsPerLeg, events.Count(e => e.Kind == OrderEventKind.Waiting));
        Assert.Equal(LegProgress.MaxWaitsPerLeg, events.Count(e => e.Kind == OrderEventKind.WayFree)); // each recorded wait has its end
    }
}
