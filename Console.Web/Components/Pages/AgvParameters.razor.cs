using AgvConsole.Fleet.Dispatch;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// Every protocol parameter of one AGV in units and words: its type's default, what the console stored,
/// what the AGV holds now (ParamQuery), and the AGV's answer per parameter after a change. Changes are
/// for Administrators; a value outside its range is refused before anything is sent.
/// </summary>
public partial class AgvParameters
{
    [Parameter] public string Serial { get; set; } = "";

    [Inject] private IFleetFeed Feed { get; set; } = default!;
    [Inject] private IAgvParameters Parameters { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private AgvStatus? _a;
    private bool _mayEdit;
    private bool _busy;
    private bool _read;
    private string _queryNote = "";
    private IReadOnlyDictionary<ParamId, long> _onAgv = new Dictionary<ParamId, long>();
    private IReadOnlyDictionary<ParamId, long> _stored = new Dictionary<ParamId, long>();
    private IReadOnlyDictionary<ParamId, long> _defaults = new Dictionary<ParamId, long>();
    private IReadOnlyDictionary<ParamId, ResultCode> _results = new Dictionary<ParamId, ResultCode>();
    private readonly Dictionary<string, string?> _typed = new();
    private Dictionary<string, string> _errors = new();
    private List<BreadcrumbItem> _crumbs = [];

    protected override void OnInitialized()
    {
        // The state and whether it is online follow the fleet; the values are read when asked (ParamQuery).
        if (RendererInfo.IsInteractive) Keep(Feed.Subscribe(Refresh(() => _a = Feed.Find(Serial) ?? _a)));
    }

    protected override async Task OnParametersSetAsync()
    {
        _crumbs = [new(L["Fleet"], "/fleet"), new(Serial, $"/agvs/{Uri.EscapeDataString(Serial)}"), new(L["Parameters"], null, disabled: true)];
        _mayEdit = await Permissions.AllowsAsync(Policies.Administer);
        _a = Feed.Find(Serial);
        if (_a is not null) await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _a = Feed.Find(Serial) ?? _a;
        _stored = await Parameters.StoredAsync(Serial);
        _defaults = await Parameters.TypeDefaultsAsync(_a!.Agv.AgvType);
        if (_a.Online)
        {
            var who = await Permissions.UserNameAsync() ?? "?";
            var (outcome, values) = await Parameters.QueryAsync(who, Serial);
            _onAgv = values;
            _queryNote = outcome.Ok ? L["ReadJustNow"] : T.Outcome(outcome, L["Read"], Serial);
        }
        else
        {
            _onAgv = new Dictionary<ParamId, long>();
            _queryNote = L["OfflineNote"];
        }
        _read = true;
    }

    private void Type(ParameterField f, string? text)
    {
        _typed[f.Name] = text;
        _errors.Remove(f.Name);
    }

    private async Task ReadAgainAsync()
    {
        _busy = true;
        try { await LoadAsync(); }
        finally { _busy = false; }
    }

    /// <summary>Checks the role, then every typed value (nothing is sent while one is wrong), then sends them as one ParamSet.</summary>
    internal async Task SendAsync()
    {
        if (!await Permissions.AllowsAsync(Policies.Administer)) { Snackbar.Add(T["NotAllowed"], Severity.Error); return; }
        var (values, errors) = ParameterInput.Read(_typed, T);
        _errors = errors;
        if (errors.Count > 0) { Snackbar.Add(L["Refused", errors.Count], Severity.Warning); return; }
        if (values.Count == 0) { Snackbar.Add(L["NothingTyped"], Severity.Warning); return; }
        _busy = true;
        try
        {
            var who = await Permissions.UserNameAsync() ?? "?";
            var r = await Parameters.SetAsync(who, Serial, values);
            _results = r.Results;
            int accepted = r.Results.Count(kv => kv.Value == ResultCode.Ok);
            string message = r.Outcome.Kind switch
            {
                OutcomeKind.Done => L["AllAccepted", accepted],
                OutcomeKind.AgvRefused when r.Results.Count > 0 => L["SomeRefused", accepted, r.Results.Count - accepted],
                _ => T.Outcome(r.Outcome, L["Set"], Serial),
            };
            Snackbar.Add(message, r.Outcome.Ok ? Severity.Success : Severity.Error);
            // What it accepted is no longer to be typed; what it refused stays for another try.
            foreach (var (id, result) in r.Results)
                if (result == ResultCode.Ok && ParameterCatalog.Find(id) is { } d) _typed.Remove(d.Name);
            await LoadAsync();
        }
        finally { _busy = false; }
    }
}
