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
    /// <summary>
    /// Traffic control cannot bring the AGV to its goal: the way is cut off (by AGVs standing still for
    /// their own reasons, named in the text, or by the map). Clears when the way opens again.
    /// </summary>
    TrafficBlocked,
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
        new(0, "Goal cannot be reached", AlarmSource.TrafficBlocked, null, EventLevel.Warning, true, RuleScope.All, null, 10, 0, []),
    ];

    /// <summary>
    /// Sources added after sites were already set up: a site gets their default rule once (at the
    /// first start that knows them); an administrator who then deletes it is not overruled.
    /// </summary>
    public static readonly AlarmSource[] LaterSources = [AlarmSource.HistoryWrite, AlarmSource.ConnectionLost, AlarmSource.TrafficBlocked];

    /// <summary>Sources that are about the console itself, not an AGV: their alarms carry <see cref="Alarm.ConsoleSerial"/>.</summary>
    public static bool IsConsoleSource(AlarmSource s) => s is AlarmSource.HistoryWrite;
}
