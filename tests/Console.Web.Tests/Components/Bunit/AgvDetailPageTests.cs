using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Controls;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

public sealed class AgvDetailPageTests
{
    /// <summary>Floor 1 with two charging stations (one named) and a lift to floor 2.</summary>
    internal static void TwoFloors(SiteMaps maps)
    {
        maps.Set(new SiteMap(1, "Hall A", "A", 1,
            [new(1001, 0, 0, MapNodeKind.Normal), new(1005, 2500, 0, MapNodeKind.Charging, Name: "Dock 5"), new(1006, 5000, 0, MapNodeKind.Charging),
             new(1010, 0, 2500, MapNodeKind.Lift, LinkedNodeId: 2010)],
            [new(1001, 1005, true, 1000), new(1005, 1006, true, 1000), new(1001, 1010, true, 500)]));
        maps.Set(new SiteMap(2, "Hall A floor 2", "A", 2, [new(2010, 0, 2500, MapNodeKind.Lift, LinkedNodeId: 1010), new(2011, 2500, 2500, MapNodeKind.Normal)],
            [new(2010, 2011, true, 1000)]));
    }

    private static (ConsolePageContext Ctx, FakeAgvControl Control) Page(string role = Roles.Supervisor, string culture = AgvConsole.Web.Ui.ConsoleCulture.English)
    {
        var (ctx, control, _, _) = AgvPageServices.Context(role, culture);
        TwoFloors(ctx.Maps);
        ctx.Fleet.List.Add(Agv("DEMO-01", AgvState.Idle, battery: 64));
        ctx.Fleet.List.Add(Agv("DEMO-07", online: false, lastReport: ctx.Clock.GetUtcNow().AddMinutes(-20)));
        return (ctx, control);
    }

    private static AgvStatus At(AgvStatus a, uint node) => a with { Agv = a.Agv with { State = a.State with { LastNodeId = node } } };

