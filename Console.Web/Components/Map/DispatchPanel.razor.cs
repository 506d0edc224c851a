using System.Globalization;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Map;

public enum DispatchMode { Destination, Nodes }

/// <summary>The live map's dispatch panel (see the .razor). The page forwards clicks on nodes here.</summary>
public sealed partial class DispatchPanel
{
    [Inject] private IMapDispatch Dispatch { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public AgvStatus Agv { get; set; } = default!;
    [Parameter, EditorRequired] public SiteMap Floor { get; set; } = default!;
    /// <summary>The route to draw on the map (null: none).</summary>
    [Parameter] public EventCallback<IReadOnlyList<uint>?> OnPlan { get; set; }
    /// <summary>The destination picked from the list (ringed on the map; null: none).</summary>
    [Parameter] public EventCallback<uint?> OnPicked { get; set; }

    /// <summary>The tasks a person sends from the map (orders, charging and lifts have their own places).</summary>
    private static readonly TaskType[] Tasks = [TaskType.Move, TaskType.PickUp, TaskType.DropOff, TaskType.Park, TaskType.Charge];

    private DispatchMode _mode = DispatchMode.Destination;
    private MapNode? _destination;
    private readonly List<uint> _clicked = [];
    private RouteProposal? _proposal;
    private string? _error;
    private TaskType _task = TaskType.Move;
    private FinalAction _action = FinalAction.None;
    private bool _busy;
    private string? _serial;
    private uint _floorId;

    protected override async Task OnParametersSetAsync()
    {
        // Another AGV or another floor: what was planned is for nothing now.
        if (_serial is not null && (_serial != Agv.Serial || _floorId != Floor.MapId)) await ResetAsync();
        _serial = Agv.Serial;
        _floorId = Floor.MapId;
    }

    /// <summary>A node was clicked on the map (the page calls this, not an event of the panel: it renders itself after).</summary>
    public async Task NodeClickedAsync(uint nodeId)
    {
        if (!await AllowedAsync() || _busy) return;
        if (_mode == DispatchMode.Destination) await PickAsync(Floor.Node(nodeId));
        else await AddNodeAsync(nodeId);
        StateHasChanged();
    }

    /// <summary>The next node of a clicked path, checked with the nodes before it.</summary>
    private async Task AddNodeAsync(uint nodeId)
    {
        _clicked.Add(nodeId);
        var p = Dispatch.Check(Agv.Serial, Floor.MapId, _clicked);
        if (p.Error is not null)
        {
            _clicked.RemoveAt(_clicked.Count - 1);
            _error = L["NodeNotAdded", Label(nodeId), p.Error];
            return;
        }
        await ShowAsync(p);
    }

    private async Task PickAsync(MapNode? node)
    {
        if (!await AllowedAsync()) return;
        _destination = node;
        await OnPicked.InvokeAsync(node?.Id);
        if (node is null) { await ShowAsync(null); return; }
        var p = Dispatch.Propose(Agv.Serial, node.Id);
        if (p.Error is not null) { await RefusedAsync(p.Error); return; }
        await ShowAsync(p);
    }

    private async Task UndoAsync()
    {
        if (!await AllowedAsync() || _clicked.Count == 0) return;
        _clicked.RemoveAt(_clicked.Count - 1);
        await ShowAsync(_clicked.Count == 0 ? null : Dispatch.Check(Agv.Serial, Floor.MapId, _clicked) is { Error: null } p ? p : null);
    }

    private async Task SendAsync()
    {
        if (!await AllowedAsync() || _proposal is not { Error: null } plan) return;
        _busy = true;
        try
        {
            var who = await Permissions.UserNameAsync();
            var r = await Dispatch.DispatchAsync(who ?? "?", Agv.Serial, Floor.MapId, plan.Route, _task, _action);
            if (!r.Outcome.Ok)
            {
                Snackbar.Add(L["Refused", Agv.Serial, r.Outcome.Message], Severity.Error);
                await RefusedAsync(r.Outcome.Message);
                return;
            }
            var target = plan.Route[^1];
            Snackbar.Add(L["Sent", Agv.Serial, Label(target), r.TaskId], Severity.Success);
            // The AGV's own path (from the live feed) now ends at its destination, marked with a flag.
            await ResetAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ClearAsync()
    {
        if (!await AllowedAsync()) return;
        await ResetAsync();
    }

    private async Task SetModeAsync(DispatchMode mode)
    {
        if (!await AllowedAsync()) return;
        await ResetAsync();
        _mode = mode;
    }

    /// <summary>Refused: say why, and take the route that will not be driven off the map.</summary>
    private async Task RefusedAsync(string why)
    {
        _error = why;
        _proposal = null;
        _clicked.Clear();
        await OnPlan.InvokeAsync(null);
    }

    private async Task ShowAsync(RouteProposal? p)
    {
        _error = null;
        _proposal = p;
        await OnPlan.InvokeAsync(p?.Route);
    }

    private async Task ResetAsync()
    {
        _destination = null;
        _clicked.Clear();
        _proposal = null;
        _error = null;
        await OnPlan.InvokeAsync(null);
        await OnPicked.InvokeAsync(null);
    }

    private async Task<bool> AllowedAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Dispatch)) return true;
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return false;
    }

    /// <summary>Places whose name or number holds the text (names first); every place for an empty text.</summary>
    private Task<IEnumerable<MapNode>> Search(string? text, CancellationToken _)
    {
        IEnumerable<MapNode> nodes = Floor.Nodes;
        if (!string.IsNullOrWhiteSpace(text))
        {
            var q = text.Trim();
            nodes = nodes.Where(n => (n.Name?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false) || n.Id.ToString(CultureInfo.InvariantCulture).Contains(q, StringComparison.Ordinal));
        }
        return Task.FromResult(nodes.OrderBy(n => n.Name is null).ThenBy(n => n.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(n => n.Id).AsEnumerable());
    }

    private string Describe(MapNode? n) => n is null ? "" : string.IsNullOrEmpty(n.Name) ? T["Node.Label", n.Id] : $"{n.Name} ({n.Id})";

    private string Label(uint id) => Floor.Node(id)?.Name is { Length: > 0 } name ? name : id.ToString(CultureInfo.CurrentCulture);
}
