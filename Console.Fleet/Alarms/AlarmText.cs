using System.Globalization;
using System.Text.RegularExpressions;

namespace AgvConsole.Fleet.Alarms;

/// <summary>
/// The texts the alarm engine writes, one template each. They are stored, exported and sent (API, webhooks) in English,
/// as the templates say; <see cref="TryRead"/> gives a text's kind and values back (the pattern is made from the same
/// template) so that a page can show it in the reader's language. Texts that come from an AGV (an event's own words)
/// or from traffic control stay as they are.
/// </summary>
public static class AlarmText
{
    private static readonly Dictionary<string, string> Templates = new()
    {
        [nameof(LowBattery)] = "battery {0} % (below {1} %)",
        [nameof(CriticalBattery)] = "battery {0} % (critical, below {1} %)",
        [nameof(LowConfidence)] = "localisation confidence {0} % (below {1} %)",
        [nameof(EmergencyStop)] = "emergency stop",
        [nameof(OverTemperature)] = "temperature {0} °C (above {1} °C)",
        [nameof(HeartbeatLost)] = "heartbeat lost: no frame for 3 heartbeat periods",
        [nameof(ConnectionLost)] = "connection lost without a Disconnect, and the AGV has not come back",
        [nameof(StateError)] = "error 0x{0:X4} in state reports ({1})",
        [nameof(SpaceDenied)] = "{0} space requests denied in 10 minutes",
        [nameof(AgvEvent)] = "event 0x{0:X4}: {1}",
    };

    public static string LowBattery(long pct, long below) => Write(nameof(LowBattery), pct, below);
    public static string CriticalBattery(long pct, long below) => Write(nameof(CriticalBattery), pct, below);
    public static string LowConfidence(long pct, long below) => Write(nameof(LowConfidence), pct, below);
    public static string EmergencyStop() => Write(nameof(EmergencyStop));
    public static string OverTemperature(long celsius, long above) => Write(nameof(OverTemperature), celsius, above);
    public static string HeartbeatLost() => Write(nameof(HeartbeatLost));
    public static string ConnectionLost() => Write(nameof(ConnectionLost));
    public static string StateError(int code, string level) => Write(nameof(StateError), code, level);
    public static string SpaceDenied(int count) => Write(nameof(SpaceDenied), count);
    public static string AgvEvent(int code, string text) => Write(nameof(AgvEvent), code, text);

    private static string Write(string kind, params object[] values) => string.Format(CultureInfo.InvariantCulture, Templates[kind], values);

    /// <summary>The kind (a method's name above) and values (as written, a code without its 0x) of a text the engine wrote; false for any other.</summary>
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

    // Each template read back: its literal text as it stands, each {n} or {n:format} a value (the last one may hold anything, an AGV's words too).
    private static readonly (string Kind, Regex Pattern)[] Patterns = Templates
        .Select(t => (t.Key, new Regex("^" + Regex.Replace(Regex.Escape(t.Value), @"\\\{\d+(:\w+)?}", "(.+?)") + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant)))
        .ToArray();
}
