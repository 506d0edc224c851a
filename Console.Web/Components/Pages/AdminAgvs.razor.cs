using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Components.Dialogs;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// AGVs and access, for Administrators: enrol an AGV (with its SM2 key for secure mode), enrol one the
/// console has seen register without enrolment, remove one (after asking), refuse or accept normal mode
/// site-wide (after asking), and what provisioning needs (the RCS id and public key to copy, the API
/// key generated at the first start). Every handler checks the Administrator role on the server first.
/// </summary>
public partial class AdminAgvs
{
    [Inject] private IFleetFeed Fleet { get; set; } = default!;
    [Inject] private IAgvRepository Agvs { get; set; } = default!;
    [Inject] private AgvAdministration Admin { get; set; } = default!;
    [Inject] private AgvListener Listener { get; set; } = default!;
    [Inject] private ApiKeys ApiKeys { get; set; } = default!;
    [Inject] private IAuditSink Audit { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<AdminAgvs> Logger { get; set; } = default!;

    private IReadOnlyList<AgvStatus> _all = [];
    private List<AgvStatus> _seen = [];
    private Dictionary<string, string?> _keys = new(StringComparer.Ordinal);
    private bool _normalAllowed;
    private bool _showApiKey;
    private IJSObjectReference? _copy;

    protected override async Task OnInitializedAsync()
    {
        Load();
        await LoadKeysAsync();
        if (RendererInfo.IsInteractive) Keep(Fleet.Subscribe(Refresh(Load)));
    }

    private void Load()
    {
        _all = Fleet.Agvs().OrderBy(a => a.Serial, StringComparer.Ordinal).ToList();
        _seen = _all.Where(a => !a.Agv.Enrolled).ToList();
        _normalAllowed = Listener.Running?.Options.AllowNormalMode ?? true;
    }

    private async Task LoadKeysAsync() => _keys = (await Agvs.GetAllAsync()).ToDictionary(a => a.Serial, a => a.PublicKeyHex, StringComparer.Ordinal);

    private static string AgvHref(string serial) => $"/agvs/{Uri.EscapeDataString(serial)}";

    private string KeyText(string serial) => _keys.TryGetValue(serial, out var k) && k is { Length: > 12 } ? k[..12] + "…" : "–";

    private async Task<bool> AllowedAsync()
    {
        if (await Permissions.AllowsAsync(Policies.Administer)) return true;
        Snackbar.Add(T["NotAllowed"], Severity.Error);
        return false;
    }

    private async Task<string> WhoAsync() => await Permissions.UserNameAsync() ?? "?";

    private async Task AfterChangeAsync()
    {
        Load();
        await LoadKeysAsync();
    }

    internal async Task EnrolAsync()
    {
        if (!await AllowedAsync()) return;
        var dialog = await Dialogs.ShowAsync<EnrolDialog>(L["EnrolTitle"], new DialogParameters<EnrolDialog>(), new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: EnrolDialog.Request r }) return;
        var (result, message) = await Admin.EnrolAsync(await WhoAsync(), r.Serial, r.Vendor, r.Type.ToString(), r.Key);
        Report(result, r.Serial, r.Key is not null, message);
        await AfterChangeAsync();
    }

    internal async Task EnrolSeenAsync(AgvStatus agv)
    {
        if (!await AllowedAsync()) return;
        var dialog = await Dialogs.ShowAsync<EnrolDialog>(L["EnrolSeenTitle", agv.Serial], new DialogParameters<EnrolDialog> { { d => d.Seen, agv } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: EnrolDialog.Request r }) return;
        var (result, message) = await Admin.EnrolSeenAsync(await WhoAsync(), agv.Serial, r.Key);
        Report(result, agv.Serial, r.Key is not null, message);
        await AfterChangeAsync();
    }

    private void Report(EnrolResult result, string serial, bool secure, string message)
    {
        switch (result)
        {
            case EnrolResult.Created: Snackbar.Add(secure ? L["EnrolledSecure", serial] : L["EnrolledOne", serial], Severity.Success); break;
            case EnrolResult.Exists: Snackbar.Add(L["Exists", serial], Severity.Error); break;
            default: Snackbar.Add(L["EnrolRefused", message], Severity.Error); break;
        }
    }

    internal async Task RemoveAsync(string serial)
    {
        if (!await AllowedAsync()) return;
        var yes = await Dialogs.ShowMessageBoxAsync(L["RemoveTitle", serial], L["RemoveQuestion", serial], yesText: L["RemoveYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        var (result, message) = await Admin.RemoveAsync(await WhoAsync(), serial);
        Snackbar.Add(result switch
        {
            RemoveResult.Removed => L["Removed", serial],
            RemoveResult.Unknown => L["Unknown", serial],
            _ => L["RemoveRefused", message],
        }, result == RemoveResult.Removed ? Severity.Success : Severity.Error);
        await AfterChangeAsync();
    }

    /// <summary>The site-wide switch, after asking: stored, audited; AGVs online stay, new connections follow it.</summary>
    internal async Task ToggleNormalModeAsync()
    {
        if (!await AllowedAsync()) return;
        bool allow = !_normalAllowed;
        var yes = await Dialogs.ShowMessageBoxAsync(allow ? L["AcceptTitle"] : L["RefuseTitle"], allow ? L["AcceptQuestion"] : L["RefuseQuestion"],
            yesText: allow ? L["AcceptNormal"] : L["RefuseNormal"], cancelText: L["Cancel"]);
        if (yes != true) return;
        await Listener.SetAllowNormalModeAsync(allow);
        await Audit.WriteAsync(await WhoAsync(), "normal mode", "site", allow ? "accept normal mode" : "refuse normal mode", "ok");
        Snackbar.Add(allow ? L["NormalAccepted"] : L["NormalRefused"], Severity.Success);
        Load();
    }

    /// <summary>The API key is shown on request only (someone may be looking over the administrator's shoulder); showing it is audited.</summary>
    internal async Task ToggleApiKeyAsync()
    {
        if (!await AllowedAsync()) return;
        _showApiKey = !_showApiKey;
        if (_showApiKey) await Audit.TryWriteAsync(Logger, await WhoAsync(), "show API key", "api", "generated key shown", "ok");
    }

    private async Task CopyAsync(string elementId)
    {
        try
        {
            _copy ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/copy-text.js");
            var outcome = await _copy.InvokeAsync<string>("copy", elementId);
            Snackbar.Add(outcome == "copied" ? L["Copied"] : L["Selected"], Severity.Info);
        }
        catch (JSDisconnectedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (_copy is null) return;
        try { await _copy.DisposeAsync(); }
        catch (JSDisconnectedException) { }
    }
}
