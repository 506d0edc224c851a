using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// Parameter defaults per AGV type, in units and words. An AGV gets its type's defaults, overridden by what
/// was set for it alone, every time it registers; an Administrator may also send them to the online AGVs of
/// the type at once. A value outside its range is refused before anything is saved.
/// </summary>
public partial class FleetParameters
{
    private static readonly AgvType[] Types = Enum.GetValues<AgvType>();

    /// <summary>The type shown first (<c>?type=Forklift</c>); an unknown one shows the first type.</summary>
    [SupplyParameterFromQuery(Name = "type")] private string? TypeText { get; set; }

    [Inject] private IFleetFeed Feed { get; set; } = default!;
    [Inject] private IAgvParameters Parameters { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private AgvType _type;
    private bool _mayEdit;
    private bool _busy;
    private bool _applyNow;
    private IReadOnlyDictionary<ParamId, long> _defaults = new Dictionary<ParamId, long>();
    private readonly Dictionary<string, string?> _typed = new();
    private Dictionary<string, string> _errors = new();

    protected override async Task OnParametersSetAsync()
    {
        _mayEdit = await Permissions.AllowsAsync(Policies.Administer);
        await SelectAsync(Enum.TryParse<AgvType>(TypeText, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : Types[0]);
    }

    private async Task SelectAsync(AgvType type)
    {
        _type = type;
        _errors = new();
        _defaults = await Parameters.TypeDefaultsAsync(type);
        // The boxes start with the stored defaults, in the fields' units.
        _typed.Clear();
        foreach (var f in ParameterFields.All)
            if (_defaults.TryGetValue(f.Id, out var v)) _typed[f.Name] = f.Display(v);
    }

    private void Type(ParameterField f, string? text)
    {
        _typed[f.Name] = text;
        _errors.Remove(f.Name);
    }

    /// <summary>Checks the role, then every value (nothing is saved while one is wrong); saves the defaults, then sends them if asked.</summary>
    internal async Task SaveAsync()
    {
        if (!await Permissions.AllowsAsync(Policies.Administer)) { Snackbar.Add(T["NotAllowed"], Severity.Error); return; }
        var (values, errors) = ParameterInput.Read(_typed, T);
        _errors = errors;
        if (errors.Count > 0) { Snackbar.Add(L["Refused", errors.Count], Severity.Warning); return; }
        _busy = true;
        try
        {
            var who = await Permissions.UserNameAsync() ?? "?";
            var saved = await Parameters.SaveTypeDefaultsAsync(who, _type, values, _applyNow);
            string typeName = T["AgvType." + _type];
            Snackbar.Add(_applyNow && values.Count > 0
                ? L["SavedAndSent", saved.Saved, typeName, saved.SentTo, saved.AcceptedAll, saved.SentTo - saved.AcceptedAll]
                : L["Saved", saved.Saved, typeName], saved.SentTo == saved.AcceptedAll ? Severity.Success : Severity.Warning);
            await SelectAsync(_type);
        }
        finally { _busy = false; }
    }
}
