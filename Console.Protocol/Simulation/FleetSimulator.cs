using System.Collections.Concurrent;
using AgvConsole.Protocol.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Protocol.Simulation;

/// <summary>Where the simulated fleet connects, and how hard it pushes.</summary>
public sealed class FleetSimulatorOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 7070;
    public string RcsId { get; init; } = "RCS";
    /// <summary>The console's public key (secure mode): AGVs refuse an RCS presenting another.</summary>
    public byte[]? RcsPublicKey { get; init; }
    /// <summary>Connections being set up at once (secure access costs a few SM2 operations each).</summary>
    public int ConnectConcurrency { get; init; } = 32;
    /// <summary>How often the scheduler looks for vehicles with something due.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(5);
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Runs many <see cref="SimulatedAgv"/>s from one process: one scheduler loop ticks every vehicle
/// that has something due (so 2 000 vehicles at 10 Hz cost 20 000 small steps a second, not 2 000
/// timers), connections are set up with bounded concurrency, and a vehicle whose connection drops
/// reconnects and registers again with backoff, as a real AGV would.
/// </summary>
public sealed class FleetSimulator : IAsyncDisposable
{
    private readonly FleetSimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _connecting;
    private readonly ConcurrentDictionary<SimulatedAgv, long> _retryAt = new();
    private readonly ConcurrentDictionary<SimulatedAgv, int> _failures = new();
    private Task? _scheduler;
    private Task? _connector;

    public FleetSimulator(FleetSimulatorOptions options, IEnumerable<SimulatedAgvOptions> agvs, ILogger? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _connecting = new SemaphoreSlim(options.ConnectConcurrency);
        Agvs = agvs.Select(o => new SimulatedAgv(o)).ToArray();
        foreach (var a in Agvs) _retryAt[a] = 0;
    }

    public IReadOnlyList<SimulatedAgv> Agvs { get; }
    public ProtocolCounters Counters { get; } = new();
    public int Connected => Agvs.Count(a => a.Client is not null);
    public long ConnectFailures;
    public long Reconnects;
    public long StatesSent => Agvs.Sum(a => a.StatesSent);
    public long StatesSkipped => Agvs.Sum(a => a.StatesSkipped);

    public void Start()
    {
        _connector = Task.Run(ConnectLoopAsync);
        _scheduler = Task.Run(SchedulerLoopAsync);
    }

    /// <summary>Waits until every vehicle is connected, or the timeout passes.</summary>
    public async Task<bool> WaitConnectedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Connected < Agvs.Count)
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return true;
    }

    private async Task ConnectLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long now = Environment.TickCount64;
            foreach (var (agv, at) in _retryAt)
            {
                if (at > now || now < agv.SilentUntil || !_retryAt.TryRemove(agv, out _)) continue;
                try { await _connecting.WaitAsync(_stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                _ = ConnectAsync(agv);
            }
            try { await Task.Delay(20, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    private async Task ConnectAsync(SimulatedAgv agv)
    {
        try
        {
            var o = agv.Options;
            var client = await AgvClient.ConnectAsync(new AgvClientOptions
            {
                Host = _options.Host,
                Port = _options.Port,
                Registration = o.ToRegister(),
                Mode = o.Mode,
                Key = o.Key,
                Integrity = o.Integrity,
                RcsId = _options.RcsId,
                RcsPublicKey = _options.RcsPublicKey,
            }, agv, Counters, _logger, _stop.Token).ConfigureAwait(false);
            agv.Attach(client, Environment.TickCount64);
            _failures.TryRemove(agv, out _);
            _ = client.Closed.ContinueWith(_ => Lost(agv), TaskScheduler.Default);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref ConnectFailures);
            int failures = _failures.AddOrUpdate(agv, 1, (_, n) => n + 1);
            if (failures == 1) _logger.LogWarning("{Serial} could not connect: {Error}", agv.Serial, e.Message);
            Retry(agv, failures);
        }
        catch (OperationCanceledException) { }
        finally
        {
            _connecting.Release();
        }
    }

    private void Lost(SimulatedAgv agv)
    {
        agv.Detach();
        if (_stop.IsCancellationRequested) return;
        Interlocked.Increment(ref Reconnects);
        Retry(agv, 1);
    }

    private void Retry(SimulatedAgv agv, int failures)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(_options.MaxReconnectDelay.TotalMilliseconds,
            _options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(10, failures - 1))));
        _retryAt[agv] = Environment.TickCount64 + (long)delay.TotalMilliseconds;
    }

    private async Task SchedulerLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                foreach (var agv in Agvs)
                {
                    if (agv.Client is null || now < agv.NextDue) continue;
                    try { agv.Tick(now); }
                    catch (Exception e) { _logger.LogError(e, "{Serial} tick failed", agv.Serial); }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Makes one vehicle fall silent for <paramref name="duration"/>: no reports, no heartbeats, no
    /// reconnect, while its TCP connection stays open (the console has to notice by itself).
    /// </summary>
    public void Silence(string serial, TimeSpan duration) =>
        Agvs.First(a => a.Serial == serial).SilentUntil = Environment.TickCount64 + (long)duration.TotalMilliseconds;

    /// <summary>Drops one vehicle's connection without a Disconnect, as a crash or a cable pull would.</summary>
    public async Task DropConnectionAsync(string serial)
    {
        var agv = Agvs.First(a => a.Serial == serial);
        if (agv.Client is { } c) await c.CloseAsync("simulated connection loss").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_scheduler is not null) await _scheduler.ConfigureAwait(false);
        if (_connector is not null) await _connector.ConfigureAwait(false);
        foreach (var agv in Agvs)
            if (agv.Client is { } c) await c.CloseAsync("simulator stopped").ConfigureAwait(false);
    }
}
