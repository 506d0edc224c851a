using System.Threading.Channels;
using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>
/// The audit log table. Every entry is awaited until it is stored (none may be lost), but entries written at
/// the same time are stored together: one writer takes whatever is waiting and saves it in one transaction
/// (group commit). With a thousand AGVs every grant of traffic control is a command to audit; written one by
/// one, each waited for SQLite's single writer lock, asleep on a pool thread, until the pool starved and
/// AGVs' answers were read too late (console-drive, 2026-11-30).
/// </summary>
public sealed class AuditLog : IAuditSink, IAsyncDisposable
{
    private readonly IDbContextFactory<ConsoleDbContext> _factory;

    public AuditLog(IDbContextFactory<ConsoleDbContext> factory)
    {
        _factory = factory;
        _writer = Task.Run(WriteLoopAsync); // from the start: a disposal always waits for it
    }

    /// <summary>At most this many entries in one transaction.</summary>
    public const int MaxBatch = 500;

    private sealed record Pending(AuditEntity Entry, TaskCompletionSource Stored);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default)
    {
        var pending = new Pending(new AuditEntity { At = DateTimeOffset.UtcNow, Actor = actor, Action = action, Target = target, Detail = detail, Outcome = outcome },
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(AuditLog), "The console is stopping: the audit log takes no more entries.");
        // A caller that stops waiting does not take the entry back: it is stored all the same.
        return pending.Stored.Task.WaitAsync(ct);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p)) batch.Add(p);
            try
            {
                await SaveAsync(batch);
                foreach (var p in batch) p.Stored.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One entry the database will not take must not cost the others: each is tried on its own.
                foreach (var p in batch)
                {
                    try
                    {
                        await SaveAsync([p]);
                        p.Stored.TrySetResult();
                    }
                    catch (Exception e) { p.Stored.TrySetException(e); }
                }
            }
            catch (Exception e)
            {
                // Its writer hears it failed (a full disk raises the console's own alarm there); the next batch tries afresh.
                batch[0].Stored.TrySetException(e);
            }
        }
    }

    private async Task SaveAsync(IReadOnlyList<Pending> entries)
    {
        await using var db = await _factory.CreateDbContextAsync();
        db.Audit.AddRange(entries.Select(p => p.Entry));
        await db.SaveChangesAsync();
    }

    /// <summary>Stores what is still waiting, then takes no more (the console is stopping).</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public async Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var q = db.Audit.AsNoTracking();
        if (target is not null) q = q.Where(a => a.Target == target);
        var rows = await q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(count).ToListAsync(ct);
        return rows.Select(a => new AuditRecord(a.At, a.Actor, a.Action, a.Target, a.Detail, a.Outcome)).ToList();
    }

    public async Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var rows = await Filtered(db, query).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(query.Offset, 0)).Take(Math.Clamp(query.Limit, 1, MaxPage)).ToListAsync(ct);
        return rows.Select(a => new AuditRecord(a.At, a.Actor, a.Action, a.Target, a.Detail, a.Outcome)).ToList();
    }

    public async Task<int> CountAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        return await Filtered(db, query).CountAsync(ct);
    }

    /// <summary>At most this many entries in one answer (the CSV export's 10 000 included).</summary>
    public const int MaxPage = 10_000;

    private static IQueryable<AuditEntity> Filtered(ConsoleDbContext db, AuditQuery query)
    {
        var q = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor)) q = q.Where(a => a.Actor.ToLower().Contains(query.Actor.ToLower()));
        if (!string.IsNullOrWhiteSpace(query.Action)) q = q.Where(a => a.Action.ToLower().Contains(query.Action.ToLower()));
        if (!string.IsNullOrWhiteSpace(query.Target)) q = q.Where(a => a.Target.ToLower().Contains(query.Target.ToLower()));
        if (query.From is { } from) q = q.Where(a => a.At >= from);
        if (query.To is { } to) q = q.Where(a => a.At <= to);
        return q;
    }
}
