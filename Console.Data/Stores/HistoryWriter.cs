using System.Threading.Channels;
using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Data.Stores;

/// <summary>
/// Batches history into the database off the report path: records queue in memory (unbounded,
/// so nothing accepted is dropped), a background loop writes up to <see cref="BatchSize"/> at a
/// time, retries a failed batch with backoff without losing it, and drains the queue on shutdown.
/// </summary>
public sealed class HistoryWriter(IDbContextFactory<ConsoleDbContext> factory, ILogger<HistoryWriter> logger) : BackgroundService, IHistorySink
{
    public const int BatchSize = 2000;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending, _written, _failedWrites;

    public long Pending => Interlocked.Read(ref _pending);
    public long Written => Interlocked.Read(ref _written);
    /// <summary>Batch writes that failed (each is retried; nothing is lost): a rising count is a database in trouble.</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);
    public string? LastError { get; private set; }
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between tries of a failing batch: a freed disk is written to within this.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public void StateSample(string serial, DateTimeOffset at, uint mapId, int x, int y, int theta, string state, int batteryPct, uint taskId) =>
        Enqueue(new StateSampleEntity { Serial = serial, At = at, MapId = mapId, X = x, Y = y, Theta = theta, State = state, BatteryPct = batteryPct, TaskId = taskId });

    public void Event(string serial, DateTimeOffset at, string kind, int code, string level, string text) =>
        Enqueue(new AgvEventEntity { Serial = serial, At = at, Kind = kind, Code = code, Level = level, Text = text });

    public void RunData(string serial, DateTimeOffset at, RunData d) => Enqueue(new RunDataSampleEntity
    {
        Serial = serial, At = at, OdometerMm = (long)d.OdometerMm, RuntimeS = d.RuntimeS, ChargeCycles = d.ChargeCycles,
        MotorTempC = d.MotorTempC, BatteryTempC = d.BatteryTempC, ControllerTempC = d.ControllerTempC, MotorCurrentMa = d.MotorCurrentMa,
        CollisionCount = d.CollisionCount, EmergencyStopCount = d.EmergencyStopCount, NavErrorCount = d.NavErrorCount,
    });

    private void Enqueue(object record)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(record); // unbounded: always succeeds until completed at shutdown
    }

    // The batch being written, kept across ExecuteAsync and the final drain in StopAsync.
    private readonly List<object> _batch = new(BatchSize);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = _batch;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(FlushInterval, stoppingToken); // let a batch gather
                Take(batch);
                await WriteWithRetryAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Writes what is left, including a batch that was being retried (a few tries: the host waits
    /// for this, and a disk that stays full must not hold the shutdown forever).
    /// </summary>
    private async Task DrainAsync()
    {
        var batch = _batch;
        Take(batch);
        for (int failures = 0; batch.Count > 0 && failures < 3;)
        {
            if (await TryWriteAsync(batch)) Take(batch);
            else
            {
                failures++;
                await Task.Delay(200);
            }
        }
        if (batch.Count > 0) logger.LogError("History writer stopped with {Count} records not written: {Error}", Pending, LastError);
    }

    private void Take(List<object> batch)
    {
        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var r)) batch.Add(r);
    }

    private async Task WriteWithRetryAsync(List<object> batch, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (batch.Count > 0)
        {
            if (await TryWriteAsync(batch))
            {
                Take(batch);
                continue;
            }
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, delay.TotalMilliseconds * 2));
        }
    }

    /// <summary>
    /// Writes one batch. Not cancellable on purpose: a write that has started finishes (shutdown
    /// waits for it) rather than leaving records half-tracked. Any failure keeps the batch.
    /// </summary>
    private async Task<bool> TryWriteAsync(List<object> batch)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync();
            foreach (var r in batch) db.Add(r);
            await db.SaveChangesAsync();
            Interlocked.Add(ref _written, batch.Count);
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
            LastError = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failedWrites);
            if (LastError is null) logger.LogError(e, "History write failed; {Count} records kept for retry", batch.Count);
            LastError = e.GetBaseException().Message;
            foreach (var r in batch)
                if (r is { } entity) ResetKey(entity);
            return false;
        }
    }

    private static void ResetKey(object entity)
    {
        switch (entity)
        {
            case StateSampleEntity s: s.Id = 0; break;
            case AgvEventEntity e: e.Id = 0; break;
            case RunDataSampleEntity r: r.Id = 0; break;
        }
    }

    /// <remarks>
    /// The drain runs here, after the loop has ended, not at the end of ExecuteAsync: .NET 10 starts
    /// ExecuteAsync through Task.Run with the stopping token, so a quick stop can cancel it before it
    /// ever runs, and records written until then would be lost.
    /// </remarks>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try { await base.StopAsync(cancellationToken); }
        catch (OperationCanceledException) { }
        await DrainAsync();
    }
}
