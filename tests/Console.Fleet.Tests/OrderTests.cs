using AgvConsole.Fleet.Orders;

namespace AgvConsole.Fleet.Tests;

public class OrderTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static Order Deliver() => new() { ExternalId = "E", Type = OrderType.Deliver, FromNodeId = 1, ToNodeId = 2, CreatedAt = T };

    [Fact]
    public void A_deliver_order_drives_to_the_pick_up_then_the_drop_off_node()
    {
        var o = Deliver();
        Assert.Equal(1u, o.LegTarget);
        Assert.True(o.Assign("A", 10, T));
        Assert.False(o.Assign("B", 11, T)); // assigned once
        Assert.True(o.Start(T));
        Assert.True(o.NextLeg(12, T));
        Assert.Equal((2u, 12u, 1), (o.LegTarget, o.TaskId!.Value, o.Leg));
        Assert.False(o.NextLeg(13, T));
        Assert.True(o.Finish(T));
        Assert.True(o.Ended);
    }

    [Fact]
    public void A_drop_off_leg_whose_way_is_held_waits_to_be_sent()
    {
        var o = Deliver();
        Assert.True(o.Assign("A", 10, T));
        Assert.True(o.NextLeg(null, T)); // the pick-up ended; the way to the drop-off is held right now
        Assert.True(o.LegPending);
        Assert.Null(o.TaskId);
        Assert.False(o.Ended);
        Assert.True(o.LegSent(14, T));
        Assert.False(o.LegPending);
        Assert.False(o.LegSent(15, T)); // sent once
        Assert.Equal(14u, o.TaskId);
    }

    [Fact]
    public void An_ended_order_stays_ended()
    {
        var o = Deliver();
        Assert.False(o.Finish(T)); // a queued order has not run
        Assert.True(o.Cancel("by hand", T));
        Assert.False(o.Fail("late", T));
        Assert.False(o.Assign("A", 1, T));
        Assert.Equal(OrderStatus.Cancelled, o.Status);
        Assert.Equal("by hand", o.Error);
    }
}
