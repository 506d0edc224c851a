using System.Globalization;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Components.Controls;
using AgvConsole.Web.Components.Dialogs;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// Transport orders, live: the open ones as the dispatcher serves them (priority, then age), then those
/// that ended this shift, newest first; or the whole stored history, paged in the database. Filter by
/// status, search by external id, AGV or place. Supervisors and Administrators queue orders (a dialog
/// with places picked from a list), change priorities and cancel (asked first); every handler checks.
/// Links: <c>?status=queued</c> (or <c>open</c>), <c>?q=</c>, and <c>?new=1&amp;from=&lt;node&gt;&amp;to=&lt;node&gt;</c>
/// opens the new-order dialog with those places picked (the live map links a node here).
/// </summary>
public partial class Orders
{
    public const string OpenFilter = "open";
    public static int ShiftHours => (int)ShiftRecorder.Shift.TotalHours;

    [Inject] private IOrderFeed Feed { get; set; } = default!;
    [Inject] private SiteMaps Maps { get; set; } = default!;
    [Inject] private AgvConsole.Fleet.Orders.Dispatcher Dispatcher { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<PlaceText> PlaceWords { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "status")] private string? StatusQuery { get; set; }
    [SupplyParameterFromQuery(Name = "q")] private string? SearchQuery { get; set; }
    [SupplyParameterFromQuery(Name = "new")] private string? NewQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? ToQuery { get; set; }

    private MudDataGrid<Order> _grid = default!;
    private string? _search, _status;
    private bool _history, _anyOrder, _loaded, _gone;
    private int _queued, _inProgress, _endedRecently;
    private string? _queryProblem;

