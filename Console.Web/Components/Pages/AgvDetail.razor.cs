using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// One AGV, live from the fleet feed: state, why it stands still, battery, pose, task, errors,
/// actuators, vehicle data, recent events (each with its own time); commands, automatic dispatch
/// on/off and the release of the nodes an offline AGV still holds for Supervisors and Administrators.
/// </summary>
public partial class AgvDetail
{
    /// <summary>Recent events are read again at most this often while the AGV's state stays the same (they are in the database, not the feed).</summary>
    public static readonly TimeSpan EventsInterval = TimeSpan.FromSeconds(5);

    [Parameter] public string Serial { get; set; } = "";

    [Inject] private IFleetFeed Feed { get; set; } = default!;
    [Inject] private SiteMaps Maps { get; set; } = default!;
    [Inject] private IAgvControl Control { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<AgvDetail> Logger { get; set; } = default!;

    private AgvStatus? _a;
    private IReadOnlyList<uint> _held = [];
    private IReadOnlyList<MapNode> _stations = [];
    private IReadOnlyList<SiteMap> _otherMaps = [];
    private IReadOnlyList<AgvEventRecord> _events = [];
    private List<BreadcrumbItem> _crumbs = [];
    private bool _busy;
    private DateTimeOffset _eventsReadAt = DateTimeOffset.MinValue;
    private string? _eventsReadFor;

    private string LogLink => $"/agvs/{Uri.EscapeDataString(Serial)}/log";
    private string ParametersLink => $"/agvs/{Uri.EscapeDataString(Serial)}/parameters";
    private string MapLink => $"/map?map={_a?.State.MapId}&agv={Uri.EscapeDataString(Serial)}";

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive) Keep(Feed.Subscribe(Refresh(LoadLive)));
    }

    protected override async Task OnParametersSetAsync()
    {
        _crumbs = [new(L["Fleet"], "/fleet"), new(Serial, null, disabled: true)];
        Load();
        _eventsReadFor = EventsKey();
        await ReadEventsAsync();
    }

    private void Load()
    {
        _a = Feed.Find(Serial);
        _held = Control.HeldNodes(Serial);
        var map = _a is null ? null : Maps.Find(_a.State.MapId);
        _stations = map?.Nodes.Where(n => n.Kind == MapNodeKind.Charging).OrderBy(n => n.Label, StringComparer.CurrentCulture).ToList() ?? [];
        _otherMaps = Maps.All.Where(m => m.MapId != _a?.State.MapId).OrderBy(m => m.MapId).ToList();
    }

    /// <summary>A fleet change: the live values now; the events (in the database) when the state changed, else every few seconds at most.</summary>
    private void LoadLive()
    {
        Load();
        var key = EventsKey();
        if (key == _eventsReadFor && Time.GetUtcNow() - _eventsReadAt < EventsInterval) return;
        _eventsReadFor = key;
        _eventsReadAt = Time.GetUtcNow();
        _ = ReadEventsThenRenderAsync();
    }

    private string? EventsKey() => _a is null ? null : $"{_a.StateName}|{_a.State.Errors.Count}";

    private async Task ReadEventsThenRenderAsync()
    {
        try
        {
            await ReadEventsAsync();
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Could not read the recent events of {Serial}; the page keeps the last ones", Serial);
        }
    }

    private async Task ReadEventsAsync()
    {
        _eventsReadAt = Time.GetUtcNow();
        _events = _a is null ? [] : await Control.RecentEventsAsync(Serial, 50);
    }

    private async Task<string?> AllowedUserAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Dispatch)) return await Permissions.UserNameAsync() ?? "?";
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return null;
    }

    /// <summary>Frees what an offline AGV still holds, after asking: other AGVs will drive there.</summary>
    internal async Task ReleaseNodesAsync()
    {
        if (await AllowedUserAsync() is not { } who) return;
        bool? yes = await Dialogs.ShowMessageBoxAsync(L["ReleaseTitle"], L["ReleaseQuestion", Serial], yesText: L["ReleaseYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        _busy = true;
        try
        {
            var n = await Control.ReleaseHeldNodesAsync(who, Serial);
            Snackbar.Add(n is { } count ? L["Released", count] : L["ReleaseRefused", Serial], n is null ? Severity.Error : Severity.Success);
            Load();
        }
        finally { _busy = false; }
    }

    /// <summary>Takes the AGV out of automatic dispatch or puts it back (no question: either way nothing moves by itself).</summary>
    internal async Task SetAutoDispatchAsync(bool on)
    {
        if (await AllowedUserAsync() is not { } who) return;
        _busy = true;
        try
        {
            var (ok, _) = await Control.SetAutoDispatchAsync(who, Serial, on);
            Snackbar.Add(!ok ? L["Unknown", Serial] : on ? L["PutBackDone", Serial] : L["HeldBackDone", Serial], ok ? Severity.Success : Severity.Error);
            Load();
        }
        finally { _busy = false; }
    }

    private string MapName(uint id) => Maps.Find(id)?.Name ?? (id is 0 or 0xFFFFFFFF ? "–" : L["MapNumber", id]);

    private string NodeLabel(uint mapId, uint node) => node == 0xFFFFFFFF ? "–"
        : Maps.Find(mapId)?.Node(node) is { Name: { Length: > 0 } name } ? L["NamedNode", name, node] : node.ToString();

    private static string Id(uint id) => id is 0xFFFFFFFF or 0 ? "–" : id.ToString();

    private string NavLabel(NavigationType t)
    {
        var s = L["Nav." + t];
        return s.ResourceNotFound ? t.ToString() : s.Value;
    }

    private string EventKind(string kind)
    {
        var s = L["EventKind." + kind.Replace(' ', '_')];
        return s.ResourceNotFound ? kind : s.Value;
    }

    private string LevelLabel(string level) => Enum.TryParse<EventLevel>(level, true, out var l) ? T.Level(l) : level;
}
