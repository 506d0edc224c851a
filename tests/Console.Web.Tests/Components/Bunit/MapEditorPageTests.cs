using System.Text;
using System.Text.Json;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Api;
using AgvConsole.Web.Components.Map;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The map editor's components: the map's fields, the selected node's and edge's properties (names
/// unique on the map), saving through the same validation as an import (Administrators only, checked
/// in the handler), the validator's problems, and the traffic warnings place.
/// </summary>
public sealed class MapEditorPageTests
{
    private static readonly SiteMap Floor = new(2, "Hall A – floor 2", "A", 2,
        [new MapNode(2001, 0, 0, MapNodeKind.Normal, Name: "Dock 1"), new MapNode(2002, 2500, 0, MapNodeKind.Lift, LinkedNodeId: 1060)],
        [new MapEdge(2001, 2002, true, 1000)]);
    private static readonly SiteMap Other = new(1, "Hall A – floor 1", "A", 1, [new MapNode(1060, 0, 0, MapNodeKind.Lift, LinkedNodeId: 2002)], []);

    private sealed class Store : IMapRepository, IAuditSink
    {
        public List<SiteMap> Saved { get; } = [];
        public List<string> Audit { get; } = [];
        public Task<IReadOnlyList<SiteMap>> GetAllAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<SiteMap>>(Saved);
        public Task SaveAsync(SiteMap map, CancellationToken ct = default) { Saved.Add(map); return Task.CompletedTask; }
        public Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default)
        {
            Audit.Add($"{actor} {action} {target} {outcome}");
            return Task.CompletedTask;
        }
        public Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<int> CountAsync(AuditQuery query, CancellationToken ct = default) => throw new NotSupportedException();
    }

    private sealed class Warnings(bool available, params TrafficWarning[] found) : ITrafficWarnings
    {
        public bool IsAvailable => available;
        public List<SiteMap> Analysed { get; } = [];
        public IReadOnlyList<TrafficWarning> Analyse(SiteMap map, IReadOnlyList<SiteMap> otherFloors) { Analysed.Add(map); return found; }
    }

    /// <summary>What the editor module hands back when the page saves: the map as drawn, as a stream.</summary>
    private sealed class MapStream(MapDto map) : IJSStreamReference
    {
        private readonly byte[] _json = JsonSerializer.SerializeToUtf8Bytes(map, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        public long Length => _json.Length;
        public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) => ValueTask.FromResult<Stream>(new MemoryStream(_json));
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static (ConsolePageContext Ctx, Store Store, BunitJSModuleInterop Editor, BunitJSModuleInterop Module) Editor(string role, MapDto? drawn = null, ITrafficWarnings? warnings = null,
        string culture = ConsoleCulture.English)
    {
        var store = new Store();
        var ctx = new ConsolePageContext(role, culture, user: "the-admin", services: s =>
        {
            s.AddSingleton(sp => new MapAdministration(sp.GetRequiredService<SiteMaps>(), store, store));
            s.AddSingleton<ITrafficWarnings>(warnings ?? new NoTrafficWarnings());
        });
        ctx.Maps.Set(Floor);
        ctx.Maps.Set(Other);
        var module = ctx.JSInterop.SetupModule("./js/map-editor.js");
        var editor = module.SetupModule(i => i.Identifier == "start");
        if (drawn is not null) editor.Setup<IJSStreamReference>("mapJson").SetResult(new MapStream(drawn));
        return (ctx, store, editor, module);
    }

    private static IRenderedComponent<MapEditor> Open(ConsolePageContext ctx, string id = "2") => ctx.Render<MapEditor>(p => p.Add(x => x.MapIdText, id));

    [Fact]
    public void The_editor_shows_the_maps_fields_and_says_the_traffic_analysis_is_not_there_yet()
    {
        var (ctx, _, _, module) = Editor(Roles.Administrator);
        using var _ = ctx;
        var cut = Open(ctx);
        Assert.Equal("Edit map 2", cut.Find("h1").TextContent.Trim());
        Assert.Equal("Hall A – floor 2", cut.Find("#map-name").GetAttribute("value"));
        Assert.True(cut.Find("#map-id").HasAttribute("disabled"));
        Assert.Contains("not available", cut.Find("#traffic-warnings").TextContent);
        // The module got the map as data, and the node ids of the other floors to keep clear of.
        var init = JsonSerializer.SerializeToElement(Assert.Single(module.Invocations["start"]).Arguments[2], new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("Dock 1", init.GetProperty("map").GetProperty("nodes")[0].GetProperty("name").GetString());
        Assert.Equal([1060u], init.GetProperty("usedElsewhere").EnumerateArray().Select(e => e.GetUInt32()));
    }

    [Fact]
    public async Task A_selected_node_shows_its_properties_and_a_name_used_twice_is_flagged()
    {
        var (ctx, _, editor, _) = Editor(Roles.Administrator);
        using var _ = ctx;
        editor.Setup<uint?>("updateNode", _ => true).SetResult(2001);   // the module finds node 2001 with the same name
        var cut = Open(ctx);
        var canvas = cut.FindComponent<MapEditorCanvas>();
        await cut.InvokeAsync(() => canvas.Instance.Selected(new EditorSelection(new MapNodeDto(2002, 2500, 0, "lift", 1060, null, null), null, null)));
        Assert.Equal("2002", cut.Find("#node-props").GetAttribute("data-node"));
        Assert.Contains("Node 2002", cut.Find("#node-props-title").TextContent);
        Assert.Contains("Lift", cut.Find("#node-props").TextContent);
        cut.Find("#node-name").Change("dock 1");
        cut.WaitForAssertion(() => Assert.Contains("Node 2001 already has this name", cut.Find("#node-props").TextContent));
        var sent = editor.Invocations["updateNode"].Last();
        Assert.Equal(2002u, (uint)sent.Arguments[0]!);
        Assert.Equal("dock 1", ((MapNodeDto)sent.Arguments[1]!).Name);
    }

    [Fact]
    public async Task A_selected_edge_shows_direction_speed_width_and_closed_and_sends_changes_to_the_canvas()
    {
        var (ctx, _, editor, _) = Editor(Roles.Administrator, culture: ConsoleCulture.Chinese);
        using var _ = ctx;
        var cut = Open(ctx);
        var canvas = cut.FindComponent<MapEditorCanvas>();
        await cut.InvokeAsync(() => canvas.Instance.Selected(new EditorSelection(null, new MapEdgeDto(2001, 2002, true, 1000), 0)));
        Assert.Contains("2001 ↔ 2002", cut.Find("#edge-props-title").TextContent);
        Assert.Contains("限速", cut.Find("#edge-props").TextContent);
        cut.Find("#edge-closed").Change(true);
        cut.WaitForAssertion(() => Assert.Single(editor.Invocations["updateEdge"]));
        Assert.True(((MapEdgeDto)editor.Invocations["updateEdge"][0].Arguments[1]!).Closed);
    }

    [Fact]
    public async Task A_second_change_to_an_edge_keeps_the_first_before_the_canvas_answers()
    {
        // The canvas confirms a change by sending the selection back; a second change made before that
        // answer (tick "closed", then type a width) must build on the first, not on the edge as selected.
        var (ctx, _, editor, _) = Editor(Roles.Administrator);
        using var _ = ctx;
        var cut = Open(ctx);
        var canvas = cut.FindComponent<MapEditorCanvas>();
        await cut.InvokeAsync(() => canvas.Instance.Selected(new EditorSelection(null, new MapEdgeDto(2001, 2002, true, 1000), 0)));
        cut.Find("#edge-closed").Change(true);
        cut.Find("#edge-width").Change("900");
        cut.WaitForAssertion(() => Assert.Equal(2, editor.Invocations["updateEdge"].Count));
        var last = (MapEdgeDto)editor.Invocations["updateEdge"][1].Arguments[1]!;
        Assert.Equal((true, (int?)900), (last.Closed, last.MaxWidthMm));
    }

    [Fact]
    public async Task A_reversed_edge_is_reversed_on_the_page_too_so_a_change_after_it_keeps_the_new_direction()
    {
        var (ctx, _, editor, _) = Editor(Roles.Administrator);
        using var _ = ctx;
        var cut = Open(ctx);
        var canvas = cut.FindComponent<MapEditorCanvas>();
        await cut.InvokeAsync(() => canvas.Instance.Selected(new EditorSelection(null, new MapEdgeDto(2001, 2002, true, 1000), 0)));
        cut.Find("#edge-flip").Click();
        cut.WaitForAssertion(() => Assert.Contains("2002 → 2001", cut.Find("#edge-props-title").TextContent));
        Assert.Single(editor.Invocations["reverseEdge"]);
        cut.Find("#edge-speed").Change("500");
        cut.WaitForAssertion(() => Assert.Single(editor.Invocations["updateEdge"]));
        Assert.Equal(new MapEdgeDto(2002, 2001, false, 500), (MapEdgeDto)editor.Invocations["updateEdge"][0].Arguments[1]!);
    }

    [Fact]
    public void Saving_imports_the_drawn_map_with_the_fields_audited_as_the_signed_in_administrator()
    {
        var drawn = MapDto.From(Floor) with { Name = "ignored: the fields win" };
        var warnings = new Warnings(true, new TrafficWarning(TrafficWarningKind.DeadEndSpur, [2002], "2002 is a dead end"));
        var (ctx, store, _, _) = Editor(Roles.Administrator, drawn, warnings);
        using var _ = ctx;
        var cut = Open(ctx);
        Assert.Contains("dead end", cut.Find("#traffic-warnings").TextContent); // the saved map was analysed on opening
        cut.Find("#map-name").Input("Hall A – upper floor");
        cut.Find("#editor-save").Click();
        cut.WaitForAssertion(() => Assert.Equal("saved", cut.Find("#editor-result").GetAttribute("data-result")));
        Assert.Equal("Hall A – upper floor", Assert.Single(store.Saved).Name);
        Assert.Equal("the-admin map replace map 2 ok", Assert.Single(store.Audit));
        Assert.Equal("Hall A – upper floor", warnings.Analysed[^1].Name);
        Assert.Contains("Dead-end spur", cut.Find("#traffic-warnings-list").TextContent);
    }

    [Fact]
    public void A_refused_map_lists_every_problem_and_nothing_is_stored()
    {
        var drawn = new MapDto(2, "x", "A", 2, [new MapNodeDto(2001, 0, 0, "normal", Name: "Dock"), new MapNodeDto(2002, 1, 0, "normal", Name: "dock")],
            [new MapEdgeDto(2001, 2003, true, 0)]);
        var (ctx, store, _, _) = Editor(Roles.Administrator, drawn);
        using var _ = ctx;
        var cut = Open(ctx);
        cut.Find("#editor-save").Click();
        cut.WaitForAssertion(() => Assert.Equal("refused", cut.Find("#editor-result").GetAttribute("data-result")));
        var problems = cut.FindAll("#editor-problems li").Select(li => li.TextContent).ToList();
        Assert.Contains(problems, p => p.Contains("names are unique on a map"));
        Assert.Contains(problems, p => p.Contains("node 2003 does not exist"));
        Assert.Contains(problems, p => p.Contains("speed limit must be positive"));
        Assert.Contains($"{problems.Count} problem(s): nothing was saved.", cut.Find("#editor-result").TextContent);
        Assert.Empty(store.Saved);
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    public void Only_an_administrator_may_save_the_handler_refuses_the_others(string role)
    {
        var (ctx, store, editor, _) = Editor(role, MapDto.From(Floor));
        using var _ = ctx;
        var cut = Open(ctx);   // rendered directly: the route's policy would not even show it
        cut.Find("#editor-save").Click();
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        cut.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message!.Contains("does not allow this")));
        Assert.Empty(store.Saved);
        Assert.Empty(store.Audit);
        Assert.Empty(editor.Invocations["mapJson"]);
    }

    [Fact]
    public void A_new_map_takes_the_next_free_number_and_its_number_can_be_chosen()
    {
        var (ctx, _, _, _) = Editor(Roles.Administrator);
        using var _ = ctx;
        var cut = Open(ctx, "new");
        Assert.Equal("New map", cut.Find("h1").TextContent.Trim());
        Assert.Equal("3", cut.Find("#map-id").GetAttribute("value"));
        Assert.False(cut.Find("#map-id").HasAttribute("disabled"));
        Assert.Contains("not available", cut.Find("#traffic-warnings").TextContent);
    }
}
