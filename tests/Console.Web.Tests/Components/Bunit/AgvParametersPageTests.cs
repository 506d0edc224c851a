using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>The AGV's parameters and the fleet's type defaults: units and words, ranges checked before sending, Administrators only for changes.</summary>
public sealed class AgvParametersPageTests
{
    private static (ConsolePageContext Ctx, FakeAgvParameters Parameters) Page(string role = Roles.Administrator, string culture = ConsoleCulture.English)
    {
        var (ctx, _, parameters, _) = AgvPageServices.Context(role, culture);
        ctx.Fleet.List.Add(Agv("DEMO-03"));
        ctx.Fleet.List.Add(Agv("DEMO-04", type: AgvType.Forklift));
        ctx.Fleet.List.Add(Agv("DEMO-08", online: false));
        parameters.OnAgv[ParamId.StateReportPeriodMs] = 200;
        parameters.OnAgv[ParamId.MaxLinearSpeed] = 1200;
        parameters.OnAgv[ParamId.HeartbeatPeriodMs] = 1000;
        parameters.Stored[ParamId.HeartbeatPeriodMs] = 2000;
        parameters.Defaults[AgvType.LatentLifting] = new() { [ParamId.ObstacleStopDistanceMm] = 650 };
        return (ctx, parameters);
    }

    private static string Cell(IRenderedComponent<AgvParameters> cut, string param, string col) =>
        cut.Find($"tr[data-param={param}] td[data-col={col}]").TextContent.Trim();

    private static void Type(IRenderedComponent<AgvParameters> cut, string param, string value) =>
        cut.Find($"tr[data-param={param}] input").Change(value);

    [Theory]
    [InlineData(Roles.Administrator, true)]
    [InlineData(Roles.Supervisor, false)]
    [InlineData(Roles.Maintenance, false)]
    public void Every_role_reads_the_parameters_in_units_and_only_administrators_may_change_them(string role, bool mayEdit)
    {
        var (ctx, parameters) = Page(role);
        using var _ = ctx;
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-03"));
        Assert.Equal(12, cut.FindAll("#parameters-table tr[data-param]").Count);
        Assert.Equal(1, parameters.Queries); // read from the AGV (ParamQuery)
        Assert.Contains("State report period (s)", cut.Find("tr[data-param=stateReportPeriodMs] th").TextContent);
        Assert.Contains("Max speed (m/s)", cut.Find("tr[data-param=maxLinearSpeed] th").TextContent);
        Assert.Contains("Low-battery alarm (%)", cut.Find("tr[data-param=lowBatteryAlarmPct] th").TextContent);
        // Shown in m/s with the protocol's mm/s underneath.
        Assert.Equal("1.2 m/s", cut.Find("tr[data-param=maxLinearSpeed] td[data-col=agv] .console-param-value").TextContent.Trim());
        Assert.Equal("1200 mm/s", cut.Find("tr[data-param=maxLinearSpeed] td[data-col=agv] .console-protocol-value").TextContent.Trim());
        Assert.StartsWith("0.2 s", Cell(cut, "stateReportPeriodMs", "agv"));
        Assert.Contains("0.05 – 60 s", cut.Find("tr[data-param=stateReportPeriodMs]").TextContent);
        Assert.StartsWith("0.65 m", Cell(cut, "obstacleStopDistanceMm", "default"));
        // What the console stored beside what the AGV holds; a difference stands out.
        Assert.StartsWith("2 s", Cell(cut, "heartbeatPeriodMs", "stored"));
        Assert.Contains("console-differs", cut.Find("tr[data-param=heartbeatPeriodMs] td[data-col=agv]").ClassName);
        Assert.Equal(mayEdit, cut.FindAll("#save-parameters").Count == 1);
        Assert.Equal(mayEdit ? 12 : 0, cut.FindAll("#parameters-table input").Count);
        Assert.Equal(!mayEdit, cut.FindAll("#read-only-note").Count == 1);
    }

