using AgvConsole.Web.Accounts;
using AgvConsole.Web.Components.Dialogs;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The accounts, for Administrators: add one (a generated password is shown once, in the page), disable and
/// enable (a disabled account's open sessions end within a minute), reset a password (the temporary one
/// shown once), change a role; the last active Administrator is kept (UserAdministration refuses). Every
/// handler checks the role on the server first, and the change is made as the signed-in user, never as a
/// name taken from the page.
/// </summary>
public partial class AdminUsers
{
    [Inject] private UserAccounts Accounts { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private IReadOnlyList<AccountSummary> _accounts = [];
    private string? _password, _passwordFor;
    private int _version;
    private IJSObjectReference? _copy;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync() => _accounts = await Accounts.ListAsync();

    private string RoleWord(string? role) => role is null ? "" : L["Role." + role] is { ResourceNotFound: false } w ? w : role;

    /// <summary>The signed-in Administrator, or null (and a message) for anyone else.</summary>
    private async Task<System.Security.Claims.ClaimsPrincipal?> AdministratorAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Administer)) return (await Auth.GetAuthenticationStateAsync()).User;
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return null;
    }

    internal async Task AddAsync()
    {
        if (await AdministratorAsync() is null) return;
        var dialog = await Dialogs.ShowAsync<AddUserDialog>(L["AddTitle"], new DialogParameters<AddUserDialog>(), new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: AddUserDialog.Request r }) return;
        if (await AdministratorAsync() is not { } by) return;
        await ReportAsync(await Accounts.AddAsync(by, r.UserName, r.Role, r.Password));
    }

    internal async Task SetActiveAsync(AccountSummary account, bool active)
    {
        if (await AdministratorAsync() is null) return;
        var yes = await Dialogs.ShowMessageBoxAsync(active ? L["EnableTitle", account.UserName] : L["DisableTitle", account.UserName],
            active ? L["EnableQuestion", account.UserName] : L["DisableQuestion", account.UserName],
            yesText: active ? L["Enable"] : L["Disable"], cancelText: L["Cancel"]);
        if (yes != true || await AdministratorAsync() is not { } by) return;
        await ReportAsync(await Accounts.SetActiveAsync(by, account.Id, active));
    }

    internal async Task ResetAsync(AccountSummary account)
    {
        if (await AdministratorAsync() is null) return;
        var yes = await Dialogs.ShowMessageBoxAsync(L["ResetTitle", account.UserName], L["ResetQuestion", account.UserName], yesText: L["Reset"], cancelText: L["Cancel"]);
        if (yes != true || await AdministratorAsync() is not { } by) return;
        await ReportAsync(await Accounts.ResetPasswordAsync(by, account.Id));
    }

    internal async Task ChangeRoleAsync(AccountSummary account, string role)
    {
        if (role == account.Role) return;
        if (await AdministratorAsync() is { } && await Dialogs.ShowMessageBoxAsync(L["RoleTitle", account.UserName],
                L["RoleQuestion", account.UserName, RoleWord(account.Role), RoleWord(role)], yesText: L["RoleYes"], cancelText: L["Cancel"]) == true
            && await AdministratorAsync() is { } by)
            await ReportAsync(await Accounts.SetRoleAsync(by, account.Id, role));
        _version++; // the row's role box shows the account's role as stored, whatever was picked
        await LoadAsync();
    }

    /// <summary>One message per change, in the reader's language; a generated password stays in the page until dismissed.</summary>
    private async Task ReportAsync(AccountChange change)
    {
        var name = change.Account ?? "";
        string message = change.Outcome switch
        {
            AccountOutcome.Added => L["Added", name, RoleWord(change.Role)],
            AccountOutcome.Disabled => L["DisabledOne", name, (int)AccountHosting.SessionCheckInterval.TotalMinutes],
            AccountOutcome.Enabled => L["EnabledOne", name],
            AccountOutcome.PasswordReset => L["ResetOne", name],
            AccountOutcome.RoleChanged => L["RoleChanged", name, RoleWord(change.Role)],
            AccountOutcome.NotAllowed => T["NotAllowed"],
            AccountOutcome.NoSuchAccount => L["NoSuchAccount"],
            AccountOutcome.NoName => L["NoName"],
            AccountOutcome.BadRole => L["BadRole"],
            AccountOutcome.NameTaken => L["NameTaken", name],
            AccountOutcome.OwnAccount => L["OwnAccount"],
            AccountOutcome.LastAdministrator => L["LastAdministrator", name],
            AccountOutcome.SameRole => L["SameRole", name, RoleWord(change.Role)],
            _ => L["IdentityRefused", change.Detail ?? change.Message],
        };
        Snackbar.Add(message, change.Ok ? Severity.Success : Severity.Error);
        if (change.Password is { } password) (_password, _passwordFor) = (password, change.Account);
        await LoadAsync();
    }

    private void ForgetPassword() => (_password, _passwordFor) = (null, null);

    private async Task CopyAsync()
    {
        try
        {
            _copy ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/copy-text.js");
            var outcome = await _copy.InvokeAsync<string>("copy", "password-value");
            Snackbar.Add(outcome == "copied" ? L["Copied"] : L["Selected"], Severity.Info);
        }
        catch (JSDisconnectedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (_copy is null) return;
        try { await _copy.DisposeAsync(); }
        catch (JSDisconnectedException) { }
    }
}
