using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Live;

/// <summary>The dispatcher's orders as pages read them. Faked in component tests.</summary>
public interface IOrderFeed
{
    /// <summary>Orders not ended yet (queued, assigned, running).</summary>
    IReadOnlyCollection<Order> Open();

    /// <summary>Orders that ended (finished, failed, cancelled) within the last <paramref name="window"/>, oldest first.</summary>
    IReadOnlyList<Order> EndedWithin(TimeSpan window);

    /// <summary>Calls <paramref name="changed"/> (throttled) after any order changed or an event of a timeline was recorded. Dispose to stop.</summary>
    IDisposable Subscribe(Func<Task> changed);

    /// <summary>The orders assigned to an AGV within the last <paramref name="window"/>, each with how long it waited (queued → assigned), oldest first.</summary>
    IReadOnlyList<OrderWait> AssignedWithin(TimeSpan window);

    /// <summary>One order: as the dispatcher holds it while open, else as stored; null when there is none.</summary>
    Task<Order?> FindAsync(long id);

    /// <summary>What happened to the order, oldest first.</summary>
    Task<IReadOnlyList<OrderEvent>> TimelineAsync(long id);

    /// <summary>A page of the stored orders (the history), newest first, and how many match.</summary>
    Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(OrderQuery query);
}

/// <summary>
/// The dispatcher as a feed: its Changed and Recorded events signal; ended and assigned orders of the
/// shift come from <see cref="ShiftRecorder"/>, single orders, timelines and the history from the database.
/// </summary>
public sealed class OrderFeed(Dispatcher dispatcher, ShiftRecorder shift, IOrderRepository store, IOrderEventRepository timelines,
    IOptions<LiveOptions> options, TimeProvider time, ILogger<OrderFeed> logger) : IOrderFeed
{
    public IReadOnlyCollection<Order> Open() => dispatcher.Open;

    public IReadOnlyList<Order> EndedWithin(TimeSpan window) => shift.EndedSince(time.GetUtcNow() - window);

    public IReadOnlyList<OrderWait> AssignedWithin(TimeSpan window) => shift.AssignedSince(time.GetUtcNow() - window);

    public async Task<Order?> FindAsync(long id) => dispatcher.Open.FirstOrDefault(o => o.Id == id) ?? await store.GetAsync(id);

    public Task<IReadOnlyList<OrderEvent>> TimelineAsync(long id) => timelines.TimelineAsync(id);

    public Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(OrderQuery query) => store.SearchAsync(query);

    public IDisposable Subscribe(Func<Task> changed)
    {
        LiveSubscription? subscription = null;
        subscription = new LiveSubscription(changed, options.Value.MinInterval, time, logger, _ =>
        {
            dispatcher.Changed -= OnChanged;
            dispatcher.Recorded -= OnRecorded;
        });
        dispatcher.Changed += OnChanged;
        dispatcher.Recorded += OnRecorded;
        return subscription;

        void OnChanged(Order _) => subscription!.Signal();
        void OnRecorded(Order _, OrderEvent __) => subscription!.Signal();
    }
}
