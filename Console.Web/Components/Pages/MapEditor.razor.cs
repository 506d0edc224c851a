using System.Globalization;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Api;
using AgvConsole.Web.Components.Map;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The map editor (Administrators). The canvas keeps the map being edited; saving takes it back,
/// adds the map's fields, and imports it as the API would (validated; nothing stored if anything is
/// wrong; audited as the signed-in user), then runs the traffic analysis over what was saved.
/// </summary>
public sealed partial class MapEditor
{
    [Inject] private MapAdministration Admin { get; set; } = default!;
    [Inject] private ITrafficWarnings Analysis { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;

    [Parameter] public string MapIdText { get; set; } = "";

    private static readonly (string Tool, string Icon)[] Tools =
    [
        ("select", Icons.Material.Filled.NearMe), ("node", Icons.Material.Filled.AddCircleOutline),
        ("edge", Icons.Material.Filled.Timeline), ("delete", Icons.Material.Filled.Delete),
    ];

    private bool _isNew;
    private MapDto _map = default!;
    private readonly EditorMapFields.MapFields _fields = new();
    private uint[] _usedElsewhere = [];
    private List<(uint Id, string Label)> _lifts = [];
    private MapEditorCanvas? _canvas;
    private string _tool = "select";
    private EditorSelection? _selection;
    private uint? _nameTakenBy;
    private string? _status;
    private int _nodes, _edges;
    private string? _saved;
    private IReadOnlyList<string> _problems = [];
    private IReadOnlyList<TrafficWarning>? _warnings;
    private bool _saving;

    protected override void OnInitialized()
    {
        var existing = uint.TryParse(MapIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? SiteMaps.Find(id) : null;
        _isNew = existing is null;
        uint mapId = existing?.MapId ?? (SiteMaps.All.Count == 0 ? 1 : SiteMaps.All.Max(m => m.MapId) + 1);
        _map = existing is not null ? MapDto.From(existing) : new MapDto(mapId, "", "", 1, [], []);
        (_fields.MapId, _fields.Name, _fields.Building, _fields.Floor) = (mapId, _map.Name, _map.Building, _map.Floor);
        (_nodes, _edges) = (_map.Nodes?.Count ?? 0, _map.Edges?.Count ?? 0);
        var others = SiteMaps.All.Where(m => m.MapId != mapId).ToList();
        _usedElsewhere = others.SelectMany(m => m.Nodes.Select(n => n.Id)).ToArray();
        // Lift nodes of the other floors, for linking a lift to the floor it serves.
        _lifts = others.SelectMany(m => m.Nodes.Where(n => n.Kind == MapNodeKind.Lift).Select(n => (n.Id, L["LiftOption", T.Place(n), m.Name].Value)))
            .ToList();
        if (!_isNew) _warnings = Analysis.IsAvailable && existing is not null ? Analysis.Analyse(existing, others) : null;
    }

    private async Task SetToolAsync(string tool)
    {
        _tool = tool;
        _status = null;
        if (_canvas is not null) await _canvas.SetToolAsync(tool);
    }

    private Task FitAsync() => _canvas?.FitAsync().AsTask() ?? Task.CompletedTask;

    private void SelectedAsync(EditorSelection? selection)
    {
        _selection = selection;
        _nameTakenBy = null;
    }

    private void Counted((int Nodes, int Edges) counts) => (_nodes, _edges) = counts;

    /// <summary>What the canvas just did, in words.</summary>
    private void ShowStatus((string Code, uint[] Args) s) =>
        _status = s.Code switch
        {
            "addedNode" => L["Status.AddedNode", s.Args[0]].Value,
            "deletedNode" => L["Status.DeletedNode", s.Args[0]].Value,
            "deletedEdge" => L["Status.DeletedEdge", s.Args[0], s.Args[1]].Value,
            "edgeFrom" => L["Status.EdgeFrom", s.Args[0]].Value,
            "joined" => L["Status.Joined", s.Args[0], s.Args[1]].Value,
            "alreadyJoined" => L["Status.AlreadyJoined", s.Args[0], s.Args[1]].Value,
            "pickNode" => L["Status.PickNode"].Value,
            _ => null,
        };

    // The selection takes a change before the canvas is told, and the canvas does not echo it back: a second
    // change made at once (tick "closed", then type a width) builds on the first, and no late echo undoes it.
    private async Task NodeChangedAsync(MapNodeDto node)
    {
        if (_canvas is null) return;
        _selection = new EditorSelection(node, null, null);
        _nameTakenBy = await _canvas.UpdateNodeAsync(node);
    }

    private async Task EdgeChangedAsync(int index, MapEdgeDto edge)
    {
        if (_canvas is null) return;
        _selection = new EditorSelection(null, edge, index);
        await _canvas.UpdateEdgeAsync(index, edge);
    }

    private async Task ReverseAsync(int index)
    {
        if (_canvas is null) return;
        if (_selection is { Edge: { } e, Index: { } i } && i == index)
            _selection = new EditorSelection(null, e with { From = e.To, To = e.From, Bidirectional = false }, index); // as the canvas does
        await _canvas.ReverseEdgeAsync(index);
    }

    private async Task DeleteAsync()
    {
        if (_canvas is not null) await _canvas.DeleteSelectedAsync();
    }

    private async Task ShowNodesAsync(IReadOnlyList<uint> nodes)
    {
        if (_canvas is not null) await _canvas.SelectNodesAsync(nodes);
    }

    private async Task SaveAsync()
    {
        if (!await Permissions.AllowsAsync(Policies.Administer)) { Snackbar.Add(T["NotAllowed"], Severity.Error); return; }
        if (_canvas is null || _saving) return;
        _saving = true;
        try
        {
            var drawn = await _canvas.MapAsync();
            if (drawn is null) return;
            var dto = drawn with { MapId = _isNew ? _fields.MapId : _map.MapId, Name = _fields.Name?.Trim(), Building = _fields.Building?.Trim(), Floor = _fields.Floor };
            var who = await Permissions.UserNameAsync() ?? "?";
            var (ok, replaced, errors) = await Admin.ImportAsync(who, dto);
            if (!ok)
            {
                _saved = null;
                _problems = errors;
                Snackbar.Add(L["NotSaved", errors.Count], Severity.Error);
                return;
            }
            _problems = [];
            _saved = replaced ? L["Saved", dto.MapId, dto.Name ?? ""] : L["Created", dto.MapId, dto.Name ?? ""];
            Snackbar.Add(_saved, Severity.Success);
            var saved = SiteMaps.Find(dto.MapId);
            _warnings = saved is not null && Analysis.IsAvailable ? Analysis.Analyse(saved, SiteMaps.All.Where(m => m.MapId != dto.MapId).ToList()) : null;
            if (_isNew)
            {
                // From now on it is this map's page (a reload edits what was saved).
                _isNew = false;
                _map = dto;
                Nav.NavigateTo($"/maps/{dto.MapId}/edit", replace: true);
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
