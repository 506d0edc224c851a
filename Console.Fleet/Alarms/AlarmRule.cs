using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Alarms;

/// <summary>What raises an alarm. Stored and shown in camelCase.</summary>
public enum AlarmSource
{
    /// <summary>An EventReport at or above the rule's level (threshold = none).</summary>
    AgvEvent,
    /// <summary>An error code listed in StateReports.</summary>
    StateError,
    /// <summary>Heartbeat lost: the AGV went offline without saying goodbye.</summary>
    Offline,
    /// <summary>Battery below the threshold (%), pushed to AGVs as LowBatteryAlarmPct.</summary>
    LowBattery,
    /// <summary>Battery below the threshold (%), pushed as CriticalBatteryPct.</summary>
    CriticalBattery,
    /// <summary>A RunData temperature above the threshold (°C), pushed as OverTempAlarmC.</summary>
    OverTemperature,
    /// <summary>Localisation confidence below the threshold (%), pushed as LowConfidenceAlarm.</summary>
    LowConfidence,
    EmergencyStop,
    /// <summary>A TaskReport with status failed.</summary>
    TaskFailed,
    /// <summary>At least threshold denied space requests within 10 minutes.</summary>
    SpaceDenied,
    /// <summary>A command the AGV refused or did not answer.</summary>
    CommandFailed,
    /// <summary>
    /// The console's own: history (state samples, events, run data) cannot be written, e.g. the
    /// disk is full. The live side goes on and the records wait in memory until they can be written.
    /// </summary>
    HistoryWrite,
    /// <summary>
    /// The AGV's connection dropped without a Disconnect (cable pulled, process killed, radio gone):
    /// raised once the AGV has stayed away for the rule's debounce, so a quick reconnect does not alarm.
    /// </summary>
    ConnectionLost,
}

/// <summary>Which AGVs a rule applies to.</summary>
public enum RuleScope { All, Vendor, AgvType, Agv }

