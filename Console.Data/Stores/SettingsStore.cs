using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>Key-value settings the console itself keeps (the generated demo API key, the normal-mode switch).</summary>
public sealed class SettingsStore(IDbContextFactory<ConsoleDbContext> factory) : ISettingsRepository
{
    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct))?.Value;
    }

    public async Task SetAsync(string key, string value, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var s = await db.Settings.SingleOrDefaultAsync(x => x.Key == key, ct);
        if (s is null) db.Settings.Add(new SettingEntity { Key = key, Value = value });
        else s.Value = value;
        await db.SaveChangesAsync(ct);
    }
}
