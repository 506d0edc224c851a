using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

public sealed class NotificationStore(IDbContextFactory<ConsoleDbContext> factory) : INotificationRepository
{
    public async Task<IReadOnlyList<NotificationGroup>> GetGroupsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.NotificationGroups.AsNoTracking().OrderBy(g => g.Id).ToListAsync(ct))
            .Select(g => new NotificationGroup(g.Id, g.Name, g.Contacts, g.WebhookUrl)).ToList();
    }

    public async Task<NotificationGroup> SaveGroupAsync(NotificationGroup group, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = group.Id == 0 ? null : await db.NotificationGroups.SingleOrDefaultAsync(g => g.Id == group.Id, ct);
        if (e is null) db.NotificationGroups.Add(e = new NotificationGroupEntity());
        e.Name = group.Name;
        e.Contacts = group.Contacts;
        e.WebhookUrl = group.WebhookUrl;
        await db.SaveChangesAsync(ct);
        return new NotificationGroup(e.Id, e.Name, e.Contacts, e.WebhookUrl);
    }

    public async Task DeleteGroupAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.NotificationGroups.Where(g => g.Id == id).ExecuteDeleteAsync(ct);
    }

    public async Task RecordDeliveryAsync(WebhookDelivery d, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.WebhookDeliveries.Add(new WebhookDeliveryEntity
        {
            At = d.At, GroupId = d.GroupId, GroupName = d.GroupName, AlarmId = d.AlarmId, Change = d.Change, Url = d.Url,
            Attempts = d.Attempts, Delivered = d.Delivered, Error = d.Error,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> RecentDeliveriesAsync(int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.WebhookDeliveries.AsNoTracking().OrderByDescending(d => d.At).ThenByDescending(d => d.Id).Take(count).ToListAsync(ct);
        return rows.Select(d => new WebhookDelivery(d.At, d.GroupId, d.GroupName, d.AlarmId, d.Change, d.Url, d.Attempts, d.Delivered, d.Error)).ToList();
    }
}
