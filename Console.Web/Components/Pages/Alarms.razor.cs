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
/// The active alarms, live: most severe first, then newest; each with what it is about (the AGV and its
/// log at the alarm's time), the conditions related to it (one cause, one alarm), who acknowledged it and
/// why. Maintenance and Administrators acknowledge (with a comment) and clear; everyone else reads.
/// </summary>
public partial class Alarms
{
    [Inject] private IAlarmFeed Feed { get; set; } = default!;
    [Inject] private IAlarmActions Actions { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private List<Alarm> _rows = [];

    protected override void OnInitialized()
    {
        Load();
        if (RendererInfo.IsInteractive) Keep(Feed.Subscribe(Refresh(Load)));
    }

    private void Load() => _rows = Feed.Active().OrderByDescending(a => a.Level).ThenByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).ToList();

    private string Subject(Alarm a) => a.IsConsole ? T["ConsoleItself"] : a.Serial;

    /// <summary>Acknowledge or clear, after the dialog that takes the comment; the role is checked first, on the server.</summary>
    internal async Task ActAsync(Alarm alarm, bool clear)
    {
        if (!await Permissions.AllowsAsync(Policies.Alarms))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        var parameters = new DialogParameters<AlarmActionDialog> { { d => d.Alarm, alarm }, { d => d.Clear, clear } };
        var dialog = await Dialogs.ShowAsync<AlarmActionDialog>(clear ? L["ClearTitle", alarm.Id] : L["AcknowledgeTitle", alarm.Id], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false } result) return;
        var comment = result.Data as string;
        var who = await Permissions.UserNameAsync() ?? "?";
        var (acted, changed) = clear ? await Actions.ClearAsync(alarm.Id, who, comment) : await Actions.AcknowledgeAsync(alarm.Id, who, comment);
        if (acted is null) Snackbar.Add(L["NoSuchAlarm", alarm.Id], Severity.Error);
        else if (!changed) Snackbar.Add(clear ? L["AlreadyCleared", alarm.Id] : L["AlreadyAcknowledged", alarm.Id], Severity.Warning);
        else Snackbar.Add(clear ? L["Cleared", acted.Id, Subject(acted), T.RuleName(acted.RuleName)] : L["AcknowledgedOne", acted.Id, Subject(acted), T.RuleName(acted.RuleName)], Severity.Success);
        Load();
    }
}
