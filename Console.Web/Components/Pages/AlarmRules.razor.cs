using AgvConsole.Fleet.Alarms;
using AgvConsole.Web.Components.Dialogs;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The alarm rules in words and units ("below 20 %", "raise after 10 s"). Administrators add, change and
/// delete them (in a dialog; each handler checks the role on the server first) and add the default rule
/// set in one click, after saying so; thresholds the AGVs evaluate themselves are sent to them on save.
/// Everyone else reads them.
/// </summary>
public partial class AlarmRules
{
    [Inject] private AlarmCentre Centre { get; set; } = default!;
    [Inject] private NotificationAdministration Notifications { get; set; } = default!;
    [Inject] private IFleetFeed Fleet { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private List<AlarmRule> _rules = [];
    private IReadOnlyList<NotificationGroup> _groups = [];

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _rules = Centre.Rules.ToList();
        _groups = await Notifications.GroupsAsync();
    }

    private string ScopeText(AlarmRule r) => r.Scope switch
    {
        RuleScope.All => T.Scope(RuleScope.All),
        RuleScope.AgvType when Enum.TryParse<AgvConsole.Protocol.Messages.AgvType>(r.ScopeValue, true, out var type) => L["ScopeValue", T.Scope(r.Scope), T["AgvType." + type].Value],
        _ => L["ScopeValue", T.Scope(r.Scope), r.ScopeValue ?? ""],
    };

    private string GroupNames(AlarmRule r) =>
        r.NotifyGroups.Count == 0 ? "–" : string.Join(", ", r.NotifyGroups.Select(id => _groups.FirstOrDefault(g => g.Id == id)?.Name ?? $"#{id}"));

    private async Task<bool> AllowedAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Administer)) return true;
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return false;
    }

    internal Task AddAsync() => EditAsync(new AlarmRule(0, "", AlarmSource.AgvEvent, null, AgvConsole.Protocol.Messages.EventLevel.Warning, true, RuleScope.All, null, 0, 0, []));

    /// <summary>The dialog, then the save: the rule is checked again here (a circuit can be sent anything) before it is stored.</summary>
    internal async Task EditAsync(AlarmRule rule)
    {
        if (!await AllowedAsync()) return;
        var agvs = Fleet.Agvs();
        var parameters = new DialogParameters<RuleDialog>
        {
            { d => d.Rule, rule }, { d => d.Groups, _groups },
            { d => d.Vendors, agvs.Select(a => a.Agv.Vendor).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order().ToList() },
            { d => d.Serials, agvs.Select(a => a.Serial).Order(StringComparer.Ordinal).ToList() },
        };
        var dialog = await Dialogs.ShowAsync<RuleDialog>(rule.Id == 0 ? L["NewTitle"] : L["EditTitle", rule.Name], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: AlarmRule edited }) return;
        await SaveAsync(edited);
    }

    internal async Task SaveAsync(AlarmRule rule)
    {
        if (!await AllowedAsync()) return;
        if (rule.Problems().Count > 0)
        {
            Snackbar.Add(L["Invalid"], Severity.Error);
            return;
        }
        var who = await Permissions.UserNameAsync() ?? "?";
        var (saved, pushed) = await Centre.SaveRuleAsync(rule, who);
        var message = L["Saved", saved.Id, saved.Name].Value;
        if (pushed is not null) message += " " + L["Pushed", pushed.Parameter, pushed.Value, pushed.Sent, pushed.Accepted];
        Snackbar.Add(message, Severity.Success);
        await LoadAsync();
    }

    internal async Task DeleteAsync(AlarmRule rule)
    {
        if (!await AllowedAsync()) return;
        var yes = await Dialogs.ShowMessageBoxAsync(L["DeleteTitle"], L["DeleteQuestion", rule.Name], yesText: L["DeleteYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        await Centre.DeleteRuleAsync(rule.Id, await Permissions.UserNameAsync() ?? "?");
        Snackbar.Add(L["Deleted", rule.Id, rule.Name], Severity.Success);
        await LoadAsync();
    }

    /// <summary>Adds the rules of the default set that are missing (by name), after asking.</summary>
    internal async Task DefaultSetAsync()
    {
        if (!await AllowedAsync()) return;
        var missing = AlarmRule.DefaultTemplate().Count(t => !_rules.Any(r => string.Equals(r.Name, t.Name, StringComparison.OrdinalIgnoreCase)));
        var yes = await Dialogs.ShowMessageBoxAsync(L["DefaultSetTitle"], L["DefaultSetQuestion", missing], yesText: L["DefaultSetYes"], cancelText: L["Cancel"]);
        if (yes != true) return;
        int added = await Centre.ApplyDefaultTemplateAsync(await Permissions.UserNameAsync() ?? "?");
        Snackbar.Add(added == 0 ? L["DefaultSetNothing"] : L["DefaultSetAdded", added], Severity.Success);
        await LoadAsync();
    }
}
