using System.Text.Json;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Map;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The live map around its canvas, per role: floors, the AGV list, the selected AGV with why it stands
/// still, a clicked place, dispatch (Supervisors and Administrators; refused in the handler for others),
/// what the canvas module is given (data, never markup), and bad addresses.
/// </summary>
public sealed class LiveMapPageTests
{
    private static readonly SiteMap Floor1 = Grid(1, "Hall A – floor 1", 1000);
    private static readonly SiteMap Floor2 = Grid(2, "Hall A – floor 2", 2000);

    /// <summary>A 3 × 2 grid of nodes 2.5 m apart; node base+2 is named "Dock 2", base+6 is a charging station.</summary>
    private static SiteMap Grid(uint mapId, string name, uint baseId)
    {
        var nodes = Enumerable.Range(1, 6).Select(i => new MapNode(baseId + (uint)i, (i - 1) % 3 * 2500, (i - 1) / 3 * 2500,
            i == 6 ? MapNodeKind.Charging : MapNodeKind.Normal, Name: i == 2 ? "Dock 2" : null)).ToList();
        var edges = new List<MapEdge>();
        for (uint i = 1; i <= 6; i++)
        {
            if (i % 3 != 0) edges.Add(new MapEdge(baseId + i, baseId + i + 1, true, 1000));
            if (i <= 3) edges.Add(new MapEdge(baseId + i, baseId + i + 3, true, 1000));
        }
        return new SiteMap(mapId, name, "A", (int)mapId, nodes, edges);
    }

    private static ConsolePageContext Site(string role = Roles.Supervisor, string culture = ConsoleCulture.English, FakeMapDispatch? dispatch = null)
    {
        var ctx = new ConsolePageContext(role, culture, user: "the-" + role.ToLowerInvariant(),
            services: s =>
            {
                s.AddSingleton<IMapDispatch>(dispatch ?? new FakeMapDispatch());
                s.AddSingleton<IAgvControl>(new FakeAgvControl());
            });
        ctx.Maps.Set(Floor1);
        ctx.Maps.Set(Floor2);
        ctx.Fleet.List.AddRange([
            Agv("DEMO-01", AgvState.Moving, battery: 60),
            Agv("DEMO-02", AgvState.Idle, battery: 97),
            Agv("DEMO-03", AgvState.Idle, reason: StandStill.WaitingForAgv, waitingFor: "DEMO-01"),
            Agv("DEMO-05", AgvState.Idle, mapId: 2),
        ]);
        return ctx;
    }

    private static IRenderedComponent<LiveMap> Open(ConsolePageContext ctx, string query = "")
    {
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/map" + query);
        return ctx.Render<LiveMap>();
    }

