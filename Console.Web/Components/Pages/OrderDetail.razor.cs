using System.Globalization;
using System.Text.RegularExpressions;
using AgvConsole.Fleet.Orders;
using AgvConsole.Web.Components.Controls;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// One order and its timeline, live: queued (when, by whom), assigned (which AGV), each leg (sent,
/// driving, waiting for its way and for whom, arrived), the load actions, and how it ended (finished,
/// failed with why, cancelled by whom). The AGV and the places link to their pages; while the order
/// runs, its AGV's state and why it stands still are shown beside it. Supervisors and Administrators
/// change its priority and cancel it (asked first); every handler checks.
/// </summary>
public partial class OrderDetail
{
    [Parameter] public string Id { get; set; } = "";

    [Inject] private IOrderFeed Orders { get; set; } = default!;
    [Inject] private IFleetFeed Fleet { get; set; } = default!;
    [Inject] private AgvConsole.Fleet.Orders.Dispatcher Dispatcher { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;

    private long _id;
    private Order? _order;
    private AgvStatus? _agv;
    private IReadOnlyList<OrderEvent> _timeline = [];
    private string? _problem;
    private List<BreadcrumbItem> _crumbs = [];
    private bool _gone;

    protected override async Task OnInitializedAsync()
    {
        _crumbs = [new(L["Orders"], "/orders"), new(L["TitleOf", Id], null, disabled: true)];
        if (!long.TryParse(Id, NumberStyles.None, CultureInfo.InvariantCulture, out _id))
        {
            _problem = L["BadId", Id];
            return;
        }
        await LoadAsync();
        if (_order is null) return;
        if (!RendererInfo.IsInteractive) return;
        Keep(Orders.Subscribe(() => InvokeAsync(RefreshAsync)));
        Keep(Fleet.Subscribe(() => InvokeAsync(RefreshAgv)));
    }

    protected override void Disposing() => _gone = true;

    private async Task LoadAsync()
    {
        _order = await Orders.FindAsync(_id);
        if (_order is null)
        {
            _problem = L["Unknown", _id];
            return;
        }
        _timeline = await Orders.TimelineAsync(_id);
        _agv = _order.AgvSerial is { } serial ? Fleet.Find(serial) : null;
    }

    private async Task RefreshAsync()
    {
        if (_gone) return;
        await LoadAsync();
        StateHasChanged();
    }

    private void RefreshAgv()
    {
        if (_gone || _order?.AgvSerial is not { } serial) return;
        _agv = Fleet.Find(serial);
        StateHasChanged();
    }

    private static DateTimeOffset Updated(Order o) => o.UpdatedAt == default ? o.CreatedAt : o.UpdatedAt;
    private static string AgvLink(string serial) => $"/agvs/{Uri.EscapeDataString(serial)}";

    // ---- the timeline in words ----------------------------------------------------------------------

    private static string Icon(OrderEventKind k) => k switch
    {
        OrderEventKind.Queued => Icons.Material.Filled.PlaylistAdd,
        OrderEventKind.Reprioritised => Icons.Material.Filled.LowPriority,
        OrderEventKind.Assigned => Icons.Material.Filled.AssignmentInd,
        OrderEventKind.LegSent or OrderEventKind.LegResent => Icons.Material.Filled.Send,
        OrderEventKind.LegHeld or OrderEventKind.Waiting => Icons.Material.Filled.HourglassTop,
        OrderEventKind.Driving or OrderEventKind.WayFree => Icons.Material.Filled.PlayArrow,
        OrderEventKind.Arrived => Icons.Material.Filled.Place,
        OrderEventKind.PickedUp => Icons.Material.Filled.Upload,
        OrderEventKind.DroppedOff => Icons.Material.Filled.Download,
        OrderEventKind.Finished => Icons.Material.Filled.CheckCircle,
        OrderEventKind.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.Cancel,
    };

    private static string Tone(OrderEventKind k) => k switch
    {
        OrderEventKind.Failed or OrderEventKind.Cancelled => "console-timeline-bad",
        OrderEventKind.Finished => "console-timeline-good",
        OrderEventKind.Waiting or OrderEventKind.LegHeld => "console-timeline-wait",
        _ => "",
    };

    /// <summary>Which leg, in words: a deliver order's pick-up or drop-off leg; other orders have one.</summary>
    private string Leg(OrderEvent e) => _order?.Type == OrderType.Deliver ? L[e.Leg == 0 ? "LegPickUp" : "LegDropOff"] : L["LegOnly"];

    /// <summary>Who did it: a user by name, a business system by its API key's name.</summary>
    private string Who(string by) => by.StartsWith("api:", StringComparison.Ordinal) ? L["ApiKey", by[4..]] : by;

    private RenderFragment Describe(OrderEvent e) => e.Kind switch
    {
        OrderEventKind.Queued => e.By is { } by ? Sentence(L["Event.QueuedBy"], Text(Who(by))) : Sentence(L["Event.Queued"]),
        OrderEventKind.Reprioritised => Sentence(L["Event.Reprioritised"], Text(e.Detail ?? "?"), Text(e.By is { } who ? Who(who) : "?")),
        OrderEventKind.Assigned => Sentence(L["Event.Assigned"], Agv(e.Agv)),
        OrderEventKind.LegSent => Sentence(L["Event.LegSent"], Text(Leg(e)), Place(e.Node), Agv(e.Agv), Text(Task(e))),
        OrderEventKind.LegHeld => Sentence(L["Event.LegHeld"], Text(Leg(e)), Place(e.Node)),
        OrderEventKind.LegResent => Sentence(L["Event.LegResent"], Text(Leg(e)), Place(e.Node), Text(Task(e))),
        OrderEventKind.Driving => Sentence(L["Event.Driving"], Agv(e.Agv), Text(Leg(e)), Place(e.Node)),
        OrderEventKind.Waiting => Sentence(L["Event.Waiting"], Agv(e.Agv), Agv(e.Detail)),
        OrderEventKind.WayFree => Sentence(L["Event.WayFree"], Agv(e.Agv)),
        OrderEventKind.Arrived => Sentence(L["Event.Arrived"], Agv(e.Agv), Place(e.Node)),
        OrderEventKind.PickedUp => Sentence(L["Event.PickedUp"], Place(e.Node)),
        OrderEventKind.DroppedOff => Sentence(L["Event.DroppedOff"], Place(e.Node)),
        OrderEventKind.Finished => Sentence(L["Event.Finished"]),
        OrderEventKind.Failed => Sentence(L["Event.Failed"], Text(e.Detail ?? "?")),
        _ => e.By is { } canceller ? Sentence(L["Event.CancelledBy"], Text(Who(canceller))) : Sentence(L["Event.CancelledOnAgv"]),
    };

    private string Task(OrderEvent e) => e.TaskId is { } t ? t.ToString(CultureInfo.InvariantCulture) : "–";

    private static RenderFragment Text(string s) => b => b.AddContent(0, s);

    private static RenderFragment Agv(string? serial) => b =>
    {
        if (serial is null) { b.AddContent(0, "?"); return; }
        b.OpenElement(1, "a");
        b.AddAttribute(2, "href", AgvLink(serial));
        b.AddAttribute(3, "data-serial", serial);
        b.AddContent(4, serial);
        b.CloseElement();
    };

    private static RenderFragment Place(uint? node) => b =>
    {
        if (node is not { } n) { b.AddContent(0, "?"); return; }
        b.OpenComponent<PlaceText>(1);
        b.AddComponentParameter(2, nameof(PlaceText.NodeId), n);
        b.CloseComponent();
    };

    /// <summary>
    /// A translated sentence with its placeholders ({0}, {1}…) filled by fragments (links, places):
    /// each language orders them its own way; the text parts are encoded like any Razor text.
    /// </summary>
    private static RenderFragment Sentence(string format, params RenderFragment[] parts) => b =>
    {
        // Split keeps the captured numbers: text, number, text, number, …
        var pieces = Placeholder().Split(format);
        for (int i = 0; i < pieces.Length; i++)
        {
            b.OpenRegion(0);
            if (i % 2 == 1 && int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < parts.Length) b.AddContent(0, parts[n]);
            else b.AddContent(1, pieces[i]);
            b.CloseRegion();
        }
    };

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    // ---- commands ------------------------------------------------------------------------------------

    internal async Task SetPriorityAsync(int priority)
    {
        if (!await Permissions.AllowsAsync(Policies.Dispatch))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        var (_, error) = await Dispatcher.ReprioritiseAsync(_id, priority, await Permissions.UserNameAsync());
        Snackbar.Add(error ?? L["Reprioritised", _id, priority], error is null ? Severity.Success : Severity.Error);
        await RefreshAsync();
    }

    internal async Task CancelAsync()
    {
        if (!await Permissions.AllowsAsync(Policies.Dispatch))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        if (_order is not { } o) return;
        var question = o.AgvSerial is { } agv && o.Status is OrderStatus.Assigned or OrderStatus.Running
            ? L["CancelQuestionDriving", o.ExternalId, agv]
            : L["CancelQuestion", o.ExternalId];
        bool? yes = await Dialogs.ShowMessageBoxAsync(L["CancelTitle", o.Id], question, yesText: L["CancelYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        var (found, error) = await Dispatcher.CancelAsync(_id, await Permissions.UserNameAsync() ?? "?");
        if (found is null) error = L["Unknown", _id];
        Snackbar.Add(error ?? L["Cancelled", _id], error is null ? Severity.Success : Severity.Error);
        await RefreshAsync();
    }
}