    [Fact]
    public void Values_out_of_range_are_refused_before_anything_is_sent_and_stay_typed()
    {
        var (ctx, parameters) = Page();
        using var _ = ctx;
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-03"));
        Type(cut, "heartbeatPeriodMs", "0.05");
        Type(cut, "maxLinearSpeed", "fast");
        Type(cut, "stateReportPeriodMs", "0.3005");
        Type(cut, "overTempAlarmC", "65");
        cut.Find("#save-parameters").Click();
        cut.WaitForAssertion(() => Assert.Contains("From 0.2 s to 60 s.", cut.Find("tr[data-param=heartbeatPeriodMs] td[data-col=new]").TextContent));
        Assert.Contains("Enter a number.", cut.Find("tr[data-param=maxLinearSpeed] td[data-col=new]").TextContent);
        Assert.Contains("At most 3 digits after the point.", cut.Find("tr[data-param=stateReportPeriodMs] td[data-col=new]").TextContent);
        Assert.Contains("3 value(s) are refused (see beside them). Nothing was sent.", ctx.Snackbars());
        Assert.Empty(parameters.Sets);
        Assert.Equal("0.05", cut.Find("tr[data-param=heartbeatPeriodMs] input").GetAttribute("value"));
    }

    [Fact]
    public void Changes_are_sent_in_protocol_units_and_each_answer_is_shown()
    {
        var (ctx, parameters) = Page();
        using var _ = ctx;
        parameters.Refuses.Add(ParamId.OverTempAlarmC);
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-03"));
        cut.Find("#save-parameters").Click();
        cut.WaitForAssertion(() => Assert.Contains("Fill in at least one new value.", ctx.Snackbars()));
        Assert.Empty(parameters.Sets);

        Type(cut, "stateReportPeriodMs", "0.3");
        Type(cut, "maxLinearSpeed", "1,5");
        Type(cut, "overTempAlarmC", "65");
        cut.Find("#save-parameters").Click();
        cut.WaitForAssertion(() => Assert.Single(parameters.Sets));
        Assert.Equal(new Dictionary<ParamId, long> { [ParamId.StateReportPeriodMs] = 300, [ParamId.MaxLinearSpeed] = 1500, [ParamId.OverTempAlarmC] = 65 },
            parameters.Sets[0]);
        cut.WaitForAssertion(() => Assert.Equal("accepted", Cell(cut, "stateReportPeriodMs", "answer")));
        Assert.Equal("bad parameter", Cell(cut, "overTempAlarmC", "answer"));
        Assert.Contains("The AGV accepted 2 and refused 1 parameters.", ctx.Snackbars());
        Assert.StartsWith("0.3 s", Cell(cut, "stateReportPeriodMs", "stored"));
        Assert.StartsWith("0.3 s", Cell(cut, "stateReportPeriodMs", "agv"));
        Assert.Equal(2, parameters.Queries); // read again after the change
        Assert.Equal("65", cut.Find("tr[data-param=overTempAlarmC] input").GetAttribute("value")); // the refused one stays typed
    }