    protected override void OnInitialized()
    {
        _search = SearchQuery;
        var problems = new List<string>();
        if (StatusQuery is { Length: > 0 } s)
        {
            if (s == OpenFilter || Enum.GetValues<OrderStatus>().Any(x => OrderStatusChip.NameOf(x) == s)) _status = s;
            else problems.Add(L["BadStatus", s]);
        }
        _queryProblem = problems.Count > 0 ? string.Join(" ", problems) : null;
        Count();
        if (RendererInfo.IsInteractive) Keep(Feed.Subscribe(() => InvokeAsync(RefreshAsync)));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && NewQuery == "1") await OpenFromLinkAsync();
    }

    protected override void Disposing() => _gone = true;

    private async Task RefreshAsync()
    {
        if (_gone) return;
        Count();
        await _grid.ReloadServerData();
        StateHasChanged();
    }

    private void Count()
    {
        var open = Feed.Open();
        _queued = open.Count(o => o.Status == OrderStatus.Queued);
        _inProgress = open.Count - _queued;
        _endedRecently = Feed.EndedWithin(ShiftRecorder.Shift).Count;
    }

    /// <summary>The grid's rows: from the live feed (this shift), or a page of the database's history.</summary>
    private async Task<GridData<Order>> LoadAsync(GridState<Order> state, CancellationToken ct)
    {
        _loaded = true; // the prerender says "loading", not "no orders"
        int skip = state.Page * state.PageSize;
        if (_history)
        {
            var (page, total) = await Feed.SearchAsync(new OrderQuery(Statuses(), _search, string.IsNullOrWhiteSpace(_search) ? null : PlacesMatching(_search), skip, state.PageSize));
            _anyOrder = total > 0 || (await Feed.SearchAsync(new OrderQuery(Take: 1))).Total > 0;
            return new GridData<Order> { Items = page, TotalItems = total };
        }
        var all = Live();
        _anyOrder = all.Count > 0;
        var rows = all.Where(Matches).ToList();
        return new GridData<Order> { Items = rows.Skip(skip).Take(state.PageSize).ToList(), TotalItems = rows.Count };
    }

    /// <summary>Open orders as the dispatcher serves them (highest priority, then oldest), then this shift's ended ones, newest first.</summary>
    private List<Order> Live() =>
        Feed.Open().OrderByDescending(o => o.Priority).ThenBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Concat(Feed.EndedWithin(ShiftRecorder.Shift).OrderByDescending(Updated).ThenByDescending(o => o.Id))
            .ToList();

    private IReadOnlyCollection<OrderStatus>? Statuses() => _status switch
    {
        null => null,
        OpenFilter => [OrderStatus.Queued, OrderStatus.Assigned, OrderStatus.Running],
        var s => Enum.GetValues<OrderStatus>().Where(x => OrderStatusChip.NameOf(x) == s).ToList(),
    };

    private bool Matches(Order o)
    {
        if (Statuses() is { } statuses && !statuses.Contains(o.Status)) return false;
        if (string.IsNullOrWhiteSpace(_search)) return true;
        var q = _search.Trim();
        return o.ExternalId.Contains(q, StringComparison.OrdinalIgnoreCase)
               || (o.AgvSerial?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
               || (o.RequestedAgv?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
               || o.Id.ToString(CultureInfo.InvariantCulture) == q.TrimStart('#')
               || PlaceMatches(o.ToNodeId, q) || (o.FromNodeId is { } f && PlaceMatches(f, q));
    }

    private bool PlaceMatches(uint node, string q) =>
        Maps.MapOfNode(node)?.Node(node) is { } n
            ? new Place(n.Id, 0, "", PlaceText.Label(n, PlaceWords), n.Kind).Matches(q)
            : node.ToString(CultureInfo.InvariantCulture).StartsWith(q, StringComparison.Ordinal);

    /// <summary>The nodes a search text names (by name, kind or number), for the history's query.</summary>
    private IReadOnlyCollection<uint> PlacesMatching(string q) =>
        PlaceText.All(Maps, PlaceWords).Where(p => p.Label.Contains(q.Trim(), StringComparison.CurrentCultureIgnoreCase)
                                                   || p.NodeId.ToString(CultureInfo.InvariantCulture) == q.Trim()).Select(p => p.NodeId).Take(1000).ToList();

    private Task SetSearchAsync(string? value) { _search = value; return _grid.ReloadServerData(); }
    private Task SetStatusAsync(string? value) { _status = value; return _grid.ReloadServerData(); }
    private Task SetHistoryAsync(bool value) { _history = value; return _grid.ReloadServerData(); }

    /// <summary>What the selects show for their value (the value itself is a name, not a word).</summary>
    private string StatusText(string? s) => s switch
    {
        null => "",
        OpenFilter => L["OpenOnly"],
        _ => Enum.GetValues<OrderStatus>().Where(x => OrderStatusChip.NameOf(x) == s).Select(x => OrderStatusChip.Word(x, S)).FirstOrDefault() ?? s,
    };

    private string ScopeText(bool history) => history ? L["ScopeHistory"] : L["ScopeLive", ShiftHours];

    private static string RowClass(Order o, int _) => o.Ended ? "order-row console-row-ended" : "order-row";
    private static DateTimeOffset Updated(Order o) => o.UpdatedAt == default ? o.CreatedAt : o.UpdatedAt;

    // ---- commands -------------------------------------------------------------------------------

    internal Task NewOrderAsync() => OpenNewOrderAsync(null, null);

    /// <summary>A link to <c>/orders?new=1&amp;from=&amp;to=</c>: the dialog with those places picked; the link's values are checked, never trusted.</summary>
    private async Task OpenFromLinkAsync()
    {
        var problems = new List<string>();
        uint? Node(string name, string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
            problems.Add(L["BadNode", name, text]);
            return null;
        }
        var from = Node("from", FromQuery);
        var to = Node("to", ToQuery);
        if (problems.Count > 0)
        {
            _queryProblem = string.Join(" ", (_queryProblem is null ? problems : problems.Prepend(_queryProblem)));
            StateHasChanged();
        }
        await OpenNewOrderAsync(from, to);
        // The link did its work: a reload or "back" does not open the dialog again.
        Nav.NavigateTo(Nav.GetUriWithQueryParameters(new Dictionary<string, object?> { ["new"] = null, ["from"] = null, ["to"] = null }), replace: true);
    }

    private async Task OpenNewOrderAsync(uint? from, uint? to)
    {
        if (!await Permissions.AllowsAsync(Policies.Dispatch))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        var parameters = new DialogParameters<NewOrderDialog> { { d => d.From, from }, { d => d.To, to } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<NewOrderDialog>(L["NewOrderTitle"], parameters, options);
        if (await dialog.Result is not { Canceled: false, Data: NewOrderDialog.Submitted s }) return;
        Snackbar.Add(s.Existing ? L["AlreadyQueued", s.ExternalId, s.OrderId] : L["QueuedOrder", s.OrderId, s.ExternalId],
            s.Existing ? Severity.Info : Severity.Success, c =>
            {
                c.Action = L["Open"];
                c.OnClick = _ => { Nav.NavigateTo($"/orders/{s.OrderId}"); return Task.CompletedTask; };
            });
    }

    internal async Task SetPriorityAsync(Order order, int priority)
    {
        if (!await Permissions.AllowsAsync(Policies.Dispatch))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        var (_, error) = await Dispatcher.ReprioritiseAsync(order.Id, priority, await Permissions.UserNameAsync());
        Snackbar.Add(error ?? L["Reprioritised", order.Id, priority], error is null ? Severity.Success : Severity.Error);
    }

    internal async Task CancelAsync(Order order)
    {
        if (!await Permissions.AllowsAsync(Policies.Dispatch))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        var question = order.AgvSerial is { } agv && order.Status is OrderStatus.Assigned or OrderStatus.Running
            ? L["CancelQuestionDriving", order.ExternalId, agv]
            : L["CancelQuestion", order.ExternalId];
        bool? yes = await Dialogs.ShowMessageBoxAsync(L["CancelTitle", order.Id], question, yesText: L["CancelYes"], cancelText: L["Keep"]);
        if (yes != true) return;
        var (found, error) = await Dispatcher.CancelAsync(order.Id, await Permissions.UserNameAsync() ?? "?");
        if (found is null) error = L["Unknown", order.Id];
        Snackbar.Add(error ?? L["Cancelled", order.Id], error is null ? Severity.Success : Severity.Error);
    }
}
