namespace AgvConsole.Protocol.Messages;

/// <summary>One parameter's definition: wire type, default, and the range an AGV accepts.</summary>
/// <param name="Default">null where the default is the vehicle's own (speeds, accelerations).</param>
public sealed record ParameterDefinition(ParamId Id, string Name, ParamValueType Type, long? Default, long Min, long Max)
{
    public bool InRange(long value) => value >= Min && value <= Max;
    public Param With(long value) => new(Id, Type, value);
}

/// <summary>
/// The parameter table of PROTOCOL.md §4. Ranges the document does not state are decided here:
/// percentages 0–100; temperature −40–150 °C; speeds and accelerations 1 to i32 max (0 or
/// negative cannot be a limit); obstacle stop distance the whole u16.
/// </summary>
public static class ParameterCatalog
{
    public static readonly IReadOnlyList<ParameterDefinition> All =
    [
        new(ParamId.StateReportPeriodMs, "stateReportPeriodMs", ParamValueType.U32, 1000, 50, 60_000),
        new(ParamId.HeartbeatPeriodMs, "heartbeatPeriodMs", ParamValueType.U32, 1000, 200, 60_000),
        new(ParamId.RunDataPeriodMs, "runDataPeriodMs", ParamValueType.U32, 60_000, 1000, 3_600_000),
        new(ParamId.LowBatteryAlarmPct, "lowBatteryAlarmPct", ParamValueType.U8, 20, 0, 100),
        new(ParamId.CriticalBatteryPct, "criticalBatteryPct", ParamValueType.U8, 10, 0, 100),
        new(ParamId.OverTempAlarmC, "overTempAlarmC", ParamValueType.I16, 70, -40, 150),
        new(ParamId.LowConfidenceAlarm, "lowConfidenceAlarm", ParamValueType.U8, 60, 0, 100),
        new(ParamId.MaxLinearSpeed, "maxLinearSpeed", ParamValueType.I32, null, 1, int.MaxValue - 1),
        new(ParamId.MaxAngularSpeed, "maxAngularSpeed", ParamValueType.I32, null, 1, int.MaxValue - 1),
        new(ParamId.Acceleration, "acceleration", ParamValueType.I32, null, 1, int.MaxValue - 1),
        new(ParamId.Deceleration, "deceleration", ParamValueType.I32, null, 1, int.MaxValue - 1),
        new(ParamId.ObstacleStopDistanceMm, "obstacleStopDistanceMm", ParamValueType.U16, 500, 0, ushort.MaxValue),
    ];

    private static readonly Dictionary<ParamId, ParameterDefinition> ById = All.ToDictionary(d => d.Id);
    private static readonly Dictionary<string, ParameterDefinition> ByName =
        All.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public static ParameterDefinition? Find(ParamId id) => ById.GetValueOrDefault(id);
    public static ParameterDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>What an AGV answers for one parameter: OK, or BAD_PARAMETER for an unknown id, wrong type or out-of-range value.</summary>
    public static ResultCode Check(Param p)
    {
        var d = Find(p.Id);
        if (d is null || d.Type != p.Type || !d.InRange(p.Value)) return ResultCode.BadParameter;
        return ResultCode.Ok;
    }
}
