using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

public sealed class OverviewPageTests
{
    private static ConsolePageContext Shift(string role = Roles.Supervisor, string culture = ConsoleCulture.English)
    {
        var ctx = new ConsolePageContext(role, culture);
        var now = ctx.Clock.GetUtcNow(); // 08:30 UTC = 16:30 site time
        ctx.Fleet.List.AddRange([
            Agv("A1", AgvState.Moving, battery: 55), Agv("A2", AgvState.ExecutingAction, battery: 90), Agv("A3", AgvState.Idle, battery: 15),
            Agv("A4", AgvState.Charging, battery: 30, charging: true), Agv("A5", AgvState.EmergencyStop, battery: 70), Agv("A6", online: false),
        ]);
        ctx.Fleet.Usage["A1"] = 0.8;
        ctx.Fleet.Usage["A2"] = 0.3;
        ctx.Orders.OpenList.AddRange([FakeOrderFeed.Queued(1, now.AddMinutes(-4)), FakeOrderFeed.Queued(2, now.AddMinutes(-2))]);
        ctx.Orders.EndedList.AddRange([
            FakeOrderFeed.Finished(10, now.AddMinutes(-50), now.AddMinutes(-40)), // 07:50 UTC: the 15:00 site hour
            FakeOrderFeed.Finished(11, now.AddMinutes(-20), now.AddMinutes(-10)), // 08:20 UTC: the 16:00 site hour
            FakeOrderFeed.Finished(12, now.AddMinutes(-25), now.AddMinutes(-5)),
        ]);
        // How long each waited for its AGV, as the dispatcher's timeline recorded it (queued → assigned).
        ctx.Orders.AssignedList.AddRange([
            new(10, now.AddMinutes(-50), now.AddMinutes(-49)), new(11, now.AddMinutes(-20), now.AddMinutes(-18)), new(12, now.AddMinutes(-25), now.AddMinutes(-16)),
        ]);
        ctx.Alarms.List.AddRange([
            FakeAlarmFeed.Of(1, "A3", EventLevel.Warning, now.AddMinutes(-30)),
            FakeAlarmFeed.Of(2, "A5", EventLevel.Error, now.AddMinutes(-3), "emergency stop", "Emergency stop"),
        ]);
        return ctx;
    }

