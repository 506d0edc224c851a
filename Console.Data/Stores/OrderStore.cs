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

    public async Task<IReadOnlyList<Order>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Orders.AsNoTracking().OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Take(count).ToListAsync(ct)).Select(ToOrder).ToList();
    }
}
