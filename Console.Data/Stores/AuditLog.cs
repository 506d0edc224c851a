using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>The audit log table. Entries are written one by one and awaited: none may be lost.</summary>
public sealed class AuditLog(IDbContextFactory<ConsoleDbContext> factory) : IAuditSink
{
    public async Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Audit.Add(new AuditEntity { At = DateTimeOffset.UtcNow, Actor = actor, Action = action, Target = target, Detail = detail, Outcome = outcome });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Audit.AsNoTracking();
        if (target is not null) q = q.Where(a => a.Target == target);
        var rows = await q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(count).ToListAsync(ct);
        return rows.Select(a => new AuditRecord(a.At, a.Actor, a.Action, a.Target, a.Detail, a.Outcome)).ToList();
    }

    public async Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await Filtered(db, query).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(query.Offset, 0)).Take(Math.Clamp(query.Limit, 1, MaxPage)).ToListAsync(ct);
        return rows.Select(a => new AuditRecord(a.At, a.Actor, a.Action, a.Target, a.Detail, a.Outcome)).ToList();
    }

    public async Task<int> CountAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
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