    private static string Value(IRenderedComponent<Overview> cut, string id) => cut.Find($"#{id} .console-figure-value").TextContent.Trim();

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Administrator)]
    public void Every_role_sees_the_shifts_figures_each_linking_to_the_page_behind_it(string role)
    {
        using var ctx = Shift(role);
        var cut = ctx.Render<Overview>();
        Assert.Equal(["2", "1", "1", "1", "1"], new[] { "working", "idle", "charging", "fault", "offline" }.Select(g => Value(cut, "agvs-" + g)));
        Assert.Equal("/fleet?group=Fault", cut.Find("#agvs-fault").GetAttribute("href"));

        Assert.Equal("2", Value(cut, "orders-open"));
        Assert.Contains("2 queued · 0 assigned · 0 running", cut.Find("#orders-open").TextContent);
        Assert.Equal("3", Value(cut, "orders-finished"));
        // Queued → assigned: 1, 2 and 9 minutes for the orders assigned, 4 and 2 so far for the two still queued.
        Assert.Equal("3 min 36 s", Value(cut, "orders-wait"));
        Assert.Contains("queued → assigned · longest 9 min 0 s", cut.Find("#orders-wait").TextContent);
        Assert.Contains("over the 5 orders assigned in the last 8 h or still queued", cut.Find("#orders-measures").TextContent);
        Assert.Equal("/orders?status=queued", cut.Find("#orders-wait").GetAttribute("href"));
        Assert.Equal("13 min 20 s", Value(cut, "orders-lead"));             // (10 + 10 + 20) / 3 minutes
        Assert.Equal("/orders", cut.Find("#orders-open").GetAttribute("href"));

        Assert.Equal("1", Value(cut, "alarms-error"));
        Assert.Equal("1", Value(cut, "alarms-warning"));
        Assert.Equal("0", Value(cut, "alarms-fatal"));
        Assert.Contains("A3", cut.Find("#oldest-unacknowledged").TextContent); // raised 30 min ago, before A5's
        Assert.Equal("/alarms", cut.Find("#oldest-unacknowledged a").GetAttribute("href"));

        Assert.Equal("15 %", Value(cut, "battery-min"));
        Assert.Equal("55 %", Value(cut, "battery-median"));
        Assert.Equal("90 %", Value(cut, "battery-max"));
        Assert.Equal("/agvs/A3", cut.Find("#battery-lowest a").GetAttribute("href"));

        var rows = cut.FindAll("#utilisation-list a");
        Assert.Equal(["A1", "A2"], rows.Select(r => r.GetAttribute("data-serial")));
        Assert.Contains("80 %", rows[0].TextContent);
        Assert.Equal("/agvs/A1", rows[0].GetAttribute("href"));
        Assert.Contains("55 %", cut.Find("#utilisation-average").TextContent);
    }

    [Fact]
    public void Throughput_counts_finished_orders_per_site_hour()
    {
        using var ctx = Shift();
        var f = OverviewFigures.From(ctx.Fleet.Agvs(), ctx.Fleet.Utilisation(), ctx.Orders.Open(), ctx.Orders.EndedWithin(TimeSpan.FromHours(8)), ctx.Orders.AssignedWithin(TimeSpan.FromHours(8)),
            ctx.Alarms.Active(), ctx.Clock.GetUtcNow(), t => new DateTimeOffset(t.UtcDateTime.Date.AddHours(t.UtcDateTime.Hour), TimeSpan.Zero));
        Assert.Equal(8, f.ThroughputPerHour.Count);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 2], f.ThroughputPerHour.Select(h => h.Finished));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), f.ThroughputPerHour[^1].HourStart);

        var cut = ctx.Render<Overview>();
        var labels = cut.FindAll("#throughput-chart text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("16:00", labels); // site time, UTC+8
        Assert.Contains("09:00", labels);
    }

    [Fact]
    public void Updates_live_from_all_three_feeds()
    {
        using var ctx = Shift();
        var cut = ctx.Render<Overview>();
        Assert.Equal(1, ctx.Fleet.Subscribers);
        Assert.Equal(1, ctx.Orders.Subscribers);
        Assert.Equal(1, ctx.Alarms.Subscribers);

        ctx.Fleet.Set("A3", _ => Agv("A3", AgvState.Fault, battery: 15));
        cut.WaitForAssertion(() => Assert.Equal("2", Value(cut, "agvs-fault")));
        ctx.Alarms.Announce(FakeAlarmFeed.Of(3, "A3", EventLevel.Fatal, ctx.Clock.GetUtcNow()), "raised");
        cut.WaitForAssertion(() => Assert.Equal("1", Value(cut, "alarms-fatal")));
        ctx.Orders.OpenList.Clear();
        ctx.Orders.Changed();
        cut.WaitForAssertion(() => Assert.Equal("0", Value(cut, "orders-open")));

        cut.Instance.Dispose();
        Assert.Equal(0, ctx.Fleet.Subscribers + ctx.Orders.Subscribers + ctx.Alarms.Subscribers);
    }

    [Fact]
    public void An_empty_site_says_what_is_missing_instead_of_zeros_that_mean_nothing()
    {
        using var ctx = new ConsolePageContext();
        var cut = ctx.Render<Overview>();
        Assert.Equal("–", Value(cut, "orders-wait"));
        Assert.Contains("No AGV online reports its battery.", cut.Find("#panel-battery").TextContent);
        Assert.Contains("Not measured yet", cut.Find("#panel-utilisation").TextContent);
        Assert.Contains("Every active alarm is acknowledged.", cut.Find("#oldest-unacknowledged").TextContent);
    }

    [Fact]
    public void Chinese_interface_uses_the_warehouse_engineers_words()
    {
        using var ctx = Shift(culture: ConsoleCulture.Chinese);
        var cut = ctx.Render<Overview>();
        Assert.Equal("运营总览", cut.Find("h1").TextContent);
        Assert.Contains("作业中", cut.Find("#agvs-working").TextContent);
        Assert.Contains("充电", cut.Find("#agvs-charging").TextContent);
        Assert.Contains("告警", cut.Find("#panel-alarms h2").TextContent);
        Assert.Contains("订单", cut.Find("#panel-orders h2").TextContent);
        Assert.Equal("3 分 36 秒", Value(cut, "orders-wait"));
        Assert.Contains("排队 → 分配", cut.Find("#orders-wait").TextContent);
    }
}
