using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>The orders' timelines, one row per event, appended as the dispatcher records them.</summary>
public sealed class OrderEventStore(IDbContextFactory<ConsoleDbContext> factory) : IOrderEventRepository
{
    private static readonly string Assigned = nameof(OrderEventKind.Assigned);

    public async Task AppendAsync(IReadOnlyList<OrderEvent> events, CancellationToken ct = default)
    {
        if (events.Count == 0) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        foreach (var e in events)
            db.OrderEvents.Add(new OrderEventEntity
            {
                OrderId = e.OrderId, At = e.At, Kind = e.Kind.ToString(), AgvSerial = Cut(e.Agv, 255), Leg = e.Leg, NodeId = e.Node, TaskId = e.TaskId,
                By = Cut(e.By, OrderEvent.MaxTextChars), Detail = Cut(e.Detail, OrderEvent.MaxTextChars),
            });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<OrderEvent>> TimelineAsync(long orderId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // By id as well: events recorded in one change share their time and keep the order they were recorded in.
        var rows = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return rows.Where(e => Enum.IsDefined(typeof(OrderEventKind), e.Kind)).Select(ToEvent).ToList();
    }

    public async Task<IReadOnlyList<OrderWait>> AssignedSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.OrderEvents.AsNoTracking().Where(e => e.Kind == Assigned && e.At >= since)
            .Join(db.Orders, e => e.OrderId, o => o.Id, (e, o) => new { e.OrderId, o.CreatedAt, e.At })
            .ToListAsync(ct);
        // An order is assigned once (Order guards it); the first is its wait should a row ever repeat.
        return rows.GroupBy(r => r.OrderId).Select(g => g.OrderBy(r => r.At).First()).OrderBy(r => r.At)
            .Select(r => new OrderWait(r.OrderId, r.CreatedAt, r.At)).ToList();
    }

    private static OrderEvent ToEvent(OrderEventEntity e) =>
        new(e.OrderId, e.At, Enum.Parse<OrderEventKind>(e.Kind), e.AgvSerial, e.Leg, (uint?)e.NodeId, (uint?)e.TaskId, e.By, e.Detail);

    private static string? Cut(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
