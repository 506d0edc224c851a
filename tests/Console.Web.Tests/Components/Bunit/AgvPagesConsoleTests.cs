using AgvConsole.Tests;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Tests.Api;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The AGV pages on the real console (fleet feed, commands, traffic control, parameters, audit) with three
/// simulated AGVs over TCP: what the AGV answers reaches the page, and the audit names the signed-in user.
/// </summary>
public sealed class AgvPagesConsoleTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private T Service<T>() where T : notnull => fixture.Factory.Services.GetRequiredService<T>();

    private ConsolePageContext Console(string role, string user) => new(role, ConsoleCulture.English, user, s =>
    {
        s.AddSingleton(Service<IFleetFeed>());
        s.AddSingleton(Service<SiteMaps>());
        s.AddSingleton(Service<IAgvControl>());
        s.AddSingleton(Service<IAgvParameters>());
        s.AddSingleton(Service<AgvLogReader>());
        s.AddScoped<Permissions>();
    });

    private Task<IReadOnlyList<AuditRecord>> Audit(string serial) => Service<IAuditSink>().RecentAsync(50, serial);

    [Fact]
    public async Task A_supervisor_stops_and_releases_an_agv_and_the_audit_names_them()
    {
        using var ctx = Console(Roles.Supervisor, "supervisor");
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-02"));
        cut.Find("#btn-estop").Click();
        cut.WaitForAssertion(() => Assert.Contains("Emergency stop: done.", ctx.Snackbars()), TimeSpan.FromSeconds(15));
        cut.WaitForAssertion(() => Assert.Equal("emergencyStop", cut.Find("#live-state [data-state]").GetAttribute("data-state")), TimeSpan.FromSeconds(15));
        cut.Find("#btn-resume").Click();
        cut.WaitForAssertion(() => Assert.Contains("Resume: the AGV refused it (not possible in its current state).", ctx.Snackbars()), TimeSpan.FromSeconds(15));
        cut.Find("#btn-release").Click();
        AgvDetailPageTests.Answer(dialogs, "Release");
        cut.WaitForAssertion(() => Assert.Contains("Release emergency stop: done.", ctx.Snackbars()), TimeSpan.FromSeconds(15));

        var audit = await Audit("DEMO-02");
        Assert.Contains(audit, a => a.Actor == "supervisor" && a.Detail == "Emergency stop" && a.Outcome.StartsWith("Ok"));
        Assert.Contains(audit, a => a.Actor == "supervisor" && a.Detail == "Release emergency stop" && a.Outcome.StartsWith("Ok"));
    }

    [Fact]
    public async Task An_offline_agvs_nodes_are_released_by_a_supervisor_and_audited()
    {
        var traffic = Service<AgvConsole.Fleet.Dispatch.VehicleCommands>().Trips;
        // DEMO-07 is not simulated here (offline); say it was last seen standing on 2003 before it went offline.
        traffic.OnState(Service<FleetRegistry>().Find("DEMO-07")!, new State { MapId = 2, LastNodeId = 2003, AgvState = AgvState.Idle, TaskId = 0xFFFFFFFF });
        traffic.WentOffline("DEMO-07");
        await Wait.Until(() => traffic.HeldBy("DEMO-07").SequenceEqual([2003u]), 10, () => $"DEMO-07 holding 2003 (holds {string.Join(",", traffic.HeldBy("DEMO-07"))})");
        using var ctx = Console(Roles.Supervisor, "supervisor");
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-07"));
        Assert.Contains("still holds 1 node(s) (2003)", cut.Find("#held-nodes").TextContent);
        cut.Find("#btn-release-nodes").Click();
        AgvDetailPageTests.Answer(dialogs, "Release");
        cut.WaitForAssertion(() => Assert.Contains("1 node(s) released: other AGVs may drive there now.", ctx.Snackbars()), TimeSpan.FromSeconds(10));
        await Wait.Until(() => traffic.HolderOf(2003) is null, 10, "2003 released");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#held-nodes")));
        Assert.Contains(await Audit("DEMO-07"), a => a.Action == "release held nodes" && a.Actor == "supervisor" && a.Outcome == "1 released");
    }

    [Fact]
    public async Task Taking_an_agv_out_of_automatic_dispatch_is_stored_in_the_registry_and_audited()
    {
        using var ctx = Console(Roles.Administrator, "admin");
        var cut = ctx.Render<AgvDetail>(p => p.Add(x => x.Serial, "DEMO-01"));
        var v = Service<FleetRegistry>().Find("DEMO-01")!;
        try
        {
            cut.Find("#btn-hold-back").Click();
            cut.WaitForAssertion(() => Assert.False(v.AutoDispatch), TimeSpan.FromSeconds(10));
            cut.WaitForAssertion(() => Assert.Equal("off", cut.Find("#auto-dispatch").GetAttribute("data-auto-dispatch")), TimeSpan.FromSeconds(10));
            Assert.True(Service<IFleetFeed>().Find("DEMO-01")!.HeldBack);
            cut.Find("#btn-put-back").Click();
            cut.WaitForAssertion(() => Assert.True(v.AutoDispatch), TimeSpan.FromSeconds(10));
            // The action's audit entry is stored (with others, in one transaction) just after the state changes: wait for it.
            var end = DateTime.UtcNow.AddSeconds(10);
            var audit = await Audit("DEMO-01");
            while (!audit.Any(a => a.Action == "automatic dispatch on") && DateTime.UtcNow < end) { await Task.Delay(20); audit = await Audit("DEMO-01"); }
            Assert.Contains(audit, a => a.Action == "automatic dispatch off" && a.Actor == "admin" && a.Outcome == "ok");
            Assert.Contains(audit, a => a.Action == "automatic dispatch on" && a.Actor == "admin");
        }
        finally { v.AutoDispatch = true; }
    }

    [Fact]
    public async Task Parameters_are_read_from_the_agv_and_changes_reach_it_and_the_store()
    {
        using var ctx = Console(Roles.Administrator, "admin");
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-03"));
        cut.WaitForAssertion(() => Assert.StartsWith("0.2 s", cut.Find("tr[data-param=stateReportPeriodMs] td[data-col=agv]").TextContent.Trim()),
            TimeSpan.FromSeconds(10)); // read by ParamQuery (200 ms)
        cut.Find("tr[data-param=heartbeatPeriodMs] input").Change("0.05");
        cut.Find("#save-parameters").Click();
        cut.WaitForAssertion(() => Assert.Contains("From 0.2 s to 60 s.", cut.Find("tr[data-param=heartbeatPeriodMs]").TextContent));
        Assert.DoesNotContain(await Audit("DEMO-03"), a => a.Action == "parameters" && a.Detail.Contains("heartbeatPeriodMs=50"));

        cut.Find("tr[data-param=heartbeatPeriodMs] input").Change("");
        cut.Find("tr[data-param=stateReportPeriodMs] input").Change("0.3");
        cut.Find("tr[data-param=overTempAlarmC] input").Change("65");
        cut.Find("#save-parameters").Click();
        cut.WaitForAssertion(() => Assert.Contains("The AGV accepted all 2 parameters.", ctx.Snackbars()), TimeSpan.FromSeconds(15));
        cut.WaitForAssertion(() => Assert.StartsWith("0.3 s", cut.Find("tr[data-param=stateReportPeriodMs] td[data-col=agv]").TextContent.Trim()));
        Assert.StartsWith("0.3 s", cut.Find("tr[data-param=stateReportPeriodMs] td[data-col=stored]").TextContent.Trim());
        Assert.Equal("accepted", cut.Find("tr[data-param=stateReportPeriodMs] td[data-col=answer]").TextContent.Trim());
        Assert.Equal(300, (await Service<IParameterRepository>().GetForAgvAsync("DEMO-03"))[ParamId.StateReportPeriodMs]);
        Assert.Contains(await Audit("DEMO-03"), a => a.Action == "parameters" && a.Actor == "admin");
    }

    [Fact]
    public async Task Type_defaults_are_saved_and_sent_to_the_online_agvs_of_that_type()
    {
        using var ctx = Console(Roles.Administrator, "admin");
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/parameters?type=LatentLifting");
        var cut = ctx.Render<FleetParameters>();
        cut.Find("tr[data-param=obstacleStopDistanceMm] input").Change("0.65");
        cut.FindComponent<MudCheckBox<bool>>().Find("input").Change(true);
        cut.Find("#save-defaults").Click();
        cut.WaitForAssertion(() => Assert.Contains(ctx.Snackbars(), s => s.StartsWith("Saved 1 default(s) for Latent lifting. Sent to 1 online AGV(s): 1 accepted all")),
            TimeSpan.FromSeconds(15));
        Assert.Equal(650, (await Service<IParameterRepository>().GetTypeDefaultsAsync("LatentLifting"))[ParamId.ObstacleStopDistanceMm]);
        Assert.False((await Service<IParameterRepository>().GetForAgvAsync("DEMO-01")).ContainsKey(ParamId.ObstacleStopDistanceMm)); // a default, not the AGV's own
        Assert.Contains(await Service<IAuditSink>().RecentAsync(50, "LatentLifting"), a => a.Action == "type defaults" && a.Actor == "admin");
    }
}
