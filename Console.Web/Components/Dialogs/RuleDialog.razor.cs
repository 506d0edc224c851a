using AgvConsole.Fleet.Alarms;
using AgvConsole.Protocol.Messages;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Dialogs;

/// <summary>
/// Edits one alarm rule. Nothing leaves the dialog that the rule itself would refuse
/// (<see cref="AlarmRule.Problems"/>): each problem is shown at its field, and the rule comes back only
/// when there is none. The scope's value is picked from the fleet (vendors and serials the console
/// knows, every AGV type); a value a rule already had stays in the list.
/// </summary>
public partial class RuleDialog
{
    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;

    /// <summary>The rule to edit; Id 0 for a new one.</summary>
    [Parameter, EditorRequired] public AlarmRule Rule { get; set; } = default!;
    [Parameter] public IReadOnlyList<NotificationGroup> Groups { get; set; } = [];
    [Parameter] public IReadOnlyList<string> Vendors { get; set; } = [];
    [Parameter] public IReadOnlyList<string> Serials { get; set; } = [];

    private string _name = "";
    private AlarmSource _source;
    private long? _threshold;
    private EventLevel _level;
    private bool _enabled;
    private RuleScope _scope;
    private string? _scopeValue;
    private int _raiseAfter, _clearAfter;
    private HashSet<int> _groups = [];
    private IReadOnlyList<RuleProblem> _problems = [];

    protected override void OnInitialized()
    {
        (_name, _source, _threshold, _level, _enabled, _scope, _scopeValue, _raiseAfter, _clearAfter) =
            (Rule.Name, Rule.Source, Rule.Threshold, Rule.Level, Rule.Enabled, Rule.Scope, Rule.ScopeValue, Rule.RaiseAfterS, Rule.ClearAfterS);
        _groups = [.. Rule.NotifyGroups];
    }

    private bool Has(RuleProblemKind kind) => _problems.Any(p => p.Kind == kind);

    private string? RangeHint => AlarmRule.ThresholdRange(_source) is { } r ? L["Range", r.Min, r.Max].Value : null;

    private string? ThresholdError => _problems.FirstOrDefault(p => p.Kind is RuleProblemKind.NeedsThreshold or RuleProblemKind.ThresholdOutOfRange) switch
    {
        { Kind: RuleProblemKind.ThresholdOutOfRange } p => L["OutOfRange", p.Min, p.Max].Value,
        { } => L["NeedsThreshold"].Value,
        null => null,
    };

    private void SetScope(RuleScope scope)
    {
        if (scope != _scope) _scopeValue = null;
        _scope = scope;
    }

    private void SetGroup(int id, bool on)
    {
        if (on) _groups.Add(id);
        else _groups.Remove(id);
    }

    /// <summary>What the scope's value may be: the fleet's vendors or serials, or the AGV types (by name, shown in words).</summary>
    private IEnumerable<(string Value, string Label)> ScopeChoices()
    {
        IEnumerable<(string, string)> choices = _scope switch
        {
            RuleScope.Vendor => Vendors.Select(v => (v, v)),
            RuleScope.Agv => Serials.Select(s => (s, s)),
            RuleScope.AgvType => Enum.GetValues<AgvType>().Select(t => (t.ToString(), T["AgvType." + t].Value)),
            _ => [],
        };
        var list = choices.ToList();
        if (!string.IsNullOrEmpty(_scopeValue) && !list.Any(c => c.Item1 == _scopeValue)) list.Insert(0, (_scopeValue, _scopeValue));
        return list;
    }

    /// <summary>The rule as typed; back to the page only when the rule has no problem.</summary>
    private void Save()
    {
        var takesThreshold = AlarmRule.ThresholdRange(_source) is not null;
        var rule = new AlarmRule(Rule.Id, (_name ?? "").Trim(), _source, takesThreshold ? _threshold : null, _level, _enabled, _scope,
            _scope == RuleScope.All ? null : _scopeValue, _raiseAfter, _clearAfter, _groups.Where(id => Groups.Any(g => g.Id == id)).Order().ToArray());
        _problems = rule.Problems();
        if (_problems.Count == 0) MudDialog.Close(DialogResult.Ok(rule));
    }
}
