using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Controls;

/// <summary>
/// Motion commands, charging, navigation and map switch for one AGV. Every handler checks the role on the
/// server first, checks what was chosen against what the AGV's map offers (a bad choice gets a message
/// and nothing is sent), then reports the AGV's answer as a snackbar.
/// </summary>
public partial class AgvCommands
{
    [Parameter, EditorRequired] public AgvStatus Status { get; set; } = default!;
    /// <summary>The charging stations of the AGV's map.</summary>
    [Parameter] public IReadOnlyList<MapNode> Stations { get; set; } = [];
    /// <summary>The maps it could switch to.</summary>
    [Parameter] public IReadOnlyList<SiteMap> OtherMaps { get; set; } = [];

    [Inject] private IAgvControl Control { get; set; } = default!;
    [Inject] private SiteMaps Maps { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private static readonly NavigationType[] NavigationTypes = Enum.GetValues<NavigationType>().Where(t => t != NavigationType.Unknown).ToArray();

    private bool _busy;
    private uint? _station;
    private NavigationType? _navType;
    private uint? _targetMap;
    private string? _chargeError, _navError, _mapError;

    private string Serial => Status.Serial;
    private string StationLabel(MapNode n) => string.IsNullOrEmpty(n.Name) ? L["NodeNumber", n.Id] : L["NamedNode", n.Name, n.Id];

    private string What(MotionCommandKind c) => c switch
    {
        MotionCommandKind.EmergencyStop => L["EmergencyStop"],
        MotionCommandKind.Pause => L["Pause"],
        MotionCommandKind.Resume => L["Resume"],
        MotionCommandKind.Cancel => L["Cancel"],
        _ => L["ReleaseEStop"],
    };

    /// <summary>The role, checked on the server before anything else (hiding the panel is for the eye only).</summary>
    private async Task<string?> AllowedUserAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Dispatch)) return await Permissions.UserNameAsync() ?? "?";
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return null;
    }

    private async Task RunAsync(string what, Func<string, Task<CommandOutcome>> send, string who)
    {
        _busy = true;
        try
        {
            var outcome = await send(who);
            Snackbar.Add(T.Outcome(outcome, what, Serial), outcome.Ok ? Severity.Success : Severity.Error);
        }
        finally { _busy = false; }
    }

    internal async Task MotionAsync(MotionCommandKind command)
    {
        if (await AllowedUserAsync() is not { } who) return;
        // Stopping is never delayed by a question; what cannot be undone, or needs the area clear, asks first.
        if (command is MotionCommandKind.Cancel or MotionCommandKind.ReleaseEmergencyStop)
        {
            bool cancel = command == MotionCommandKind.Cancel;
            bool? yes = await Dialogs.ShowMessageBoxAsync(cancel ? L["CancelTitle"] : L["ReleaseTitle"],
                cancel ? L["CancelQuestion", Serial] : L["ReleaseQuestion", Serial],
                yesText: cancel ? L["CancelYes"] : L["ReleaseYes"], cancelText: L["Keep"]);
            if (yes != true) return;
        }
        await RunAsync(What(command), w => Control.MotionAsync(w, Serial, command), who);
    }

    internal async Task ChargeAsync()
    {
        if (await AllowedUserAsync() is not { } who) return;
        _chargeError = null;
        // Only a charging station of the map it is on now (the map may have changed since the list was shown).
        if (_station is not { } station) { Refuse(ref _chargeError, L["ChooseStation"]); return; }
        if (Maps.Find(Status.State.MapId)?.Node(station) is not { Kind: MapNodeKind.Charging } node)
        {
            Refuse(ref _chargeError, L["NotAStation", station]);
            return;
        }
        await RunAsync(L["ChargeAt", StationLabel(node)], w => Control.ChargeAsync(w, Serial, ChargeCommand.Start, station), who);
    }

    private async Task StopChargingAsync()
    {
        if (await AllowedUserAsync() is not { } who) return;
        _chargeError = null;
        await RunAsync(L["StopCharging"], w => Control.ChargeAsync(w, Serial, ChargeCommand.Stop, 0), who);
    }

    private async Task NavigationSwitchAsync()
    {
        if (await AllowedUserAsync() is not { } who) return;
        _navError = null;
        if (_navType is not { } t || !NavigationTypes.Contains(t)) { Refuse(ref _navError, L["ChooseNavigation"]); return; }
        uint at = Status.State.LastNodeId;
        if (Maps.Find(Status.State.MapId)?.Node(at) is null) { Refuse(ref _navError, L["NavigationNeedsNode"]); return; }
        await RunAsync(L["SwitchNavigationTo", L["Nav." + t]], w => Control.NavigationSwitchAsync(w, Serial, t, at), who);
    }

    internal async Task MapSwitchAsync()
    {
        if (await AllowedUserAsync() is not { } who) return;
        _mapError = null;
        if (_targetMap is not { } mapId) { Refuse(ref _mapError, L["ChooseMap"]); return; }
        var target = Maps.Find(mapId);
        if (target is null || mapId == Status.State.MapId) { Refuse(ref _mapError, L["NotAnotherMap"]); return; }
        // It must stand in the lift, on the lift node linked to the target floor.
        var here = Maps.Find(Status.State.MapId)?.Node(Status.State.LastNodeId);
        if (here is not { Kind: MapNodeKind.Lift, LinkedNodeId: { } linked } || target.Node(linked) is null)
        {
            Refuse(ref _mapError, L["NotInLift", Serial, target.Name]);
            return;
        }
        bool? yes = await Dialogs.ShowMessageBoxAsync(L["MapTitle"], L["MapQuestion", Serial, target.Name],
            yesText: L["MapYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        await RunAsync(L["SwitchMapTo", target.Name], w => Control.MapSwitchAsync(w, Serial, mapId), who);
    }

    /// <summary>A bad choice: said beside the field and in a snackbar; nothing is sent.</summary>
    private void Refuse(ref string? field, string message)
    {
        field = message;
        Snackbar.Add(message, Severity.Warning);
    }
}
