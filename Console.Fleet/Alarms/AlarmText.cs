using System.Globalization;
using System.Text.RegularExpressions;

namespace AgvConsole.Fleet.Alarms;

/// <summary>
/// The texts the alarm engine writes. They are stored, exported and sent (API, webhooks) in English, as written here;
/// <see cref="TryRead"/> gives a text's kind and values back so that a page can show it in the reader's language.
/// Texts that come from an AGV (an event's own words) or from traffic control stay as they are.
/// </summary>
public static partial class AlarmText
{
    public static string LowBattery(long pct, long below) => $"battery {pct} % (below {below} %)";
    public static string CriticalBattery(long pct, long below) => $"battery {pct} % (critical, below {below} %)";
    public static string LowConfidence(long pct, long below) => $"localisation confidence {pct} % (below {below} %)";
    public static string EmergencyStop() => "emergency stop";
    public static string OverTemperature(long celsius, long above) => $"temperature {celsius} °C (above {above} °C)";
    public static string HeartbeatLost() => "heartbeat lost: no frame for 3 heartbeat periods";
    public static string ConnectionLost() => "connection lost without a Disconnect, and the AGV has not come back";
    public static string StateError(int code, string level) => $"error 0x{code:X4} in state reports ({level})";
    public static string SpaceDenied(int count) => $"{count} space requests denied in 10 minutes";
    public static string AgvEvent(int code, string text) => $"event 0x{code:X4}: {text}";

    /// <summary>The kind (a method's name above) and values of a text the engine wrote; false for any other text.</summary>
    public static bool TryRead(string text, out string kind, out string[] values)
    {
        foreach (var (name, pattern) in Patterns)
            if (pattern.Match(text) is { Success: true } m)
            {
                kind = name;
                values = m.Groups.Values.Skip(1).Select(g => g.Value).ToArray();
                return true;
            }
        kind = "";
        values = [];
        return false;
    }

    // One pattern per text above (AlarmTextTests checks that each reads back what it wrote).
    private static readonly (string Kind, Regex Pattern)[] Patterns =
    [
        (nameof(LowBattery), LowBatteryPattern()),
        (nameof(CriticalBattery), CriticalBatteryPattern()),
        (nameof(LowConfidence), LowConfidencePattern()),
        (nameof(EmergencyStop), EmergencyStopPattern()),
        (nameof(OverTemperature), OverTemperaturePattern()),
        (nameof(HeartbeatLost), HeartbeatLostPattern()),
        (nameof(ConnectionLost), ConnectionLostPattern()),
        (nameof(StateError), StateErrorPattern()),
        (nameof(SpaceDenied), SpaceDeniedPattern()),
        (nameof(AgvEvent), AgvEventPattern()),
    ];

    [GeneratedRegex(@"^battery (-?\d+) % \(below (-?\d+) %\)$")] private static partial Regex LowBatteryPattern();
    [GeneratedRegex(@"^battery (-?\d+) % \(critical, below (-?\d+) %\)$")] private static partial Regex CriticalBatteryPattern();
    [GeneratedRegex(@"^localisation confidence (-?\d+) % \(below (-?\d+) %\)$")] private static partial Regex LowConfidencePattern();
    [GeneratedRegex(@"^emergency stop$")] private static partial Regex EmergencyStopPattern();
    [GeneratedRegex(@"^temperature (-?\d+) °C \(above (-?\d+) °C\)$")] private static partial Regex OverTemperaturePattern();
    [GeneratedRegex(@"^heartbeat lost: no frame for 3 heartbeat periods$")] private static partial Regex HeartbeatLostPattern();
    [GeneratedRegex(@"^connection lost without a Disconnect, and the AGV has not come back$")] private static partial Regex ConnectionLostPattern();
    [GeneratedRegex(@"^error (0x[0-9A-F]{4}) in state reports \((\w+)\)$")] private static partial Regex StateErrorPattern();
    [GeneratedRegex(@"^(\d+) space requests denied in 10 minutes$")] private static partial Regex SpaceDeniedPattern();
    [GeneratedRegex(@"^event (0x[0-9A-F]{4}): (.*)$", RegexOptions.Singleline)] private static partial Regex AgvEventPattern();
}
