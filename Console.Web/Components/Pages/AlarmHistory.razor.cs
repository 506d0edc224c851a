using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// Every alarm there was, newest first, paged in the database (the grid asks for one page at a time),
/// filtered by AGV, rule, level and time (typed in site time, and said so); each with its whole timeline.
/// The CSV export takes the same filters. <c>?agv=&amp;rule=&amp;level=&amp;from=&amp;to=</c> open it filtered.
/// </summary>
public partial class AlarmHistory
{
    [Inject] private IAlarmRepository Store { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "agv")] private string? AgvQuery { get; set; }
    [SupplyParameterFromQuery(Name = "rule")] private string? RuleQuery { get; set; }
    [SupplyParameterFromQuery(Name = "level")] private string? LevelQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? ToQuery { get; set; }

    private MudDataGrid<Alarm>? _grid;
    private IReadOnlyList<AlarmRule> _rules = [];
    private string? _agv, _from, _to, _fromError, _toError, _queryError;
    private int? _rule;
    private EventLevel? _level;

    protected override async Task OnInitializedAsync()
    {
        _rules = await Store.GetRulesAsync();
        _agv = AgvQuery;
        _from = FromQuery;
        _to = ToQuery;
        var ignored = new List<string>();
        if (!string.IsNullOrWhiteSpace(RuleQuery))
        {
            if (int.TryParse(RuleQuery, out var r)) _rule = r;
            else ignored.Add(RuleQuery);
        }
        if (!string.IsNullOrWhiteSpace(LevelQuery))
        {
            if (Enum.TryParse<EventLevel>(LevelQuery, true, out var l) && Enum.IsDefined(l)) _level = l;
            else ignored.Add(LevelQuery);
        }
        CheckTimes();
        if (ignored.Count > 0) _queryError = L["Ignored", string.Join(", ", ignored)];
    }

    /// <summary>The filters as the store reads them: a time that cannot be read is left out (and said so beside its box).</summary>
    private AlarmQuery Query()
    {
        SiteTime.TryReadTime(_fromError is null ? _from : null, out var from);
        SiteTime.TryReadTime(_toError is null ? _to : null, out var to);
        return new AlarmQuery(null, string.IsNullOrWhiteSpace(_agv) ? null : _agv.Trim(), _rule, _level, from, to);
    }

    private void CheckTimes()
    {
        _fromError = SiteTime.TryReadTime(_from, out _) ? null : L["BadTime", _from ?? ""].Value;
        _toError = SiteTime.TryReadTime(_to, out _) ? null : L["BadTime", _to ?? ""].Value;
    }

    /// <summary>One page, counted and read in the database.</summary>
    private async Task<GridData<Alarm>> LoadAsync(GridState<Alarm> state, CancellationToken ct)
    {
        var query = Query() with { Limit = state.PageSize, Offset = state.Page * state.PageSize };
        var total = await Store.CountAsync(query, ct);
        var items = total == 0 ? [] : await Store.SearchAsync(query, ct);
        // A newer filter started another load meanwhile: this page is stale, the grid drops a cancelled load.
        ct.ThrowIfCancellationRequested();
        return new GridData<Alarm> { Items = items, TotalItems = total };
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private Task SetAgvAsync(string? value) { _agv = value; return ReloadAsync(); }
    private Task SetRuleAsync(int? value) { _rule = value; return ReloadAsync(); }
    private Task SetLevelAsync(EventLevel? value) { _level = value; return ReloadAsync(); }
    private Task SetFromAsync(string? value) { _from = value; CheckTimes(); return ReloadAsync(); }
    private Task SetToAsync(string? value) { _to = value; CheckTimes(); return ReloadAsync(); }

    private Task ResetAsync()
    {
        (_agv, _rule, _level, _from, _to, _fromError, _toError, _queryError) = (null, null, null, null, null, null, null, null);
        return ReloadAsync();
    }

    /// <summary>The export with the filters shown (times as typed: the export reads them in site time too).</summary>
    private string ExportHref
    {
        get
        {
            var q = Query();
            var parts = new List<string>();
            if (q.Serial is { } agv) parts.Add("agv=" + Uri.EscapeDataString(agv));
            if (q.RuleId is { } rule) parts.Add($"rule={rule}");
            if (q.Level is { } level) parts.Add("level=" + level.ToString().ToLowerInvariant());
            if (q.From is not null) parts.Add("from=" + Uri.EscapeDataString(_from!.Trim()));
            if (q.To is not null) parts.Add("to=" + Uri.EscapeDataString(_to!.Trim()));
            return "/alarms/export.csv" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
        }
    }

    /// <summary>One step of the timeline in words: what happened, by whom, and the comment that came with it.</summary>
    private string Step(AlarmEvent e)
    {
        var what = e.What switch
        {
            "raised" => L["Step.raised"].Value,
            "acknowledged" => L["Step.acknowledged"].Value,
            "cleared (condition ended)" => L["Step.ended"].Value,
            "cleared by hand" => L["Step.clearedByHand"].Value,
            Alarm.RelatedStep => L["Step.related"].Value,
            var other => other,
        };
        if (e.Who is { } who) what = L["StepBy", what, who];
        // The raise's comment is the alarm's text (its own column); the engine's own reasons say nothing more.
        bool showComment = e.Comment is { Length: > 0 } && e.What is not ("raised" or "cleared (condition ended)")
                           && !(e.What == "cleared by hand" && e.Comment == "cleared by hand");
        return showComment ? L["StepComment", what, e.Comment!] : what;
    }
}