    [Fact]
    public void An_offline_agv_is_not_queried_and_nothing_can_be_sent()
    {
        var (ctx, parameters) = Page();
        using var _ = ctx;
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-08"));
        Assert.Equal(0, parameters.Queries);
        Assert.Contains("The AGV is offline", cut.Find("#query-note").TextContent);
        Assert.True(cut.Find("#save-parameters").HasAttribute("disabled"));
        var unknown = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "NOBODY"));
        Assert.Contains("NOBODY", unknown.Find("#unknown-agv").TextContent);
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    public void The_handlers_refuse_a_role_without_the_administrator_policy(string role)
    {
        var (ctx, parameters) = Page(role);
        using var _ = ctx;
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-03"));
        cut.InvokeAsync(() => cut.Instance.SendAsync());
        var fleet = ctx.Render<FleetParameters>();
        fleet.InvokeAsync(() => fleet.Instance.SaveAsync());
        cut.WaitForAssertion(() => Assert.Contains("Your role does not allow this; nothing was changed.", ctx.Snackbars()));
        Assert.Empty(parameters.Sets);
        Assert.Empty(parameters.SavedDefaults);
    }

    [Fact]
    public void Type_defaults_are_shown_per_type_saved_and_sent_to_the_online_agvs_of_that_type()
    {
        var (ctx, parameters) = Page();
        using var _ = ctx;
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/parameters?type=LatentLifting");
        var cut = ctx.Render<FleetParameters>();
        Assert.Equal("true", cut.Find("#type-tabs [data-type=LatentLifting]").GetAttribute("aria-pressed"));
        Assert.Contains("(2)", cut.Find("#type-tabs [data-type=LatentLifting]").TextContent); // two AGVs of the type
        Assert.Equal("0.65", cut.Find("tr[data-param=obstacleStopDistanceMm] input").GetAttribute("value"));
        Assert.Contains("Obstacle stop distance (m)", cut.Find("tr[data-param=obstacleStopDistanceMm] th").TextContent);

        cut.Find("tr[data-param=heartbeatPeriodMs] input").Change("0.1");
        cut.Find("#save-defaults").Click();
        cut.WaitForAssertion(() => Assert.Contains("From 0.2 s to 60 s.", cut.Find("tr[data-param=heartbeatPeriodMs]").TextContent));
        Assert.Empty(parameters.SavedDefaults);

        cut.Find("tr[data-param=heartbeatPeriodMs] input").Change("");
        cut.Find("tr[data-param=obstacleStopDistanceMm] input").Change("0.7");
        cut.FindComponent<MudCheckBox<bool>>().Find("input").Change(true);
        cut.Find("#save-defaults").Click();
        cut.WaitForAssertion(() => Assert.Single(parameters.SavedDefaults));
        var saved = parameters.SavedDefaults[0];
        Assert.Equal(AgvType.LatentLifting, saved.Type);
        Assert.Equal(new Dictionary<ParamId, long> { [ParamId.ObstacleStopDistanceMm] = 700 }, saved.Values);
        Assert.True(saved.ApplyNow);
        Assert.Contains("Saved 1 default(s) for Latent lifting. Sent to 2 online AGV(s): 2 accepted all, 0 did not.", ctx.Snackbars());

        cut.Find("#type-tabs [data-type=Forklift]").Click();
        cut.WaitForAssertion(() => Assert.Equal("", cut.Find("tr[data-param=obstacleStopDistanceMm] input").GetAttribute("value") ?? ""));
    }

    [Fact]
    public void Supervisors_read_the_defaults_without_boxes()
    {
        var (ctx, _) = Page(Roles.Supervisor);
        using var _ = ctx;
        var cut = ctx.Render<FleetParameters>();
        Assert.Empty(cut.FindAll("#defaults-table input"));
        Assert.Empty(cut.FindAll("#save-defaults"));
        Assert.StartsWith("0.65 m", cut.Find("tr[data-param=obstacleStopDistanceMm] td[data-col=type]").TextContent.Trim());
    }

    [Fact]
    public void In_chinese_parameters_are_named_as_the_guide_does()
    {
        var (ctx, _) = Page(culture: ConsoleCulture.Chinese);
        using var _ = ctx;
        var cut = ctx.Render<AgvParameters>(p => p.Add(x => x.Serial, "DEMO-03"));
        Assert.Contains("DEMO-03 参数设置", cut.Find("h1").TextContent);
        Assert.Contains("心跳周期（秒）", cut.Find("tr[data-param=heartbeatPeriodMs] th").TextContent);
        Assert.Contains("状态上报周期（秒）", cut.Find("tr[data-param=stateReportPeriodMs] th").TextContent);
    }
}
