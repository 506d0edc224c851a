using AgvConsole.Fleet.Live;
using AgvConsole.Web.Live;
using Microsoft.AspNetCore.Components;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// Every AGV, live from the registry: search, filters, sort and paging in the circuit (no reload),
/// state by icon and word, why it stands still, links to its page and to the live map. The overview's
/// figures link here with <c>?group=</c> or <c>?state=</c>.
/// </summary>
public partial class Fleet
{
    [SupplyParameterFromQuery(Name = "state")] private string? StateQuery { get; set; }
    [SupplyParameterFromQuery(Name = "group")] private string? GroupQuery { get; set; }
    [SupplyParameterFromQuery(Name = "q")] private string? SearchQuery { get; set; }

    private IReadOnlyList<AgvStatus> _all = [];
    private List<AgvStatus> _rows = [];
    private List<(string State, int Count)> _counts = [];
    private string? _search;
    private string? _state;
    private uint? _map;
    private StateGroup? _group;

    protected override void OnInitialized()
    {
        _search = SearchQuery;
        _state = StateNames.All.Contains(StateQuery) ? StateQuery : null;
        _group = Enum.TryParse<StateGroup>(GroupQuery, ignoreCase: true, out var g) ? g : null;
        Load();
        if (RendererInfo.IsInteractive) Keep(Feed.Subscribe(Refresh(Load)));
    }

    private void Load()
    {
        _all = Feed.Agvs();
        _counts = StateNames.All.Select(s => (s, _all.Count(a => a.StateName == s))).Where(x => x.Item2 > 0 || x.s == StateNames.Offline).ToList();
        Filter();
    }

    private void Filter()
    {
        IEnumerable<AgvStatus> rows = _all;
        if (!string.IsNullOrWhiteSpace(_search))
        {
            var q = _search.Trim();
            rows = rows.Where(a => a.Serial.Contains(q, StringComparison.OrdinalIgnoreCase) || a.Agv.Vendor.Contains(q, StringComparison.OrdinalIgnoreCase)
                                   || a.Agv.Model.Contains(q, StringComparison.OrdinalIgnoreCase));
        }
        if (_state is not null) rows = rows.Where(a => a.StateName == _state);
        if (_group is { } group) rows = rows.Where(a => StateGroups.Of(a.Agv) == group);
        if (_map is { } map) rows = rows.Where(a => a.State.MapId == map);
        _rows = rows.OrderBy(a => a.Serial, StringComparer.Ordinal).ToList();
    }

    private void SetSearch(string? value) { _search = value; Filter(); }
    private void SetState(string? value) { _state = value; Filter(); }
    private void SetMap(uint? value) { _map = value; Filter(); }
    private void SetGroup(StateGroup? value) { _group = value; Filter(); }

    private string MapName(uint id) => Maps.Find(id)?.Name ?? (id is 0 or 0xFFFFFFFF ? "–" : L["MapNumber", id]);
    private static string TaskLabel(AgvStatus a) => a.State.TaskId is 0xFFFFFFFF or 0 ? "–" : a.State.TaskId.ToString();
    private static string AgvLink(AgvStatus a) => $"/agvs/{Uri.EscapeDataString(a.Serial)}";
    /// <summary>The AGV type in words (also used by pages not converted yet).</summary>
    public static string TypeLabel(VehicleSnapshot v) => StateNames.Label(AgvConsole.Web.Api.AgvDto.Camel(v.AgvType.ToString()));

    private static string MapLink(AgvStatus a) => $"/map?map={a.State.MapId}&agv={Uri.EscapeDataString(a.Serial)}";
}
