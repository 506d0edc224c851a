using System.Globalization;
using System.Threading.Channels;

namespace AgvConsole.Web.Live;

/// <summary>
/// One component's subscription to a live feed, throttled the Aspire.Dashboard way: a change only
/// <see cref="Signal"/>s it (cheap, never blocks the signaller); the callback then runs at most once
/// per <see cref="LiveOptions.MinInterval"/>, never twice at once, and however many signals arrive
/// meanwhile, at most one refresh is pending. Disposing it (the component ends, or its circuit
/// closes) stops it; a callback that throws is logged and the subscription goes on.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Task> _callback;
    private readonly TimeSpan _minInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<LiveSubscription>? _onDispose;
    // A circuit's language is the one it started with: refreshes run in it, whichever thread signals.
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _uiCulture = CultureInfo.CurrentUICulture;
    private int _disposed;

    public LiveSubscription(Func<Task> callback, TimeSpan minInterval, TimeProvider time, ILogger logger, Action<LiveSubscription>? onDispose = null)
    {
        _callback = callback;
        _minInterval = minInterval;
        _time = time;
        _logger = logger;
        _onDispose = onDispose;
        _ = RunAsync();
    }

    /// <summary>Something changed: a refresh will follow (coalesced with any refresh already pending).</summary>
    public void Signal() => _pending.Writer.TryWrite(true);

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        try
        {
            while (await _pending.Reader.WaitToReadAsync(ct))
            {
                _pending.Reader.TryRead(out _);
                try { await _callback(); }
                catch (Exception e) when (e is not OperationCanceledException) { _logger.LogWarning(e, "A live refresh failed; the next change tries again"); }
                if (_minInterval > TimeSpan.Zero) await Task.Delay(_minInterval, _time, ct);
            }
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _onDispose?.Invoke(this);
        _stop.Cancel();
        _pending.Writer.TryComplete();
    }
}

/// <summary>How often a component may refresh from a live feed. Tests set <see cref="MinInterval"/> to zero.</summary>
public sealed class LiveOptions
{
    /// <summary>At least this long between two refreshes of one subscription (a person reads no faster; the circuit sends less).</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);
}
