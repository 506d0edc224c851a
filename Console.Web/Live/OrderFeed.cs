using AgvConsole.Fleet.Orders;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Live;

/// <summary>The dispatcher's orders as pages read them. Faked in component tests.</summary>
public interface IOrderFeed
{
    /// <summary>Orders not ended yet (queued, assigned, running).</summary>
    IReadOnlyCollection<Order> Open();

    /// <summary>Orders that ended (finished, failed, cancelled) within the last <paramref name="window"/>, oldest first.</summary>
    IReadOnlyList<Order> EndedWithin(TimeSpan window);

    /// <summary>Calls <paramref name="changed"/> (throttled) after any order changed. Dispose to stop.</summary>
    IDisposable Subscribe(Func<Task> changed);
}

/// <summary>The dispatcher as a feed: its Changed event signals; ended orders come from <see cref="ShiftRecorder"/>.</summary>
public sealed class OrderFeed(Dispatcher dispatcher, ShiftRecorder shift, IOptions<LiveOptions> options, TimeProvider time, ILogger<OrderFeed> logger) : IOrderFeed
{
    public IReadOnlyCollection<Order> Open() => dispatcher.Open;

    public IReadOnlyList<Order> EndedWithin(TimeSpan window) => shift.EndedSince(time.GetUtcNow() - window);

    public IDisposable Subscribe(Func<Task> changed)
    {
        LiveSubscription? subscription = null;
        subscription = new LiveSubscription(changed, options.Value.MinInterval, time, logger, _ => dispatcher.Changed -= OnChanged);
        dispatcher.Changed += OnChanged;
        return subscription;

        void OnChanged(Order _) => subscription!.Signal();
    }
}
