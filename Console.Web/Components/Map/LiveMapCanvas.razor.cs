using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace AgvConsole.Web.Components.Map;

/// <summary>
/// Starts js/live-map.js on its element and keeps it in step with the page: the floor shown, the
/// selected AGV, the path planned in the dispatch panel, a picked node. Clicks come back as events.
/// </summary>
public sealed partial class LiveMapCanvas : IAsyncDisposable
{
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public SiteMap Floor { get; set; } = default!;
    [Parameter] public string? Selected { get; set; }
    /// <summary>The path being planned (node ids), drawn over the floor; null: none.</summary>
    [Parameter] public IReadOnlyList<uint>? Plan { get; set; }
    /// <summary>A node chosen as destination from a list, ringed on the map.</summary>
    [Parameter] public uint? Picked { get; set; }
    /// <summary>"webgl", "2d" or null (chosen by the browser module).</summary>
    [Parameter] public string? Renderer { get; set; }
    [Parameter] public EventCallback<string> OnAgvClicked { get; set; }
    [Parameter] public EventCallback<uint> OnNodeClicked { get; set; }
    [Parameter] public EventCallback OnMapClicked { get; set; }

    private ElementReference _host;
    private IJSObjectReference? _module, _map;
    private DotNetObjectReference<LiveMapCanvas>? _self;
    private SiteMap? _shownFloor;
    private string? _shownSelected;
    private IReadOnlyList<uint>? _shownPlan;
    private uint? _shownPicked;
    private bool _disposed;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                _self = DotNetObjectReference.Create(this);
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/live-map.js");
                if (_module is null) return;   // no browser (component tests without the module set up)
                _shownFloor = Floor;
                _shownSelected = Selected;
                _map = await _module.InvokeAsync<IJSObjectReference>("start", _host, _self, Init());
                if (_disposed) await DisposeAsync();
            }
            await SyncAsync();
        }
        catch (JSDisconnectedException) { }
    }

    /// <summary>Tells the module what changed since it was last told.</summary>
    private async Task SyncAsync()
    {
        if (_map is null) return;
        if (!ReferenceEquals(Floor, _shownFloor))
        {
            _shownFloor = Floor;
            _shownPlan = null;
            _shownPicked = null;
            await _map.InvokeVoidAsync("showFloor", FloorData(Floor));
        }
        if (Selected != _shownSelected)
        {
            _shownSelected = Selected;
            await _map.InvokeVoidAsync("select", Selected);
        }
        if (!ReferenceEquals(Plan, _shownPlan))
        {
            _shownPlan = Plan;
            await _map.InvokeVoidAsync("setPlan", Plan);
        }
        if (Picked != _shownPicked)
        {
            _shownPicked = Picked;
            await _map.InvokeVoidAsync("pick", Picked);
        }
    }

    public async Task ZoomAsync(double factor)
    {
        if (_map is not null) await _map.InvokeVoidAsync("zoom", factor);
    }

    public async Task FitAsync()
    {
        if (_map is not null) await _map.InvokeVoidAsync("fit");
    }

    [JSInvokable] public Task AgvClicked(string serial) => OnAgvClicked.InvokeAsync(serial);
    [JSInvokable] public Task NodeClicked(uint nodeId) => OnNodeClicked.InvokeAsync(nodeId);
    [JSInvokable] public Task MapClicked() => OnMapClicked.InvokeAsync();

    private object Init() => new
    {
        floor = FloorData(Floor),
        states = MapGlyphs.States(StateNames.All.Select(T.State)),
        nodeKinds = MapGlyphs.NodeKinds(),
        selected = Selected,
        renderer = Renderer,
        texts = new
        {
            canvas = L["Canvas"].Value,
            feedDown = L["FeedDown"].Value,
            stale = T["Stale"].Value,
            unknown = L["UnknownState"].Value,
            waitsFor = L["WaitsFor", "{0}"].Value,
            waitsForNode = T["StandStill.WaitingForNode", "{0}"].Value,
            atNode = T["StandStill.WaitAtNode", "{0}"].Value,
            outOfDispatch = L["OutOfDispatch"].Value,
            node = L["Node", "{0}"].Value,
            kinds = Enum.GetValues<MapNodeKind>().Select(k => T.NodeKind(k)).ToArray(),
        },
    };

    /// <summary>A floor as the module takes it: parallel arrays, a few bytes per node and edge.</summary>
    public static object FloorData(SiteMap m) => new
    {
        mapId = m.MapId,
        nodes = new
        {
            id = m.Nodes.Select(n => n.Id).ToArray(),
            x = m.Nodes.Select(n => n.X).ToArray(),
            y = m.Nodes.Select(n => n.Y).ToArray(),
            kind = m.Nodes.Select(n => (int)n.Kind).ToArray(),
            name = m.Nodes.Select(n => n.Name).ToArray(),
        },
        edges = new
        {
            from = m.Edges.Select(e => e.From).ToArray(),
            to = m.Edges.Select(e => e.To).ToArray(),
            flags = m.Edges.Select(e => (e.Bidirectional ? 1 : 0) | (e.Closed ? 2 : 0)).ToArray(),
        },
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        try
        {
            if (_map is not null) await _map.InvokeVoidAsync("dispose");
            if (_map is not null) await _map.DisposeAsync();
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException) { }
        catch (ObjectDisposedException) { }
        _map = null;
        _module = null;
        _self?.Dispose();
        _self = null;
    }
}
