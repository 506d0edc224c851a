using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Live;

/// <summary>An AGV as the console sees it at one moment: identity, connection, and its last reported state.</summary>
public sealed record VehicleSnapshot(
    string Serial,
    uint AgvId,
    string Vendor,
    string Model,
    AgvType AgvType,
    NavigationType NavType,
    bool Enrolled,
    bool Online,
    bool Secure,
    State State,
    DateTimeOffset? LastReportAt,
    DateTimeOffset? ConnectedAt,
    int LengthMm,
    int WidthMm,
    IReadOnlyList<uint> CurrentPath)
{
    /// <summary>The A.2 state in camelCase, or <c>offline</c> (API.md).</summary>
    public string StateName => Online ? StateNames.Of(State.AgvState) : StateNames.Offline;

    /// <summary>Whether the console gives it work by itself (<see cref="Vehicle.AutoDispatch"/>); false: an operator held it back.</summary>
    public bool AutoDispatch { get; init; } = true;

    /// <summary>What traffic control makes it wait for, if it waits (<see cref="Vehicle.Wait"/>).</summary>
    public TrafficWaitNote? Wait { get; init; }
}

/// <summary>
/// Why an AGV with somewhere to go stands still, as traffic control says it: <paramref name="Text"/> is
/// the operator's sentence, <paramref name="OtherSerial"/> the AGV it waits for (if one),
/// <paramref name="NodeId"/> the place, <paramref name="Since"/> when it began waiting.
/// </summary>
public sealed record TrafficWaitNote(string Text, string? OtherSerial, uint? NodeId, DateTimeOffset Since)
{
    /// <summary>Why it waits as values, for a page to word <see cref="Text"/> in the reader's language; null: only the text.</summary>
    public Traffic.Kernel.WaitCause? Cause { get; init; }
}

/// <summary>Names of states for the API and the pages.</summary>
public static class StateNames
{
    public const string Offline = "offline";

    public static string Of(AgvState s) => s switch
    {
        AgvState.Initializing => "initializing",
        AgvState.Idle => "idle",
        AgvState.Moving => "moving",
        AgvState.Paused => "paused",
        AgvState.Charging => "charging",
        AgvState.ExecutingAction => "executingAction",
        AgvState.Fault => "fault",
        AgvState.Manual => "manual",
        AgvState.EmergencyStop => "emergencyStop",
        AgvState.WaitingForSpace => "waitingForSpace",
        AgvState.SwitchingMap => "switchingMap",
        AgvState.SwitchingNavigation => "switchingNavigation",
        _ => $"unknown({(byte)s})",
    };

    /// <summary>Every name a state can have, offline included, in a stable order (for counts and filters).</summary>
    public static readonly IReadOnlyList<string> All =
        [.. Enumerable.Range(0, 12).Select(i => Of((AgvState)i)), Offline];

    /// <summary>A person's label: "emergencyStop" → "Emergency stop".</summary>
    public static string Label(string name)
    {
        var spaced = string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
        return spaced.Length == 0 ? spaced : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }
}
