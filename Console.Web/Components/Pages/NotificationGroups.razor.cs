using AgvConsole.Fleet.Alarms;
using AgvConsole.Web.Components.Dialogs;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// Who hears of alarms: notification groups with their members' contacts and a webhook, the rules routed
/// to each, and the outcome of every recent webhook delivery (delivered, or failed after its retries with
/// the error), refreshed while the page is open. Administrators add, change and delete groups; a webhook
/// to this machine or a link-local address is refused unless the console allows it (WebhookTargets).
/// </summary>
public partial class NotificationGroups
{
    /// <summary>How often the deliveries refresh while the page is open (they are tried and retried in the background).</summary>
    public static readonly TimeSpan DeliveriesRefresh = TimeSpan.FromSeconds(5);

    [Inject] private NotificationAdministration Notifications { get; set; } = default!;
    [Inject] private AlarmCentre Centre { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<NotificationGroup> _groups = [];
    private IReadOnlyList<WebhookDelivery> _deliveries = [];
    private int _inFlight;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (RendererInfo.IsInteractive)
            Keep(Time.CreateTimer(_ => _ = InvokeAsync(ReloadAsync), null, DeliveriesRefresh, DeliveriesRefresh));
    }

    private async Task LoadAsync()
    {
        _groups = await Notifications.GroupsAsync();
        _deliveries = await Notifications.DeliveriesAsync();
        _inFlight = Notifications.InFlight;
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private string RuleNames(NotificationGroup g) =>
        string.Join(", ", Centre.Rules.Where(r => r.NotifyGroups.Contains(g.Id)).Select(r => T.RuleName(r.Name))) is { Length: > 0 } names ? names : "–";

    private string Change(string change) => L["Change." + change] is { ResourceNotFound: false } word ? word : change;

    private async Task<bool> AllowedAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Administer)) return true;
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return false;
    }

    internal Task AddAsync() => EditAsync(new NotificationGroup(0, "", "", null));

    internal async Task EditAsync(NotificationGroup group)
    {
        if (!await AllowedAsync()) return;
        var dialog = await Dialogs.ShowAsync<GroupDialog>(group.Id == 0 ? L["NewTitle"] : L["EditTitle", group.Name],
            new DialogParameters<GroupDialog> { { d => d.Group, group } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: NotificationGroup edited }) return;
        await SaveAsync(edited);
    }

    /// <summary>Stores the group; the service checks it again (name, webhook guard) and refuses it with nothing stored.</summary>
    internal async Task SaveAsync(NotificationGroup group)
    {
        if (!await AllowedAsync()) return;
        var (saved, problem) = await Notifications.SaveAsync(group, await Permissions.UserNameAsync() ?? "?");
        if (saved is null) Snackbar.Add(L["Refused", problem?.ToString() ?? ""], Severity.Error);
        else Snackbar.Add(L["Saved", saved.Id, saved.Name], Severity.Success);
        await LoadAsync();
    }

    internal async Task DeleteAsync(NotificationGroup group)
    {
        if (!await AllowedAsync()) return;
        var yes = await Dialogs.ShowMessageBoxAsync(L["DeleteTitle"], L["DeleteQuestion", group.Name], yesText: L["DeleteYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        await Notifications.DeleteAsync(group.Id, await Permissions.UserNameAsync() ?? "?");
        Snackbar.Add(L["Deleted", group.Id, group.Name], Severity.Success);
        await LoadAsync();
    }
}
