using AgvConsole.Tests;
using AgvConsole.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgvConsole.Web.Tests.Components.Bunit;

public sealed class LiveSubscriptionTests
{
    [Fact]
    public async Task Signals_during_a_refresh_coalesce_into_one_more_refresh()
    {
        var gate = new TaskCompletionSource();
        int calls = 0;
        using var s = new LiveSubscription(async () => { Interlocked.Increment(ref calls); await gate.Task; }, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        s.Signal();
        await Wait.Until(() => Volatile.Read(ref calls) == 1, 5, "refresh 1");
        for (int i = 0; i < 50; i++) s.Signal(); // while the first refresh runs
        gate.SetResult();
        await Wait.Until(() => Volatile.Read(ref calls) == 2, 5, "refresh 2");
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Keeps_the_minimum_interval_between_refreshes()
    {
        var clock = new FakeTimeProvider();
        int calls = 0;
        using var s = new LiveSubscription(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; }, TimeSpan.FromSeconds(1), clock, NullLogger.Instance);
        s.Signal();
        await Wait.Until(() => Volatile.Read(ref calls) == 1, 5, "refresh 1");
        s.Signal();
        s.Signal();
        await Task.Delay(100);
        Assert.Equal(1, Volatile.Read(ref calls)); // waits for the interval
        clock.Advance(TimeSpan.FromSeconds(1));
        await Wait.Until(() => Volatile.Read(ref calls) == 2, 5, "refresh 2");
    }

    [Fact]
    public async Task A_failing_refresh_is_logged_and_the_next_change_refreshes_again()
    {
        int calls = 0;
        using var s = new LiveSubscription(() => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask,
            TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        s.Signal();
        await Wait.Until(() => Volatile.Read(ref calls) == 1, 5, "refresh 1");
        s.Signal();
        await Wait.Until(() => Volatile.Read(ref calls) == 2, 5, "refresh 2");
    }

    [Fact]
    public async Task After_dispose_no_refresh_runs_and_the_owner_is_told()
    {
        int calls = 0, disposed = 0;
        var s = new LiveSubscription(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; }, TimeSpan.Zero, TimeProvider.System,
            NullLogger.Instance, _ => disposed++);
        s.Dispose();
        s.Dispose();
        s.Signal();
        await Task.Delay(100);
        Assert.Equal(0, Volatile.Read(ref calls));
        Assert.Equal(1, disposed);
    }
}
