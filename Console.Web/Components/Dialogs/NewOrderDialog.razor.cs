using System.Security.Cryptography;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Web.Components.Controls;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace AgvConsole.Web.Components.Dialogs;

/// <summary>
/// A new transport order, with places picked from the site's list (by name, else number and kind,
/// floor by floor), its type, priority and optionally an AGV. The dialog makes its external id when
/// it opens and submits with it through <see cref="AgvConsole.Fleet.Orders.Dispatcher.SubmitOrFindAsync"/>: a double click or
/// a retry finds the order the first submit queued instead of queueing a second one.
/// </summary>
public partial class NewOrderDialog
{
    /// <summary>How many places the list shows at once; typing narrows it.</summary>
    public const int MaxPlaces = 60;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Inject] private AgvConsole.Fleet.Orders.Dispatcher Dispatcher { get; set; } = default!;
    [Inject] private Permissions Permissions { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private SiteMaps Maps { get; set; } = default!;
    [Inject] private IFleetFeed Fleet { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private IStringLocalizer<PlaceText> PlaceWords { get; set; } = default!;

    /// <summary>The place to pick up at (a deliver order), prefilled from a link.</summary>
    [Parameter] public uint? From { get; set; }
    /// <summary>The place the order goes to, prefilled from a link.</summary>
    [Parameter] public uint? To { get; set; }

    /// <summary>What the page is told when an order was queued (or found queued already by its external id).</summary>
    public sealed record Submitted(long OrderId, string ExternalId, bool Existing);

    /// <summary>This dialog's idempotency key: made once when it opens, sent with every submit.</summary>
    public string ExternalId { get; private set; } = "";

    private MudForm _form = default!;
    private IReadOnlyList<Place> _places = [];
    private PlaceSearch _fromSearch = default!, _toSearch = default!;
    private IReadOnlyList<AgvStatus> _agvs = [];
    private OrderType _type = OrderType.Move;
    private Place? _from, _to;
    private int _priority = 5;
    private string? _agv;
    private string? _error, _linkProblem;
    private bool _busy, _done;

    protected override void OnInitialized()
    {
        // Site time in the id, so a person can tell when it was made; random enough that two operators never collide.
        ExternalId = $"console-{SiteTime.Format(Time.GetUtcNow(), "yyyyMMdd-HHmmss")}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
        _places = PlaceText.All(Maps, PlaceWords);
        _fromSearch = new PlaceSearch(_places, MaxPlaces);
        _toSearch = new PlaceSearch(_places, MaxPlaces);
        _agvs = Fleet.Agvs().OrderBy(a => a.Serial, StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        _from = Prefill(From, problems);
        _to = Prefill(To, problems);
        if (_from is not null) _type = OrderType.Deliver;
        if (problems.Count > 0) _linkProblem = string.Join(" ", problems);
    }

    private Place? Prefill(uint? node, List<string> problems)
    {
        if (node is not { } id) return null;
        var place = _places.FirstOrDefault(p => p.NodeId == id);
        if (place is null) problems.Add(L["LinkNodeUnknown", id]);
        return place;
    }

    private static string LabelOf(Place? p) => p?.Label ?? "";


    private void SetType(OrderType type)
    {
        _type = type;
        _error = null;
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>
    /// Queues the order (Supervisor or Administrator). Every submit of this dialog carries the same
    /// external id, so however many arrive (a double click, a retry) one order is queued.
    /// </summary>
    public async Task SubmitAsync()
    {
        if (!await Permissions.AllowsAsync(Policies.Dispatch))
        {
            Snackbar.Add(T["NotAllowed"], Severity.Error);
            return;
        }
        await _form.ValidateAsync();
        _error = Check();
        if (!_form.IsValid || _error is not null) return;
        _busy = true;
        try
        {
            var who = await Permissions.UserNameAsync();
            var (order, error, existing) = await Dispatcher.SubmitOrFindAsync(ExternalId, _type, _type == OrderType.Deliver ? _from!.NodeId : null, _to!.NodeId,
                _priority, _agv, who);
            if (order is null)
            {
                _error = L["Refused", error ?? ""];
                return;
            }
            if (_done) return; // the first of two submits closed the dialog already
            _done = true;
            Dialog.Close(DialogResult.Ok(new Submitted(order.Id, order.ExternalId, existing)));
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>What the form cannot check by itself; null when the order may be sent.</summary>
    private string? Check()
    {
        if (_to is null) return L["ToRequired"];
        if (_type == OrderType.Deliver && _from is null) return L["FromRequired"];
        if (_type == OrderType.Deliver && _from!.NodeId == _to.NodeId) return L["SamePlace"];
        if (_priority is < 0 or > 9) return L["PriorityRange"];
        return null;
    }
}
