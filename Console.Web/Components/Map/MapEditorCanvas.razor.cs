using System.Text.Json;
using AgvConsole.Web.Api;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace AgvConsole.Web.Components.Map;

/// <summary>What the editor's canvas says is selected: a copy of a node, or of an edge with its place in the list.</summary>
public sealed record EditorSelection(MapNodeDto? Node, MapEdgeDto? Edge, int? Index);

/// <summary>Starts js/map-editor.js and carries the page's edits to it; the map comes back as a stream (a large map does not fit a circuit message).</summary>
public sealed partial class MapEditorCanvas : IAsyncDisposable
{
    /// <summary>The largest map JSON taken back from the browser (20 000 nodes and 60 000 edges fit well under it).</summary>
    private const long MaxMapBytes = 32 * 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public MapDto Map { get; set; } = default!;
    /// <summary>Node ids used on other floors (node ids are unique across the site): new nodes skip them.</summary>
    [Parameter] public IReadOnlyCollection<uint> UsedElsewhere { get; set; } = [];
    [Parameter, EditorRequired] public string CanvasLabel { get; set; } = "";
    [Parameter] public EventCallback<EditorSelection?> OnSelected { get; set; }
    [Parameter] public EventCallback<(string Code, uint[] Args)> OnStatus { get; set; }
    [Parameter] public EventCallback<(int Nodes, int Edges)> OnChanged { get; set; }

    private ElementReference _host;
    private IJSObjectReference? _module, _editor;
    private DotNetObjectReference<MapEditorCanvas>? _self;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/map-editor.js");
            if (_module is null) return;   // no browser (component tests without the module set up)
            _editor = await _module.InvokeAsync<IJSObjectReference>("start", _host, _self, new
            {
                map = Map,
                usedElsewhere = UsedElsewhere,
                nodeKinds = MapGlyphs.NodeKinds(),
                texts = new { canvas = CanvasLabel },
            });
        }
        catch (JSDisconnectedException) { }
    }

    public ValueTask SetToolAsync(string tool) => Call("setTool", tool);
    public ValueTask FitAsync() => Call("fit");
    public ValueTask ReverseEdgeAsync(int index) => Call("reverseEdge", index);
    public ValueTask UpdateEdgeAsync(int index, MapEdgeDto edge) => Call("updateEdge", index, edge);
    public ValueTask DeleteSelectedAsync() => Call("deleteSelected");
    public ValueTask SelectNodesAsync(IReadOnlyList<uint> ids) => Call("selectNodes", ids);

    /// <summary>Changes a node; returns the id of another node of the same name, if any.</summary>
    public async Task<uint?> UpdateNodeAsync(MapNodeDto node) =>
        _editor is null ? null : await _editor.InvokeAsync<uint?>("updateNode", node.Id, node);

    /// <summary>The map as edited now.</summary>
    public async Task<MapDto?> MapAsync()
    {
        if (_editor is null) return null;
        var stream = await _editor.InvokeAsync<IJSStreamReference>("mapJson");
        if (stream is null) return null;
        await using var read = await stream.OpenReadStreamAsync(MaxMapBytes);
        return await JsonSerializer.DeserializeAsync<MapDto>(read, Json);
    }

    [JSInvokable] public Task Selected(EditorSelection? selection) => OnSelected.InvokeAsync(selection);
    [JSInvokable] public Task Status(string code, uint[] args) => OnStatus.InvokeAsync((code, args));
    [JSInvokable] public Task Changed(int nodes, int edges) => OnChanged.InvokeAsync((nodes, edges));

    private async ValueTask Call(string method, params object?[] args)
    {
        if (_editor is null) return;
        try { await _editor.InvokeVoidAsync(method, args); }
        catch (JSDisconnectedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_editor is not null)
            {
                await _editor.InvokeVoidAsync("dispose");
                await _editor.DisposeAsync();
            }
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException) { }
        catch (ObjectDisposedException) { }
        _self?.Dispose();
    }
}