    /// <summary>Answers the open message box with the button that says <paramref name="button"/>.</summary>
    internal static void Answer(IRenderedComponent<MudDialogProvider> dialogs, string button) =>
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").First(b => b.TextContent.Trim() == button).Click());

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Administrator, true)]
    [InlineData(Roles.Maintenance, false)]
    public void Every_role_sees_the_live_values_and_only_dispatchers_see_commands(string role, bool commands)
    {
        var (ctx, control) = Page(role);
        using var _ = ctx;
        control.Events.Add(new AgvEventRecord(new DateTimeOffset(2026, 11, 30, 8, 12, 3, TimeSpan.Zero), "event raised", 0x0102, "warning", "bumper touched"));
        control.Events.Add(new AgvEventRecord(new DateTimeOffset(2026, 11, 30, 7, 2, 0, TimeSpan.Zero), "registered", 0, "info", "registered: Kivo M1"));
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));

        Assert.Equal("DEMO-01", cut.Find("h1").TextContent);
        Assert.Equal("Idle", cut.Find("#live-state [data-state]").TextContent.Trim());
        Assert.Contains("64 %", cut.Find("#live-state [data-live=battery]").TextContent);
        Assert.Contains("Hall A", cut.Find("#live-state [data-live=map]").TextContent);
        Assert.Contains("No task", cut.Find("#stand-still").TextContent);
        Assert.Contains("normal mode", cut.Find("#connection-mode").TextContent);
        Assert.Contains("Latent lifting", cut.Find("#vehicle").TextContent);
        // Each event keeps its own time, in site time (UTC+8).
        var rows = cut.FindAll("#agv-events tbody tr");
        Assert.Equal("2026-11-30 16:12:03", rows[0].QuerySelector("time")!.TextContent);
        Assert.Contains("0x0102", rows[0].TextContent);
        Assert.Contains("bumper touched", rows[0].TextContent);
        Assert.Equal("2026-11-30 15:02:00", rows[1].QuerySelector("time")!.TextContent);
        Assert.Equal("/agvs/DEMO-01/log", cut.Find("#link-log").GetAttribute("href"));
        Assert.Equal("/agvs/DEMO-01/parameters", cut.Find("#link-parameters").GetAttribute("href"));

        Assert.Equal(commands, cut.FindAll("#agv-commands").Count == 1);
        Assert.Equal(commands, cut.FindAll("#btn-hold-back").Count == 1);
        Assert.Contains("Automatic dispatch: on", cut.Find("#auto-dispatch-state").TextContent); // everyone sees whether it is held back
    }

    [Fact]
    public void Values_follow_the_fleet_live()
    {
        var (ctx, _) = Page();
        using var _ = ctx;
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        ctx.Fleet.Set("DEMO-01", _ => Agv("DEMO-01", AgvState.Fault, battery: 12));
        cut.WaitForAssertion(() => Assert.Equal("Fault", cut.Find("#live-state [data-state]").TextContent.Trim()));
        Assert.Contains("12 %", cut.Find("#live-state [data-live=battery]").TextContent);
        Assert.Contains("Fault", cut.Find("#stand-still").TextContent);
    }

    [Fact]
    public void An_unknown_serial_is_said_and_markup_in_a_serial_stays_text()
    {
        var (ctx, _) = Page();
        using var _ = ctx;
        var unknown = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "<b>XYZ</b>"));
        Assert.Contains("<b>XYZ</b>", unknown.Find("#unknown-agv").TextContent);
        Assert.Empty(unknown.FindAll("#unknown-agv b"));

        ctx.Fleet.List.Add(Agv("<img src=x onerror=alert(1)>"));
        var hostile = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "<img src=x onerror=alert(1)>"));
        Assert.Equal("<img src=x onerror=alert(1)>", hostile.Find("h1").TextContent);
        Assert.Empty(hostile.FindAll("#agv-detail img"));
        Assert.Equal("/agvs/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/log", hostile.Find("#link-log").GetAttribute("href"));
    }

    [Fact]
    public void Emergency_stop_is_one_click_and_the_answer_is_a_snackbar_in_the_agvs_words()
    {
        var (ctx, control) = Page();
        using var _ = ctx;
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        cut.Find("#btn-estop").Click();
        cut.WaitForAssertion(() => Assert.Contains("pat DEMO-01 motion EmergencyStop", control.Sent));
        Assert.Contains("Emergency stop: done.", ctx.Snackbars());

        control.Answer = _ => CommandOutcome.FromAnswer("Resume", ResultCode.RejectedInState);
        cut.Find("#btn-resume").Click();
        cut.WaitForAssertion(() => Assert.Contains("Resume: the AGV refused it (not possible in its current state).", ctx.Snackbars()));
        control.Answer = _ => CommandOutcome.FromAnswer("Pause", ResultCode.Timeout);
        cut.Find("#btn-pause").Click();
        cut.WaitForAssertion(() => Assert.Contains("Pause: the AGV did not answer within the response timeout.", ctx.Snackbars()));
    }

    [Theory]
    [InlineData("#btn-cancel", "Cancel the task", "Cancel")]
    [InlineData("#btn-release", "Release", "ReleaseEmergencyStop")]
    public void Cancel_and_release_ask_first_and_keeping_sends_nothing(string button, string yes, string command)
    {
        var (ctx, control) = Page();
        using var _ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        cut.Find(button).Click();
        Answer(dialogs, "Keep as it is");
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(control.Sent);

        cut.Find(button).Click();
        Answer(dialogs, yes);
        cut.WaitForAssertion(() => Assert.Equal([$"pat DEMO-01 motion {command}"], control.Sent));
    }

    [Fact]
    public void Charging_is_at_a_station_of_the_agvs_map_picked_by_name_and_a_missing_choice_sends_nothing()
    {
        var (ctx, control) = Page();
        using var _ = ctx;
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        cut.Find("#btn-charge").Click();
        cut.WaitForAssertion(() => Assert.Contains("Choose a charging station first.", cut.Find("#charge-form").TextContent));
        Assert.Empty(control.Sent);

        var commands = cut.FindComponent<AgvCommands>();
        var select = commands.FindComponent<MudSelect<uint?>>();
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(1005u));
        cut.Find("#btn-charge").Click();
        cut.WaitForAssertion(() => Assert.Equal(["pat DEMO-01 charge Start 1005"], control.Sent));
        Assert.Contains("Charge at Dock 5 (node 1005): done.", ctx.Snackbars()); // by name when it has one
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(1006u));
        cut.Find("#btn-charge").Click();
        cut.WaitForAssertion(() => Assert.Contains("Charge at node 1006: done.", ctx.Snackbars()));

        // A node that is not a station of its map (the map changed under the page, or a forged event): nothing is sent.
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(1001u));
        cut.InvokeAsync(() => commands.Instance.ChargeAsync());
        cut.WaitForAssertion(() => Assert.Contains(ctx.Snackbars(), m => m.StartsWith("Node 1001 is not a charging station")));
        Assert.Equal(2, control.Sent.Count);
    }

    [Fact]
    public void Map_switch_refuses_an_agv_outside_the_lift_and_asks_before_switching()
    {
        var (ctx, control) = Page();
        using var _ = ctx;
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        cut.Find("#btn-map-switch").Click();
        cut.WaitForAssertion(() => Assert.Contains("Choose the map to switch to first.", cut.Find("#map-form").TextContent));
        var select = cut.FindComponent<AgvCommands>().FindComponents<MudSelect<uint?>>()[1];
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(2u));
        cut.Find("#btn-map-switch").Click();
        cut.WaitForAssertion(() => Assert.Contains("DEMO-01 does not stand on a lift node linked to Hall A floor 2. Nothing was sent.", cut.Find("#map-form").TextContent));
        Assert.Empty(control.Sent);

        ctx.Fleet.Set("DEMO-01", a => At(a, 1010));
        cut.WaitForAssertion(() => Assert.Contains("1010", cut.Find("[data-live=nodes]").TextContent));
        cut.Find("#btn-map-switch").Click();
        Answer(dialogs, "Switch");
        cut.WaitForAssertion(() => Assert.Equal(["pat DEMO-01 map 2"], control.Sent));
        Assert.Contains("Switch to Hall A floor 2: done.", ctx.Snackbars());
    }

    [Fact]
    public void Commands_are_disabled_and_say_why_while_the_agv_is_offline()
    {
        var (ctx, _) = Page();
        using var _ = ctx;
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-07"));
        Assert.Contains("Offline: commands cannot be sent", cut.Find("#agv-commands").TextContent);
        Assert.True(cut.Find("#btn-estop").HasAttribute("disabled"));
        Assert.Contains("Offline", cut.Find("#stand-still").TextContent);
    }

    [Fact]
    public void Maintenance_is_refused_by_every_handler_and_nothing_is_sent()
    {
        var (ctx, control) = Page(Roles.Maintenance);
        using var _ = ctx;
        control.Held["DEMO-07"] = [2003, 2004];
        // A circuit can be sent any event: the handlers of the hidden buttons check the role themselves.
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        void Refused<T>(IRenderedComponent<T> cut, Func<Task> handler) where T : Microsoft.AspNetCore.Components.IComponent
        {
            snackbar.Clear();
            cut.InvokeAsync(handler);
            cut.WaitForAssertion(() => Assert.Equal(["Your role does not allow this; nothing was changed."], ctx.Snackbars()));
        }
        var commands = ctx.Render<AgvCommands>(p => p.Add(x => x.Status, ctx.Fleet.Find("DEMO-01")!));
        var page = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-07"));
        foreach (var kind in Enum.GetValues<MotionCommandKind>())
            Refused(commands, () => commands.Instance.MotionAsync(kind));
        Refused(commands, () => commands.Instance.ChargeAsync());
        Refused(commands, () => commands.Instance.MapSwitchAsync());
        Refused(page, () => page.Instance.SetAutoDispatchAsync(false));
        Refused(page, () => page.Instance.ReleaseNodesAsync());
        Assert.Empty(control.Sent);
        Assert.Equal([2003u, 2004u], control.Held["DEMO-07"]);
        Assert.Empty(page.FindAll("#btn-release-nodes"));
    }

    [Fact]
    public void An_offline_agv_keeps_its_nodes_until_a_supervisor_releases_them_after_a_question()
    {
        var (ctx, control) = Page();
        using var _ = ctx;
        control.Held["DEMO-07"] = [2003, 2004];
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-07"));
        Assert.Contains("still holds 2 node(s) (2003, 2004)", cut.Find("#held-nodes").TextContent);
        cut.Find("#btn-release-nodes").Click();
        Answer(dialogs, "Release");
        cut.WaitForAssertion(() => Assert.Equal(["pat DEMO-07 release"], control.Sent));
        Assert.Contains("2 node(s) released: other AGVs may drive there now.", ctx.Snackbars());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#held-nodes")));
    }

    [Fact]
    public void A_supervisor_takes_an_agv_out_of_automatic_dispatch_and_every_page_says_why_it_stands()
    {
        var (ctx, control) = Page(culture: AgvConsole.Web.Ui.ConsoleCulture.English);
        using var _ = ctx;
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        cut.Find("#btn-hold-back").Click();
        cut.WaitForAssertion(() => Assert.Equal(["pat DEMO-01 auto-dispatch off"], control.Sent));
        Assert.Contains("DEMO-01 gets no more orders, charging or demo trips until it is put back.", ctx.Snackbars());

        // The registry says so (as AgvAdministration sets it): the page, its note and the marker follow.
        ctx.Fleet.Set("DEMO-01", a => HeldBack(a));
        cut.WaitForAssertion(() => Assert.Equal("off", cut.Find("#auto-dispatch").GetAttribute("data-auto-dispatch")));
        Assert.Contains("Held out of automatic dispatch", cut.Find("#stand-still").TextContent);
        Assert.Contains("Held back", cut.Find("[data-held-back]").TextContent);
        cut.Find("#btn-put-back").Click();
        cut.WaitForAssertion(() => Assert.Equal("pat DEMO-01 auto-dispatch on", control.Sent[^1]));
    }

    internal static AgvStatus HeldBack(AgvStatus a)
    {
        var agv = a.Agv with { AutoDispatch = false };
        return new AgvStatus(agv, AgvStatus.Explain(agv, onNode: true, busy: false));
    }

    [Fact]
    public void In_chinese_the_page_speaks_the_guides_terms()
    {
        var (ctx, _) = Page(culture: AgvConsole.Web.Ui.ConsoleCulture.Chinese);
        using var _ = ctx;
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        Assert.Equal("空闲", cut.Find("#live-state [data-state]").TextContent.Trim());
        Assert.Contains("急停", cut.Find("#btn-estop").TextContent);
        Assert.Contains("经电梯切换地图", cut.Find("#btn-map-switch").TextContent);
        Assert.Contains("最近事件", cut.Markup);
        cut.Find("#btn-estop").Click();
        cut.WaitForAssertion(() => Assert.Contains("急停：已完成。", ctx.Snackbars()));
    }
}
