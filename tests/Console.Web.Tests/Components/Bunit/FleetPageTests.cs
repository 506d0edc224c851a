using FleetPage = AgvConsole.Web.Components.Pages.Fleet;
using Microsoft.Extensions.DependencyInjection;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

public sealed class FleetPageTests
{
    private static ConsolePageContext WithFleet(string role = Roles.Supervisor, string culture = ConsoleCulture.English)
    {
        var ctx = new ConsolePageContext(role, culture);
        ctx.Fleet.List.AddRange([
            Agv("DEMO-01", AgvState.Moving, battery: 60),
            Agv("DEMO-02", AgvState.Idle, battery: 97, vendor: "RoboLift"),
            Agv("DEMO-03", AgvState.Idle, reason: StandStill.WaitingForAgv, waitingFor: "DEMO-01"),
            Agv("DEMO-04", online: false, mapId: 2),
        ]);
        return ctx;
    }

    private static List<string> Serials(IRenderedComponent<FleetPage> cut) =>
        cut.FindAll("tr.agv-row a.console-serial").Select(a => a.TextContent).ToList();

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Administrator)]
    public void Every_role_sees_every_agv_with_state_in_words_why_it_stands_still_and_links(string role)
    {
        using var ctx = WithFleet(role);
        var cut = ctx.Render<FleetPage>();
        Assert.Equal(["DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04"], Serials(cut));
        var row3 = cut.FindAll("tr.agv-row")[2];
        Assert.Equal("Idle", row3.QuerySelector("[data-state]")!.TextContent.Trim());
        Assert.Contains("Traffic control: waiting for", row3.QuerySelector("[data-live=standstill]")!.TextContent);
        Assert.Equal("/agvs/DEMO-01", row3.QuerySelector("[data-live=standstill] a")!.GetAttribute("href"));
        Assert.Equal("/agvs/DEMO-03", row3.QuerySelector("a.console-serial")!.GetAttribute("href"));
        // Where, and for how long (the wait began 42 s before the page's clock).
        Assert.Equal("at node 1002", row3.QuerySelector("[data-wait=node]")!.TextContent.Trim());
        Assert.Equal("for 42 s", row3.QuerySelector("[data-wait=since]")!.TextContent.Trim());
        // Read as a sentence: the AGV's name and the place are two words, not "DEMO-01at".
        Assert.Matches(@"DEMO-01 at node 1002 · for 42 s", System.Text.RegularExpressions.Regex.Replace(row3.QuerySelector("[data-live=standstill]")!.TextContent, @"\s+", " "));
        Assert.Contains("No task", cut.FindAll("tr.agv-row")[1].TextContent);
        Assert.Equal("Offline", cut.FindAll("tr.agv-row")[3].QuerySelector("[data-state]")!.TextContent.Trim());
        Assert.Contains("4 AGVs · 3 online", cut.Find("#fleet-counts").TextContent);
        Assert.Equal("1", cut.Find("#state-counts [data-state=offline] .console-count").TextContent);
    }

    [Theory]
    [InlineData(ConsoleCulture.English, "Traffic control: waiting for node 1006", "for 3 min")]
    [InlineData(ConsoleCulture.Chinese, "交通管制：等待节点 1006", "已等待 3 分钟")]
    public void An_agv_waiting_for_a_place_says_which_node_and_how_long_with_or_without_a_trip(string culture, string what, string howLong)
    {
        using var ctx = WithFleet(culture: culture);
        // A move out of someone's way has no trip; its wait is on the AGV's own entry all the same.
        var since = ctx.Clock.GetUtcNow().AddSeconds(-200);
        ctx.Fleet.List[1] = ctx.Fleet.List[1] with
        {
            Agv = ctx.Fleet.List[1].Agv with { Wait = new AgvConsole.Fleet.Live.TrafficWaitNote("DEMO-02 waits for node 1006: the aisle is full", null, 1006, since) },
            StandStill = StandStill.WaitingForAgv,
        };
        var cut = ctx.Render<FleetPage>();
        var note = cut.FindAll("tr.agv-row")[1].QuerySelector("[data-live=standstill]")!;
        Assert.Equal(what, note.QuerySelector("[data-wait=node]")!.TextContent.Trim());
        Assert.Equal(howLong, note.QuerySelector("[data-wait=since]")!.TextContent.Trim());
        Assert.Equal("DEMO-02 waits for node 1006: the aisle is full", note.QuerySelector("[data-wait=since]")!.GetAttribute("title"));
        Assert.Null(note.QuerySelector("a"));
    }

    [Fact]
    public void Links_to_the_live_map_on_the_agvs_floor_when_its_map_is_known()
    {
        using var ctx = WithFleet();
        ctx.Maps.Set(new AgvConsole.Fleet.Maps.SiteMap(1, "Hall A", "A", 1, [], []));
        var cut = ctx.Render<FleetPage>();
        var link = cut.FindAll("tr.agv-row")[0].QuerySelector("a.map-link")!;
        Assert.Equal("/map?map=1&agv=DEMO-01", link.GetAttribute("href"));
        Assert.Contains("Hall A", link.TextContent);
        Assert.Null(cut.FindAll("tr.agv-row")[3].QuerySelector("a.map-link")); // map 2 is not known
    }

    [Fact]
    public void Serials_with_markup_are_text_and_their_links_are_escaped()
    {
        using var ctx = new ConsolePageContext();
        ctx.Fleet.List.Add(Agv("<img src=x onerror=alert(1)>", vendor: "<b>v</b>"));
        var cut = ctx.Render<FleetPage>();
        Assert.Empty(cut.FindAll("tr.agv-row img"));
        Assert.Empty(cut.FindAll("tr.agv-row b"));
        var link = cut.Find("tr.agv-row a.console-serial");
        Assert.Equal("<img src=x onerror=alert(1)>", link.TextContent);
        Assert.Equal("/agvs/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E", link.GetAttribute("href"));
    }

    [Fact]
    public void Search_state_and_group_filter_in_the_circuit()
    {
        using var ctx = WithFleet();
        var cut = ctx.Render<FleetPage>();
        // The search box waits 250 ms after typing (MudBlazor's debounce runs on the test's clock).
        cut.Find("#fleet-search").Input("robolift");
        cut.WaitForAssertion(() => { ctx.Clock.Advance(TimeSpan.FromMilliseconds(300)); Assert.Equal(["DEMO-02"], Serials(cut)); });
        cut.Find("#fleet-search").Input("demo");
        cut.WaitForAssertion(() => { ctx.Clock.Advance(TimeSpan.FromMilliseconds(300)); Assert.Equal(4, Serials(cut).Count); });

        cut.Find("#state-counts [data-state=idle]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["DEMO-02", "DEMO-03"], Serials(cut)));
        Assert.Equal("true", cut.Find("#state-counts [data-state=idle]").GetAttribute("aria-pressed"));
        cut.Find("#state-counts [data-state=idle]").Click();
        cut.WaitForAssertion(() => Assert.Equal(4, Serials(cut).Count));
    }

    [Fact]
    public void The_overviews_links_open_it_filtered_by_group_or_state()
    {
        using var ctx = WithFleet();
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/fleet?group=Offline");
        var offline = ctx.Render<FleetPage>();
        Assert.Equal(["DEMO-04"], Serials(offline));
        Assert.Contains("Offline", offline.Find("#fleet-group").TextContent);

        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/fleet?state=moving");
        Assert.Equal(["DEMO-01"], Serials(ctx.Render<FleetPage>()));
    }

    [Fact]
    public void Updates_live_when_the_fleet_changes_and_unsubscribes_when_it_goes()
    {
        using var ctx = WithFleet();
        var cut = ctx.Render<FleetPage>();
        Assert.Equal(1, ctx.Fleet.Subscribers);
        ctx.Fleet.Set("DEMO-01", a => Agv("DEMO-01", AgvState.EmergencyStop, battery: 59));
        cut.WaitForAssertion(() => Assert.Equal("Emergency stop", cut.FindAll("tr.agv-row")[0].QuerySelector("[data-state]")!.TextContent.Trim()));
        Assert.Contains("59 %", cut.FindAll("tr.agv-row")[0].TextContent);

        ctx.Fleet.List.Add(Agv("DEMO-05"));
        ctx.Fleet.Changed();
        cut.WaitForAssertion(() => Assert.Equal(5, Serials(cut).Count));

        cut.Instance.Dispose();
        Assert.Equal(0, ctx.Fleet.Subscribers);
    }

    [Fact]
    public void Prerendering_does_not_subscribe()
    {
        using var ctx = WithFleet();
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        ctx.Render<FleetPage>();
        Assert.Equal(0, ctx.Fleet.Subscribers);
    }

    [Fact]
    public void Chinese_interface_names_columns_states_and_reasons_in_Chinese()
    {
        using var ctx = WithFleet(culture: ConsoleCulture.Chinese);
        var cut = ctx.Render<FleetPage>();
        Assert.Equal("车队", cut.Find("h1").TextContent);
        var headers = cut.Find("#fleet-grid thead").TextContent;
        foreach (var word in new[] { "序列号", "状态", "停止原因", "电量", "最近状态上报" }) Assert.Contains(word, headers);
        Assert.Equal("运动中", cut.FindAll("tr.agv-row")[0].QuerySelector("[data-state]")!.TextContent.Trim());
        Assert.Contains("交通管制", cut.FindAll("tr.agv-row")[2].TextContent);
        Assert.Contains("无任务", cut.FindAll("tr.agv-row")[1].TextContent);
    }
}