/// <summary>
/// One alarm rule: a source, an optional threshold, the level it raises, whether it is on, the
/// AGVs it covers, and its debounce (raise only after the condition held <see cref="RaiseAfterS"/>
/// seconds; clear after it has been gone <see cref="ClearAfterS"/> seconds).
/// </summary>
public sealed record AlarmRule(
    int Id,
    string Name,
    AlarmSource Source,
    long? Threshold,
    EventLevel Level,
    bool Enabled,
    RuleScope Scope,
    string? ScopeValue,
    int RaiseAfterS,
    int ClearAfterS,
    IReadOnlyList<int> NotifyGroups)
{
    public bool Covers(string serial, string vendor, AgvType type) => Scope switch
    {
        RuleScope.All => true,
        RuleScope.Vendor => string.Equals(vendor, ScopeValue, StringComparison.OrdinalIgnoreCase),
        RuleScope.AgvType => string.Equals(type.ToString(), ScopeValue, StringComparison.OrdinalIgnoreCase),
        RuleScope.Agv => string.Equals(serial, ScopeValue, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>The AGV parameter that carries this rule's threshold, for sources the AGV evaluates itself.</summary>
    public ParamId? PushedParameter => Source switch
    {
        AlarmSource.LowBattery => ParamId.LowBatteryAlarmPct,
        AlarmSource.CriticalBattery => ParamId.CriticalBatteryPct,
        AlarmSource.OverTemperature => ParamId.OverTempAlarmC,
        AlarmSource.LowConfidence => ParamId.LowConfidenceAlarm,
        _ => null,
    };

    /// <summary>Whether the source takes a threshold, and what it means.</summary>
    public static string? ThresholdMeaning(AlarmSource s) => s switch
    {
        AlarmSource.LowBattery or AlarmSource.CriticalBattery => "battery % below",
        AlarmSource.OverTemperature => "°C above",
        AlarmSource.LowConfidence => "confidence % below",
        AlarmSource.SpaceDenied => "denials in 10 min",
        _ => null,
    };

    /// <summary>The range a threshold of <paramref name="s"/> must lie in (what the AGVs accept for the ones pushed to them); null: it takes none.</summary>
    public static (long Min, long Max)? ThresholdRange(AlarmSource s) => s switch
    {
        AlarmSource.SpaceDenied => (1, 1000),
        _ when new AlarmRule(0, "", s, null, EventLevel.Info, false, RuleScope.All, null, 0, 0, []).PushedParameter is { } p
            && ParameterCatalog.Find(p) is { } d => (d.Min, d.Max),
        _ => null,
    };

    /// <summary>
    /// What keeps the rule from being saved (empty: nothing): a name, a threshold for the sources that take
    /// one and within its range, a value for a scope other than all AGVs (an AGV type by its name), no
    /// negative debounce. The rules page checks this before it saves anything.
    /// </summary>
    public IReadOnlyList<RuleProblem> Problems()
    {
        var problems = new List<RuleProblem>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(new(RuleProblemKind.NoName));
        if (ThresholdRange(Source) is { } range)
        {
            if (Threshold is not { } t) problems.Add(new(RuleProblemKind.NeedsThreshold));
            else if (t < range.Min || t > range.Max) problems.Add(new(RuleProblemKind.ThresholdOutOfRange, range.Min, range.Max));
        }
        if (Scope != RuleScope.All && string.IsNullOrWhiteSpace(ScopeValue)) problems.Add(new(RuleProblemKind.ScopeNeedsValue));
        else if (Scope == RuleScope.AgvType && !Enum.TryParse<AgvType>(ScopeValue, true, out _)) problems.Add(new(RuleProblemKind.UnknownAgvType));
        if (RaiseAfterS < 0) problems.Add(new(RuleProblemKind.NegativeRaiseAfter));
        if (ClearAfterS < 0) problems.Add(new(RuleProblemKind.NegativeClearAfter));
        return problems;
    }

    /// <summary>The sensible rule set of a new site (the "default template").</summary>
    public static IReadOnlyList<AlarmRule> DefaultTemplate() =>
    [
        new(0, "AGV fault events", AlarmSource.AgvEvent, null, EventLevel.Error, true, RuleScope.All, null, 0, 0, []),
        new(0, "AGV warning events", AlarmSource.AgvEvent, null, EventLevel.Warning, true, RuleScope.All, null, 0, 5, []),
        new(0, "Errors in state reports", AlarmSource.StateError, null, EventLevel.Warning, true, RuleScope.All, null, 2, 5, []),
        new(0, "Heartbeat lost", AlarmSource.Offline, null, EventLevel.Error, true, RuleScope.All, null, 0, 0, []),
        new(0, "Connection lost", AlarmSource.ConnectionLost, null, EventLevel.Error, true, RuleScope.All, null, 10, 0, []),
        new(0, "Low battery", AlarmSource.LowBattery, 20, EventLevel.Warning, true, RuleScope.All, null, 10, 30, []),
        new(0, "Critical battery", AlarmSource.CriticalBattery, 10, EventLevel.Error, true, RuleScope.All, null, 5, 30, []),
        new(0, "Over temperature", AlarmSource.OverTemperature, 70, EventLevel.Error, true, RuleScope.All, null, 0, 60, []),
        new(0, "Low localisation confidence", AlarmSource.LowConfidence, 60, EventLevel.Warning, true, RuleScope.All, null, 5, 10, []),
        new(0, "Emergency stop", AlarmSource.EmergencyStop, null, EventLevel.Error, true, RuleScope.All, null, 0, 0, []),
        new(0, "Task failed", AlarmSource.TaskFailed, null, EventLevel.Warning, true, RuleScope.All, null, 0, 0, []),
        new(0, "Space requests denied repeatedly", AlarmSource.SpaceDenied, 3, EventLevel.Warning, true, RuleScope.All, null, 0, 60, []),
        new(0, "Command failed", AlarmSource.CommandFailed, null, EventLevel.Warning, true, RuleScope.All, null, 0, 0, []),
        new(0, "History not written", AlarmSource.HistoryWrite, null, EventLevel.Error, true, RuleScope.All, null, 2, 10, []),
    ];

    /// <summary>
    /// Sources added after sites were already set up: a site gets their default rule once (at the
    /// first start that knows them); an administrator who then deletes it is not overruled.
    /// </summary>
    public static readonly AlarmSource[] LaterSources = [AlarmSource.HistoryWrite, AlarmSource.ConnectionLost];

    /// <summary>Sources that are about the console itself, not an AGV: their alarms carry <see cref="Alarm.ConsoleSerial"/>.</summary>
    public static bool IsConsoleSource(AlarmSource s) => s is AlarmSource.HistoryWrite;
}

/// <summary>Why a rule cannot be saved as it is (see <see cref="AlarmRule.Problems"/>).</summary>
public enum RuleProblemKind { NoName, NeedsThreshold, ThresholdOutOfRange, ScopeNeedsValue, UnknownAgvType, NegativeRaiseAfter, NegativeClearAfter }

/// <summary>One problem of a rule; <see cref="Min"/> and <see cref="Max"/> bound a threshold out of range.</summary>
public sealed record RuleProblem(RuleProblemKind Kind, long Min = 0, long Max = 0);
