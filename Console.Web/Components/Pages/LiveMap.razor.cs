using System.Globalization;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Components.Map;
using AgvConsole.Web.Live;
using Microsoft.AspNetCore.Components;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The live map page. What it shows is in its address (<c>?map=</c> the floor, <c>?agv=</c> the
/// selected AGV), so a link from the fleet list opens it there and a reload keeps it; switching floors
/// and selecting replace the address without a reload. The AGVs on the canvas come over the canvas'
/// own feed (fast, coalesced, per floor); the list and the panels from the fleet feed (throttled).
/// </summary>
public sealed partial class LiveMap
{
    [SupplyParameterFromQuery(Name = "map")] private string? MapQuery { get; set; }
    [SupplyParameterFromQuery(Name = "agv")] private string? AgvQuery { get; set; }
    /// <summary>"2d" or "webgl" to choose the canvas' renderer (tests and bench/); otherwise the browser module chooses.</summary>
    [SupplyParameterFromQuery(Name = "renderer")] private string? RendererQuery { get; set; }

    private SiteMap? _floor;
    private string? _selected;
    private MapNode? _node;
    private IReadOnlyList<AgvStatus> _all = [];
    private List<AgvStatus> _here = [];
    private AgvStatus? _selectedAgv;
    private IReadOnlyList<uint>? _plan;
    private uint? _picked;
    private string? _notice;
    private LiveMapCanvas? _canvas;
    private DispatchPanel? _dispatch;

    private string? Renderer => RendererQuery is "2d" or "webgl" ? RendererQuery : null;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive) Keep(Feed.Subscribe(Refresh(Load)));
    }

    /// <summary>The address changed (first render, a floor switched, an AGV selected): show what it says.</summary>
    protected override void OnParametersSet()
    {
        _notice = null;
        _all = Feed.Agvs();
        var agv = string.IsNullOrEmpty(AgvQuery) ? null : _all.FirstOrDefault(a => a.Serial == AgvQuery);
        if (!string.IsNullOrEmpty(AgvQuery) && agv is null) _notice = L["NoSuchAgv", AgvQuery];
        _selected = agv?.Serial;

        SiteMap? floor = null;
        if (!string.IsNullOrEmpty(MapQuery))
        {
            floor = uint.TryParse(MapQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? Maps.Find(id) : null;
            if (floor is null) _notice = L["NoSuchFloor", MapQuery];
        }
        // Without a floor asked for, the selected AGV's floor, else the first.
        floor ??= agv is not null ? Maps.Find(agv.State.MapId) : null;
        floor ??= Maps.All.FirstOrDefault();
        if (floor?.MapId != _floor?.MapId) { _plan = null; _picked = null; _node = null; }
        _floor = floor;
        if (_selected is not null) _node = null;
        Load();
    }

    private void Load()
    {
        _all = Feed.Agvs();
        // A map edited meanwhile is a new instance: show the new one.
        if (_floor is not null && Maps.Find(_floor.MapId) is { } current) _floor = current;
        _here = _floor is null ? [] : _all.Where(a => a.State.MapId == _floor.MapId).OrderBy(a => a.Serial, StringComparer.Ordinal).ToList();
        _selectedAgv = _selected is null ? null : _all.FirstOrDefault(a => a.Serial == _selected);
    }

    private void SwitchFloor(uint mapId) => Go(mapId, null);

    private void Select(string serial)
    {
        _node = null;
        Go(_floor?.MapId, serial);
    }

    private void ClearSelection()
    {
        _node = null;
        _plan = null;
        _picked = null;
        if (_selected is not null) Go(_floor?.MapId, null);
    }

    private async Task NodeClickedAsync(uint nodeId)
    {
        // With an AGV selected, a dispatcher's click on a node plans its path; otherwise it shows the place.
        if (_selectedAgv is not null && _selectedAgv.State.MapId == _floor?.MapId && _dispatch is not null)
        {
            await _dispatch.NodeClickedAsync(nodeId);
            return;
        }
        _node = _floor?.Node(nodeId);
        if (_selected is not null) Go(_floor?.MapId, null);
    }

    private void SetPlan(IReadOnlyList<uint>? route) => _plan = route;
    private void SetPicked(uint? node) => _picked = node;

    private void Go(uint? mapId, string? serial)
    {
        var query = new Dictionary<string, object?> { ["map"] = mapId?.ToString(CultureInfo.InvariantCulture), ["agv"] = serial };
        Nav.NavigateTo(Nav.GetUriWithQueryParameters(query), replace: true);
    }

    /// <summary>The charging stations of the AGV's floor and the floors it could switch to (the command panel's choices).</summary>
    private IReadOnlyList<MapNode> Stations(AgvStatus a) => Maps.Find(a.State.MapId)?.Nodes.Where(n => n.Kind == MapNodeKind.Charging).ToList() ?? [];
    private IReadOnlyList<SiteMap> OtherFloors(AgvStatus a) => Maps.All.Where(m => m.MapId != a.State.MapId).OrderBy(m => m.MapId).ToList();

    private Task ZoomAsync(double factor) => _canvas?.ZoomAsync(factor) ?? Task.CompletedTask;
    private Task FitAsync() => _canvas?.FitAsync() ?? Task.CompletedTask;
}
