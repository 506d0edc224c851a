using AgvConsole.Fleet.Alarms;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Live;

/// <summary>One change of an alarm: raised, acknowledged, cleared, or stored (late, after the database failed).</summary>
public sealed record AlarmChange(Alarm Alarm, string Change);

/// <summary>The live alarms as pages read them. Faked in component tests.</summary>
public interface IAlarmFeed
{
    /// <summary>Every active alarm now.</summary>
    IReadOnlyCollection<Alarm> Active();

    /// <summary>Active alarms not yet acknowledged (the badge).</summary>
    int Unacknowledged();

    /// <summary>Calls <paramref name="changed"/> (throttled) after any alarm changed. Dispose to stop.</summary>
    IDisposable Subscribe(Func<Task> changed);

    /// <summary>
    /// As <see cref="Subscribe"/>, with the changes since the last call (oldest first; at most
    /// <see cref="AlarmFeed.MaxChangesPerRefresh"/>, the newest kept): what toasts need.
    /// </summary>
    IDisposable SubscribeChanges(Func<IReadOnlyList<AlarmChange>, Task> changed);
}

/// <summary>The alarm engine as a feed: its Changed event signals the subscriptions (a few times a second at most).</summary>
public sealed class AlarmFeed(AlarmEngine engine, IOptions<LiveOptions> options, TimeProvider time, ILogger<AlarmFeed> logger) : IAlarmFeed
{
    /// <summary>Changes kept per refresh and subscription (the newest): a bound on memory in a storm of alarms. Toasts summarise a storm themselves.</summary>
    public const int MaxChangesPerRefresh = 1000;

    public IReadOnlyCollection<Alarm> Active() => engine.Active;
    public int Unacknowledged() => engine.Active.Count(a => a.AcknowledgedAt is null);

    public IDisposable Subscribe(Func<Task> changed) => SubscribeChanges(_ => changed());

    public IDisposable SubscribeChanges(Func<IReadOnlyList<AlarmChange>, Task> changed)
    {
        var buffer = new Queue<AlarmChange>();
        LiveSubscription? subscription = null;
        subscription = new LiveSubscription(() =>
        {
            AlarmChange[] batch;
            lock (buffer)
            {
                batch = buffer.ToArray();
                buffer.Clear();
            }
            return changed(batch);
        }, options.Value.MinInterval, time, logger, _ => engine.Changed -= OnChanged);
        engine.Changed += OnChanged;
        return subscription;

        void OnChanged(Alarm alarm, string change)
        {
            lock (buffer)
            {
                buffer.Enqueue(new AlarmChange(alarm, change));
                while (buffer.Count > MaxChangesPerRefresh) buffer.Dequeue();
            }
            subscription!.Signal();
        }
    }
}
