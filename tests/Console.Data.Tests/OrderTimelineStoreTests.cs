using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Data.Tests;

/// <summary>Orders' timelines and the order history's search, on each provider; a reopen stands for a restart.</summary>
public abstract class OrderTimelineContract(TestDatabase database) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public void Dispose() => database.Dispose();

    private async Task<IDbContextFactory<ConsoleDbContext>> OpenAsync()
    {
        var f = database.Factory();
        await using var db = f.CreateDbContext();
        await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance);
        return f;
    }

    private static Order NewOrder(string externalId, DateTimeOffset created, OrderType type = OrderType.Move, uint to = 1016, uint? from = null) =>
        new() { ExternalId = externalId, Type = type, FromNodeId = from, ToNodeId = to, Priority = 5, CreatedAt = created };

    [Fact]
    public async Task A_timeline_survives_a_reopen_in_the_order_it_was_recorded_with_every_field()
    {
        var f = await OpenAsync();
        var orders = new OrderStore(f);
        var o = NewOrder("WMS-7", T0, OrderType.Deliver, 1016, 1014);
        await orders.SaveAsync(o);
        var other = NewOrder("WMS-8", T0);
        await orders.SaveAsync(other);
        var longReason = new string('x', OrderEvent.MaxTextChars + 40);
        await new OrderEventStore(f).AppendAsync([
            new(o.Id, T0, OrderEventKind.Queued, By: "api:wms"),
            new(other.Id, T0, OrderEventKind.Queued, By: "supervisor"),
            // Recorded in one change, at one time: they keep their order.
            new(o.Id, T0.AddSeconds(3), OrderEventKind.Assigned, "DEMO-01", 0, 1014, 4_000_000_001),
            new(o.Id, T0.AddSeconds(3), OrderEventKind.LegSent, "DEMO-01", 0, 1014, 4_000_000_001),
            new(o.Id, T0.AddSeconds(9), OrderEventKind.Waiting, "DEMO-01", 0, 1014, 4_000_000_001, Detail: "DEMO-03"),
            new(o.Id, T0.AddSeconds(20), OrderEventKind.Failed, "DEMO-01", 1, 1016, 4_000_000_002, Detail: longReason),
        ]);

        var timeline = await new OrderEventStore(await OpenAsync()).TimelineAsync(o.Id);
        Assert.Equal([OrderEventKind.Queued, OrderEventKind.Assigned, OrderEventKind.LegSent, OrderEventKind.Waiting, OrderEventKind.Failed], timeline.Select(e => e.Kind));
        Assert.Equal(new OrderEvent(o.Id, T0.AddSeconds(3), OrderEventKind.Assigned, "DEMO-01", 0, 1014, 4_000_000_001), timeline[1]);
        Assert.Equal("api:wms", timeline[0].By);
        Assert.Equal("DEMO-03", timeline[3].Detail);
        Assert.Equal(T0.AddSeconds(9), timeline[3].At);
        Assert.Equal(OrderEvent.MaxTextChars, timeline[4].Detail!.Length); // cut to what the column holds, not refused
        Assert.Equal("supervisor", Assert.Single(await new OrderEventStore(f).TimelineAsync(other.Id)).By);
        Assert.Empty(await new OrderEventStore(f).TimelineAsync(999));
    }

    [Fact]
    public async Task Assignments_since_a_time_give_each_orders_wait_from_queued_to_assigned()
    {
        var f = await OpenAsync();
        var orders = new OrderStore(f);
        var early = NewOrder("A", T0.AddHours(-10));
        var late = NewOrder("B", T0.AddMinutes(-5));
        var queued = NewOrder("C", T0.AddMinutes(-1));
        foreach (var o in new[] { early, late, queued }) await orders.SaveAsync(o);
        var events = new OrderEventStore(f);
        await events.AppendAsync([
            new(early.Id, T0.AddHours(-9), OrderEventKind.Assigned, "DEMO-01"),
            new(late.Id, T0.AddMinutes(-2), OrderEventKind.Assigned, "DEMO-02"),
            new(late.Id, T0.AddMinutes(-1), OrderEventKind.Driving, "DEMO-02"),
        ]);
        var waits = await new OrderEventStore(await OpenAsync()).AssignedSinceAsync(T0.AddHours(-8));
        var w = Assert.Single(waits); // the early one was assigned before the window, the queued one not at all
        Assert.Equal(new OrderWait(late.Id, T0.AddMinutes(-5), T0.AddMinutes(-2)), w);
        Assert.Equal(TimeSpan.FromMinutes(3), w.Waited);
    }

    [Fact]
    public async Task An_event_of_an_order_that_was_never_stored_is_refused()
    {
        var events = new OrderEventStore(await OpenAsync());
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => events.AppendAsync([new(12345, T0, OrderEventKind.Queued)]));
    }

    [Fact]
    public async Task The_history_pages_newest_first_and_filters_by_status_text_and_place()
    {
        var orders = new OrderStore(await OpenAsync());
        for (int i = 0; i < 12; i++)
        {
            var o = NewOrder($"WMS-{i:D2}", T0.AddMinutes(i), to: i % 2 == 0 ? 1016u : 2020u);
            await orders.SaveAsync(o);
            if (i % 3 == 0)
            {
                o.Assign($"Demo-{i:D2}", 1, T0);
                o.Start(T0);
                o.Finish(T0.AddMinutes(30));
                await orders.SaveAsync(o);
            }
        }
        var (page, total) = await orders.SearchAsync(new OrderQuery(Take: 5));
        Assert.Equal(12, total);
        Assert.Equal(["WMS-11", "WMS-10", "WMS-09", "WMS-08", "WMS-07"], page.Select(o => o.ExternalId));
        (page, total) = await orders.SearchAsync(new OrderQuery(Skip: 10, Take: 5));
        Assert.Equal(["WMS-01", "WMS-00"], page.Select(o => o.ExternalId));

        (page, total) = await orders.SearchAsync(new OrderQuery(Statuses: [OrderStatus.Finished]));
        Assert.Equal(["WMS-09", "WMS-06", "WMS-03", "WMS-00"], page.Select(o => o.ExternalId));
        (page, _) = await orders.SearchAsync(new OrderQuery(Text: "demo-06")); // the AGV, case-insensitively
        Assert.Equal("WMS-06", Assert.Single(page).ExternalId);
        (page, _) = await orders.SearchAsync(new OrderQuery(Text: "wms-1"));
        Assert.Equal(["WMS-11", "WMS-10"], page.Select(o => o.ExternalId));
        // A place's name matches no id or serial: the orders to its node are found.
        (page, total) = await orders.SearchAsync(new OrderQuery(Statuses: [OrderStatus.Queued], Text: "Dock 3", Nodes: [2020u]));
        Assert.Equal(["WMS-11", "WMS-07", "WMS-05", "WMS-01"], page.Select(o => o.ExternalId));
        Assert.Equal(4, total);
    }
}

public sealed class SqliteOrderTimelineTests() : OrderTimelineContract(new SqliteTestDatabase());

public sealed class PostgresOrderTimelineTests() : OrderTimelineContract(new PostgresTestDatabase());