    private static List<string> Listed(IRenderedComponent<LiveMap> cut) =>
        cut.FindAll("#side-list button[data-serial]").Select(b => b.GetAttribute("data-serial")!).ToList();

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Administrator)]
    public void Every_role_sees_the_floors_and_the_agvs_of_the_floor_with_state_in_words_and_why_they_stand_still(string role)
    {
        using var ctx = Site(role);
        var cut = Open(ctx);
        Assert.Equal(["DEMO-01", "DEMO-02", "DEMO-03"], Listed(cut));
        Assert.Equal("true", cut.Find("#floor-switcher [data-map='1']").GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.Find("#floor-switcher [data-map='2']").GetAttribute("aria-pressed"));
        Assert.Contains("3 AGVs on this floor · 3 online", cut.Find("#map-counts").TextContent);
        var third = cut.FindAll("#side-list li.map-agv-row")[2];
        Assert.Equal("Idle", third.QuerySelector("[data-state]")!.TextContent.Trim());
        Assert.Contains("Traffic control: waiting for", third.QuerySelector("[data-live=standstill]")!.TextContent);
        // The legend names every state, with its icon beside the word.
        Assert.Equal(StateNames.All.Count, cut.FindAll("#map-legend [data-state] .map-swatch svg").Count);
    }

    [Fact]
    public void In_chinese_the_map_speaks_the_warehouse_words()
    {
        using var ctx = Site(culture: ConsoleCulture.Chinese);
        var cut = Open(ctx, "?agv=DEMO-03");
        Assert.Contains("实时地图", cut.Find("h1").TextContent);
        Assert.Contains("交通管制", cut.Find("#side-agv").TextContent);
        Assert.Equal("下发路径", cut.Find("#dispatch-title").TextContent.Trim());
        Assert.Contains("图例", cut.Find("#map-legend").TextContent);
        Assert.Contains("运动中", cut.Find("#map-legend").TextContent);
    }

    [Fact]
    public void The_floor_switch_and_a_selection_change_the_address_the_page_shows()
    {
        using var ctx = Site();
        var cut = Open(ctx);
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        cut.Find("#floor-switcher [data-map='2']").Click();
        Assert.Contains("map=2", nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["DEMO-05"], Listed(cut)));

        cut.Find("#side-list button[data-serial='DEMO-05']").Click();
        Assert.Contains("agv=DEMO-05", nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal("DEMO-05", cut.Find("#side-serial").TextContent.Trim()));
    }

    [Fact]
    public void The_list_follows_the_fleet_live()
    {
        using var ctx = Site();
        var cut = Open(ctx);
        ctx.Fleet.Set("DEMO-02", _ => Agv("DEMO-02", AgvState.Fault));
        cut.WaitForAssertion(() => Assert.Equal("Fault", cut.Find("#side-list button[data-serial='DEMO-02'] [data-state]").TextContent.Trim()));
    }

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Administrator, true)]
    [InlineData(Roles.Maintenance, false)]
    public void The_selected_agv_is_shown_beside_the_map_and_only_dispatchers_get_the_dispatch_panel(string role, bool dispatches)
    {
        using var ctx = Site(role);
        var cut = Open(ctx, "?map=1&agv=DEMO-03");
        Assert.Equal("DEMO-03", cut.Find("#side-serial").TextContent.Trim());
        Assert.Contains("Traffic control: waiting for", cut.Find("#side-agv [data-live=standstill]").TextContent);
        Assert.Equal("/agvs/DEMO-01", cut.Find("#side-agv [data-live=standstill] a").GetAttribute("href"));
        Assert.Equal("/agvs/DEMO-03", cut.Find("#side-link").GetAttribute("href"));
        Assert.Equal(dispatches, cut.FindAll("#dispatch").Count == 1);
        // The AGV page's command panel, e-stop first, for the same roles.
        Assert.Equal(dispatches, cut.FindAll("#map-side #agv-commands #btn-estop").Count == 1);
    }

    [Fact]
    public void Without_a_floor_in_the_address_the_selected_agvs_floor_is_shown()
    {
        using var ctx = Site();
        var cut = Open(ctx, "?agv=DEMO-05");
        Assert.Equal("true", cut.Find("#floor-switcher [data-map='2']").GetAttribute("aria-pressed"));
        Assert.Equal("DEMO-05", cut.Find("#side-serial").TextContent.Trim());
    }

    [Theory]
    [InlineData("?map=abc", "There is no floor 'abc'")]
    [InlineData("?map=99", "There is no floor '99'")]
    [InlineData("?agv=%3Cimg%20src%3Dx%3E", "There is no AGV '<img src=x>'")]
    public void A_bad_address_gets_a_message_and_the_first_floor(string query, string message)
    {
        using var ctx = Site();
        var cut = Open(ctx, query);
        Assert.Contains(message, cut.Find("#map-notice").TextContent);
        Assert.Equal("true", cut.Find("#floor-switcher [data-map='1']").GetAttribute("aria-pressed"));
        Assert.Empty(cut.FindAll("#map-notice img"));
    }

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Maintenance, false)]
    public async Task A_clicked_place_shows_its_name_kind_and_for_dispatchers_a_new_order_to_it(string role, bool mayOrder)
    {
        using var ctx = Site(role);
        var cut = Open(ctx);
        var canvas = cut.FindComponent<LiveMapCanvas>();
        await cut.InvokeAsync(() => canvas.Instance.NodeClicked(1002));
        Assert.Equal("Dock 2", cut.Find("#side-node-title").TextContent.Trim());
        Assert.Equal("1002", cut.Find("#side-node-id").TextContent.Trim());
        var order = cut.FindAll("#side-node-order");
        Assert.Equal(mayOrder, order.Count == 1);
        if (mayOrder) Assert.Equal("/orders?new=1&to=1002", order[0].GetAttribute("href"));

        await cut.InvokeAsync(() => canvas.Instance.NodeClicked(1006));
        Assert.Equal("node 1006", cut.Find("#side-node-title").TextContent.Trim());
        Assert.Contains("Charging station", cut.Find("#side-node-kind").TextContent);
    }

    [Fact]
    public void The_canvas_module_is_given_the_floor_icons_and_texts_as_data()
    {
        using var ctx = Site();
        var module = ctx.JSInterop.SetupModule("./js/live-map.js");
        var map = module.SetupModule(i => i.Identifier == "start");
        var cut = Open(ctx, "?agv=DEMO-01");
        var start = Assert.Single(module.Invocations["start"]);
        var init = JsonSerializer.SerializeToElement(start.Arguments[2], new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(1u, init.GetProperty("floor").GetProperty("mapId").GetUInt32());
        Assert.Equal([1001u, 1002, 1003, 1004, 1005, 1006], init.GetProperty("floor").GetProperty("nodes").GetProperty("id").EnumerateArray().Select(e => e.GetUInt32()));
        Assert.Equal("Dock 2", init.GetProperty("floor").GetProperty("nodes").GetProperty("name")[1].GetString());
        Assert.Equal("DEMO-01", init.GetProperty("selected").GetString());
        // Icons go as SVG path data, one list per state in the wire's order: no element, no markup.
        var glyphs = init.GetProperty("states").GetProperty("glyphs");
        Assert.Equal(StateNames.All.Count, glyphs.GetArrayLength());
        Assert.All(glyphs.EnumerateArray(), g => Assert.All(g.EnumerateArray(), d => Assert.DoesNotContain("<", d.GetString())));
        Assert.All(glyphs.EnumerateArray(), g => Assert.True(g.GetArrayLength() > 0));
        Assert.DoesNotContain("<", init.ToString());

        // Switching floors tells the module the new floor, again as data.
        cut.Find("#floor-switcher [data-map='2']").Click();
        cut.WaitForAssertion(() => Assert.Single(map.Invocations["showFloor"]));
        var floor = JsonSerializer.SerializeToElement(map.Invocations["showFloor"][0].Arguments[0], new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(2u, floor.GetProperty("mapId").GetUInt32());
    }

    // ---- dispatch -------------------------------------------------------------------------------

    private static IRenderedComponent<DispatchPanel> Panel(ConsolePageContext ctx, List<IReadOnlyList<uint>?> plans) =>
        ctx.Render<DispatchPanel>(p => p
            .Add(x => x.Agv, ctx.Fleet.Find("DEMO-02")!)
            .Add(x => x.Floor, Floor1)
            .Add(x => x.OnPlan, route => plans.Add(route)));

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Administrator)]
    public async Task A_dispatcher_picks_a_destination_sees_length_and_time_and_sends_as_themself(string role)
    {
        var dispatch = new FakeMapDispatch();
        using var ctx = Site(role, dispatch: dispatch);
        var plans = new List<IReadOnlyList<uint>?>();
        var cut = Panel(ctx, plans);
        await cut.InvokeAsync(() => cut.Instance.NodeClickedAsync(1006));
        Assert.Equal(("DEMO-02", 1006u), dispatch.Proposed.Single());
        Assert.Equal("1002,1003,1006", cut.Find("#dispatch-route").GetAttribute("data-route"));
        Assert.Contains("5.0 m · 4.2 s · 3 nodes", cut.Find("#dispatch-route").TextContent);
        Assert.Contains("Dock 2 → 1003 → 1006", cut.Find("#dispatch-route").TextContent);
        Assert.Equal([1002u, 1003, 1006], plans[^1]);

        cut.Find("#dispatch-send").Click();
        cut.WaitForAssertion(() => Assert.Single(dispatch.Sent));
        var sent = dispatch.Sent[0];
        Assert.Equal(("the-" + role.ToLowerInvariant(), "DEMO-02", 1u, "1002,1003,1006", TaskType.Move, FinalAction.None),
            (sent.Actor, sent.Serial, sent.MapId, string.Join(",", sent.Nodes), sent.Task, sent.Action));
        cut.WaitForAssertion(() => Assert.Null(plans[^1])); // the AGV's own path takes over on the map
        Assert.Contains(ctx.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars, s => s.Message!.Contains("DEMO-02: task 77 to 1006 sent"));
    }

    [Fact]
    public async Task A_refused_dispatch_says_why_and_takes_the_stale_route_off_the_map()
    {
        var dispatch = new FakeMapDispatch { Refusal = "Node 1003 is held by DEMO-09." };
        using var ctx = Site(dispatch: dispatch);
        var plans = new List<IReadOnlyList<uint>?>();
        var cut = Panel(ctx, plans);
        await cut.InvokeAsync(() => cut.Instance.NodeClickedAsync(1006));
        Assert.NotNull(plans[^1]);
        cut.Find("#dispatch-send").Click();
        cut.WaitForAssertion(() => Assert.Contains("held by DEMO-09", cut.Find("#dispatch-error").TextContent));
        Assert.Null(plans[^1]);
        Assert.Empty(cut.FindAll("#dispatch-route"));
        Assert.True(cut.Find("#dispatch-send").HasAttribute("disabled"));
        Assert.Contains(ctx.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars, s => s.Message!.Contains("DEMO-02: not sent. Node 1003 is held by DEMO-09."));
    }

    [Fact]
    public async Task Clicked_nodes_are_checked_one_by_one_and_a_wrong_one_is_refused_with_the_reason()
    {
        var dispatch = new FakeMapDispatch();
        using var ctx = Site(dispatch: dispatch);
        var plans = new List<IReadOnlyList<uint>?>();
        var cut = Panel(ctx, plans);
        cut.Find("#dispatch-mode-nodes").Click();
        await cut.InvokeAsync(() => cut.Instance.NodeClickedAsync(1003));
        Assert.Equal("1002,1003", cut.Find("#dispatch-route").GetAttribute("data-route"));
        await cut.InvokeAsync(() => cut.Instance.NodeClickedAsync(1004));
        Assert.Contains("1004 was not added: Nodes 1003 and 1004 are not joined by an edge.", cut.Find("#dispatch-error").TextContent);
        Assert.Equal("1002,1003", cut.Find("#dispatch-route").GetAttribute("data-route"));
        cut.Find("#dispatch-undo").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#dispatch-route")));
    }

    [Fact]
    public async Task Maintenance_is_refused_in_every_dispatch_handler_and_nothing_is_planned_or_sent()
    {
        var dispatch = new FakeMapDispatch();
        using var ctx = Site(Roles.Maintenance, dispatch: dispatch);
        var plans = new List<IReadOnlyList<uint>?>();
        var cut = Panel(ctx, plans);   // rendered directly: the page would not show it, a circuit can send the events anyway
        await cut.InvokeAsync(() => cut.Instance.NodeClickedAsync(1006));
        cut.Find("#dispatch-clear").Click();
        cut.Find("#dispatch-mode-nodes").Click();
        await cut.InvokeAsync(() => cut.Instance.NodeClickedAsync(1003));
        Assert.Empty(dispatch.Proposed);
        Assert.Empty(dispatch.Checked);
        Assert.Empty(dispatch.Sent);
        Assert.Empty(plans);
        var snackbars = ctx.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Select(s => s.Message!).ToList();
        // (MudBlazor shows one snackbar for the same message repeated.)
        Assert.True(snackbars.Count >= 1 && snackbars.All(m => m.Contains("does not allow this")), string.Join(" | ", snackbars));
    }

    /// <summary>Records what the panel asks; routes are straight lines along the test grid.</summary>
    public sealed class FakeMapDispatch : IMapDispatch
    {
        public List<(string Serial, uint Target)> Proposed { get; } = [];
        public List<IReadOnlyList<uint>> Checked { get; } = [];
        public List<(string Actor, string Serial, uint MapId, IReadOnlyList<uint> Nodes, TaskType Task, FinalAction Action)> Sent { get; } = [];
        public string? Refusal { get; set; }

        public RouteProposal Propose(string serial, uint target)
        {
            Proposed.Add((serial, target));
            return new RouteProposal([1002, 1003, target], 5000, 4.2, null);
        }

        public RouteProposal Check(string serial, uint mapId, IReadOnlyList<uint> nodeIds)
        {
            Checked.Add([.. nodeIds]);
            var route = new List<uint> { 1002 };
            route.AddRange(nodeIds);
            for (int i = 1; i < route.Count; i++)
                if (Floor1.EdgeFor(route[i - 1], route[i]) is null)
                    return RouteProposal.Refused($"Nodes {route[i - 1]} and {route[i]} are not joined by an edge.", route);
            return new RouteProposal(route, 2500.0 * (route.Count - 1), 2.5 * (route.Count - 1), null);
        }

        public Task<PathOutcome> DispatchAsync(string actor, string serial, uint mapId, IReadOnlyList<uint> nodeIds, TaskType task, FinalAction action)
        {
            Sent.Add((actor, serial, mapId, [.. nodeIds], task, action));
            return Task.FromResult(Refusal is { } why
                ? new PathOutcome(new CommandOutcome(OutcomeKind.Blocked, why), 0, [], 0, 0)
                : new PathOutcome(new CommandOutcome(OutcomeKind.Done, "done"), 77, nodeIds, 5000, 4.2));
        }
    }
}
