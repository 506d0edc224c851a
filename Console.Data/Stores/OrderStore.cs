using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

public sealed class OrderStore(IDbContextFactory<ConsoleDbContext> factory) : IOrderRepository
{
    private static readonly string[] OpenStatuses = [nameof(OrderStatus.Queued), nameof(OrderStatus.Assigned), nameof(OrderStatus.Running)];

    private static Order ToOrder(OrderEntity e) => Order.Restore(e.Id, e.ExternalId, Enum.Parse<OrderType>(e.Type), (uint?)e.FromNodeId, (uint)e.ToNodeId,
        e.Priority, e.RequestedAgv, Enum.Parse<OrderStatus>(e.Status), e.AgvSerial, (uint?)e.TaskId, e.Leg, e.CreatedAt, e.UpdatedAt, e.Error);

    public async Task SaveAsync(Order o, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = o.Id == 0 ? null : await db.Orders.SingleOrDefaultAsync(x => x.Id == o.Id, ct);
        if (e is null) db.Orders.Add(e = new OrderEntity());
        e.ExternalId = o.ExternalId;
        e.Type = o.Type.ToString();
        e.FromNodeId = o.FromNodeId;
        e.ToNodeId = o.ToNodeId;
        e.Priority = o.Priority;
        e.RequestedAgv = o.RequestedAgv;
        e.Status = o.Status.ToString();
        e.AgvSerial = o.AgvSerial;
        e.TaskId = o.TaskId;
        e.Leg = o.Leg;
        e.CreatedAt = o.CreatedAt;
        e.UpdatedAt = o.UpdatedAt == default ? o.CreatedAt : o.UpdatedAt;
        e.Error = o.Error;
        await db.SaveChangesAsync(ct);
        o.Id = e.Id;
    }

    public async Task<Order?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Orders.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        return e is null ? null : ToOrder(e);
    }

    public async Task<Order?> FindByExternalIdAsync(string externalId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Orders.AsNoTracking().Where(x => x.ExternalId == externalId).OrderBy(x => x.Id).FirstOrDefaultAsync(ct);
        return e is null ? null : ToOrder(e);
    }

    public async Task<IReadOnlyList<Order>> GetOpenAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Orders.AsNoTracking().Where(x => OpenStatuses.Contains(x.Status)).ToListAsync(ct)).Select(ToOrder).ToList();
    }

    public async Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(OrderQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        IQueryable<OrderEntity> q = db.Orders.AsNoTracking();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select(s => s.ToString()).ToList();
            q = q.Where(o => names.Contains(o.Status));
        }
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            // Lower on both sides: case-insensitive on SQLite and PostgreSQL alike (LIKE differs between them).
            var text = query.Text.Trim().ToLowerInvariant();
            var nodes = (query.Nodes ?? []).Select(n => (long)n).ToList();
            q = q.Where(o => o.ExternalId.ToLower().Contains(text) || (o.AgvSerial != null && o.AgvSerial.ToLower().Contains(text))
                             || nodes.Contains(o.ToNodeId) || (o.FromNodeId != null && nodes.Contains(o.FromNodeId.Value)));
        }
        int total = await q.CountAsync(ct);
        var page = await q.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(ct);
        return (page.Select(ToOrder).ToList(), total);
    }

    public async Task<IReadOnlyList<Order>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Orders.AsNoTracking().OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Take(count).ToListAsync(ct)).Select(ToOrder).ToList();
    }
}
