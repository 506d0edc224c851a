using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>Pending webhook calls in the PendingWebhooks table.</summary>
public sealed class WebhookOutbox(IDbContextFactory<ConsoleDbContext> factory) : IWebhookOutbox
{
    public async Task<PendingWebhook> AddAsync(PendingWebhook call, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = new PendingWebhookEntity
        {
            Kind = call.Kind, Url = call.Url, Payload = call.Payload, CreatedAt = call.CreatedAt,
            GroupId = call.GroupId, GroupName = call.GroupName, AlarmId = call.AlarmId, Change = call.Change,
        };
        db.PendingWebhooks.Add(e);
        await db.SaveChangesAsync(ct);
        return call with { Id = e.Id };
    }

    public async Task<IReadOnlyList<PendingWebhook>> PendingAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.PendingWebhooks.AsNoTracking().OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).ToListAsync(ct))
            .Select(e => new PendingWebhook(e.Id, e.Kind, e.Url, e.Payload, e.CreatedAt, e.GroupId, e.GroupName, e.AlarmId, e.Change)).ToList();
    }

    public async Task RemoveAsync(long id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.PendingWebhooks.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
    }
}
