using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Ui;

namespace AgvConsole.Web.Tests.Ui;

/// <summary>The small rules behind the AGV pages: why an AGV stands still when held back, and parameters typed in people's units.</summary>
public sealed class AgvPageRulesTests
{
    private static VehicleSnapshot Idle(bool autoDispatch = true, AgvState state = AgvState.Idle) =>
        new("A-1", 1, "V", "M", AgvType.Roller, NavigationType.LaserSlam, true, true, false, new State { AgvState = state, LastNodeId = 1 },
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1000, 700, []) { AutoDispatch = autoDispatch };

    [Fact]
    public void A_held_back_agv_with_nothing_to_do_says_so_before_anything_about_its_node()
    {
        Assert.Equal(StandStill.HeldBack, AgvStatus.Explain(Idle(autoDispatch: false), onNode: true, busy: false));
        Assert.Equal(StandStill.HeldBack, AgvStatus.Explain(Idle(autoDispatch: false), onNode: false, busy: false));
        Assert.Equal(StandStill.NoTask, AgvStatus.Explain(Idle(), onNode: true, busy: false));
        // What a person sent it still counts: busy is not "held back"; a fault or a wait says itself first.
        Assert.Equal(StandStill.No, AgvStatus.Explain(Idle(autoDispatch: false), onNode: true, busy: true));
        Assert.Equal(StandStill.Fault, AgvStatus.Explain(Idle(autoDispatch: false, state: AgvState.Fault), onNode: true, busy: false));
        var waiting = Idle(autoDispatch: false) with { Wait = new TrafficWaitNote("A-1 waits for B-2 to move on", "B-2", null, DateTimeOffset.UtcNow) };
        Assert.Equal(StandStill.WaitingForAgv, AgvStatus.Explain(waiting, onNode: true, busy: true));
        // A wait with no AGV named (a place, a section) is a wait as well.
        var forPlace = Idle() with { Wait = new TrafficWaitNote("A-1 waits for node 7: the aisle is full", null, 7, DateTimeOffset.UtcNow) };
        Assert.Equal(StandStill.WaitingForAgv, AgvStatus.Explain(forPlace, onNode: true, busy: false));
    }

    [Theory]
    [InlineData(ParamId.MaxLinearSpeed, "1.2", 1200)]
    [InlineData(ParamId.MaxLinearSpeed, "1,25", 1250)]
    [InlineData(ParamId.StateReportPeriodMs, "0.05", 50)]
    [InlineData(ParamId.HeartbeatPeriodMs, " 60 ", 60_000)]
    [InlineData(ParamId.OverTempAlarmC, "-40", -40)]
    [InlineData(ParamId.ObstacleStopDistanceMm, "65.535", 65_535)]
    public void Values_typed_in_people_units_become_protocol_values(ParamId id, string typed, long expected)
    {
        var f = ParameterFields.Find(id)!;
        Assert.Equal(ParameterInputError.None, f.TryRead(typed, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData(ParamId.HeartbeatPeriodMs, "0.199", ParameterInputError.OutOfRange)]
    [InlineData(ParamId.StateReportPeriodMs, "60.001", ParameterInputError.OutOfRange)]
    [InlineData(ParamId.StateReportPeriodMs, "0.0505", ParameterInputError.TooPrecise)]
    [InlineData(ParamId.LowBatteryAlarmPct, "20.5", ParameterInputError.TooPrecise)]
    [InlineData(ParamId.LowBatteryAlarmPct, "101", ParameterInputError.OutOfRange)]
    [InlineData(ParamId.MaxLinearSpeed, "0", ParameterInputError.OutOfRange)]
    [InlineData(ParamId.MaxLinearSpeed, "99999999999999999999999999", ParameterInputError.OutOfRange)]
    [InlineData(ParamId.MaxLinearSpeed, "1e3", ParameterInputError.NotANumber)]
    [InlineData(ParamId.MaxLinearSpeed, "fast", ParameterInputError.NotANumber)]
    public void Values_outside_the_protocols_range_or_finer_than_its_unit_are_refused(ParamId id, string typed, ParameterInputError error)
    {
        Assert.Equal(error, ParameterFields.Find(id)!.TryRead(typed, out _));
    }

    [Fact]
    public void Every_parameter_of_the_catalogue_has_a_unit_and_is_shown_in_it()
    {
        Assert.Equal(ParameterCatalog.All.Count, ParameterFields.All.Count);
        Assert.All(ParameterFields.All, f => Assert.NotEqual("", f.Unit));
        Assert.Equal("1.2", ParameterFields.Find(ParamId.MaxLinearSpeed)!.Display(1200));
        Assert.Equal("0.05", ParameterFields.Find(ParamId.StateReportPeriodMs)!.DisplayMin);
        Assert.Equal("3600", ParameterFields.Find(ParamId.RunDataPeriodMs)!.DisplayMax);
    }
}
