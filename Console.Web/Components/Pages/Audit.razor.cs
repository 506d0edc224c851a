using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The audit log: every command sent to an AGV, parameter and map change, enrolment, sign-in, account
/// change and security refusal, with who, when and the answer; newest first, paged in the database,
/// filtered by who, what, target and time (typed in site time, and said so); the CSV export takes the
/// same filters. <c>?actor=&amp;action=&amp;target=&amp;from=&amp;to=</c> open it filtered.
/// </summary>
public partial class Audit
{
    [Inject] private IAuditSink Log { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "actor")] private string? ActorQuery { get; set; }
    [SupplyParameterFromQuery(Name = "action")] private string? ActionQuery { get; set; }
    [SupplyParameterFromQuery(Name = "target")] private string? TargetQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? ToQuery { get; set; }

    private MudDataGrid<AuditRecord>? _grid;
    private string? _actor, _action, _target, _from, _to, _fromError, _toError;

    protected override void OnInitialized()
    {
        (_actor, _action, _target, _from, _to) = (ActorQuery, ActionQuery, TargetQuery, FromQuery, ToQuery);
        CheckTimes();
    }

    private void CheckTimes()
    {
        _fromError = SiteTime.TryReadTime(_from, out _) ? null : L["BadTime", _from ?? ""].Value;
        _toError = SiteTime.TryReadTime(_to, out _) ? null : L["BadTime", _to ?? ""].Value;
    }

    /// <summary>The filters as the store reads them: a time that cannot be read is left out (and said so beside its box).</summary>
    private AuditQuery Query()
    {
        SiteTime.TryReadTime(_fromError is null ? _from : null, out var from);
        SiteTime.TryReadTime(_toError is null ? _to : null, out var to);
        static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return new AuditQuery(Text(_actor), Text(_action), Text(_target), from, to);
    }

    private async Task<GridData<AuditRecord>> LoadAsync(GridState<AuditRecord> state, CancellationToken ct)
    {
        var query = Query() with { Limit = state.PageSize, Offset = state.Page * state.PageSize };
        var total = await Log.CountAsync(query, ct);
        var items = total == 0 ? [] : await Log.SearchAsync(query, ct);
        // A newer filter started another load meanwhile: this page is stale, the grid drops a cancelled load.
        ct.ThrowIfCancellationRequested();
        return new GridData<AuditRecord> { Items = items, TotalItems = total };
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private Task SetActorAsync(string? value) { _actor = value; return ReloadAsync(); }
    private Task SetActionAsync(string? value) { _action = value; return ReloadAsync(); }
    private Task SetTargetAsync(string? value) { _target = value; return ReloadAsync(); }
    private Task SetFromAsync(string? value) { _from = value; CheckTimes(); return ReloadAsync(); }
    private Task SetToAsync(string? value) { _to = value; CheckTimes(); return ReloadAsync(); }

    private Task ResetAsync()
    {
        (_actor, _action, _target, _from, _to, _fromError, _toError) = (null, null, null, null, null, null, null);
        return ReloadAsync();
    }

    private string ExportHref
    {
        get
        {
            var q = Query();
            var parts = new List<string>();
            if (q.Actor is { } actor) parts.Add("actor=" + Uri.EscapeDataString(actor));
            if (q.Action is { } action) parts.Add("action=" + Uri.EscapeDataString(action));
            if (q.Target is { } target) parts.Add("target=" + Uri.EscapeDataString(target));
            if (q.From is not null) parts.Add("from=" + Uri.EscapeDataString(_from!.Trim()));
            if (q.To is not null) parts.Add("to=" + Uri.EscapeDataString(_to!.Trim()));
            return "/audit/export.csv" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
        }
    }

    /// <summary>How an outcome reads at a glance (the words are the service's or the AGV's own): ok, refused, or anything else.</summary>
    private static string OutcomeKind(string outcome) =>
        outcome.StartsWith("ok", StringComparison.OrdinalIgnoreCase) ? "ok"
        : outcome.StartsWith("refused", StringComparison.OrdinalIgnoreCase) || outcome.StartsWith("not sent", StringComparison.OrdinalIgnoreCase) ? "refused"
        : "other";
}
