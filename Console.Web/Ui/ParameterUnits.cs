using System.Globalization;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Ui;

/// <summary>How a group of parameters is headed on the pages.</summary>
public enum ParameterGroup { Periods, Alarms, Motion, Safety }

/// <summary>Why a typed value is refused (nothing is sent).</summary>
public enum ParameterInputError { None, NotANumber, TooPrecise, OutOfRange }

/// <summary>
/// One protocol parameter (PROTOCOL.md §4, ranges from <see cref="ParameterCatalog"/>) as a person reads and
/// types it: in a unit people think in (seconds, m/s), <see cref="Scale"/> protocol units to one of them
/// (ms, mm/s). The label is the shared text <c>Param.{name}</c>.
/// </summary>
public sealed record ParameterField(ParameterDefinition Definition, ParameterGroup Group, string Unit, string ProtocolUnit, int Scale)
{
    public string Name => Definition.Name;
    public ParamId Id => Definition.Id;
    public string LabelKey => "Param." + Definition.Name;

    /// <summary>Digits after the decimal point a value can have in <see cref="Unit"/> (3 for a scale of 1000).</summary>
    public int Decimals => Scale switch { 1 => 0, 10 => 1, 100 => 2, _ => 3 };

    /// <summary>A protocol value in <see cref="Unit"/>, invariant digits ("0.2", "1.2", "65").</summary>
    public string Display(long protocolValue) =>
        Scale == 1 ? protocolValue.ToString(CultureInfo.InvariantCulture)
                   : ((decimal)protocolValue / Scale).ToString("0.###", CultureInfo.InvariantCulture);

    public string DisplayMin => Display(Definition.Min);
    public string DisplayMax => Display(Definition.Max);

    /// <summary>Reads a value typed in <see cref="Unit"/> into the protocol's unit; refuses it unless it is a number within the range.</summary>
    public ParameterInputError TryRead(string? text, out long protocolValue)
    {
        protocolValue = 0;
        var t = (text ?? "").Trim().Replace(',', '.');
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v))
            return ParameterInputError.NotANumber;
        decimal scaled;
        try { scaled = v * Scale; }
        catch (OverflowException) { return ParameterInputError.OutOfRange; }
        if (scaled != decimal.Truncate(scaled)) return ParameterInputError.TooPrecise;
        if (scaled < Definition.Min || scaled > Definition.Max) return ParameterInputError.OutOfRange;
        protocolValue = (long)scaled;
        return ParameterInputError.None;
    }
}

/// <summary>The parameter table as the pages show it, in the protocol's order (reporting periods first).</summary>
public static class ParameterFields
{
    public static readonly IReadOnlyList<ParameterField> All = ParameterCatalog.All.Select(Field).ToList();

    public static ParameterField? Find(ParamId id) => All.FirstOrDefault(f => f.Id == id);

    private static ParameterField Field(ParameterDefinition d) => d.Id switch
    {
        ParamId.StateReportPeriodMs or ParamId.HeartbeatPeriodMs or ParamId.RunDataPeriodMs => new(d, ParameterGroup.Periods, "s", "ms", 1000),
        ParamId.LowBatteryAlarmPct or ParamId.CriticalBatteryPct or ParamId.LowConfidenceAlarm => new(d, ParameterGroup.Alarms, "%", "%", 1),
        ParamId.OverTempAlarmC => new(d, ParameterGroup.Alarms, "°C", "°C", 1),
        ParamId.MaxLinearSpeed => new(d, ParameterGroup.Motion, "m/s", "mm/s", 1000),
        ParamId.MaxAngularSpeed => new(d, ParameterGroup.Motion, "rad/s", "mrad/s", 1000),
        ParamId.Acceleration or ParamId.Deceleration => new(d, ParameterGroup.Motion, "m/s²", "mm/s²", 1000),
        ParamId.ObstacleStopDistanceMm => new(d, ParameterGroup.Safety, "m", "mm", 1000),
        _ => new(d, ParameterGroup.Safety, "", "", 1), // a parameter added to the catalogue later: shown raw until it gets a unit here
    };
}
