using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

public sealed class ParameterStore(IDbContextFactory<ConsoleDbContext> factory) : IParameterRepository
{
    public async Task<IReadOnlyDictionary<ParamId, long>> GetForAgvAsync(string serial, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AgvParameters.AsNoTracking().Where(p => p.Serial == serial).ToDictionaryAsync(p => (ParamId)p.ParamId, p => p.Value, ct);
    }

    public async Task SaveForAgvAsync(string serial, IReadOnlyDictionary<ParamId, long> values, CancellationToken ct = default)
    {
        if (values.Count == 0) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.AgvParameters.Where(p => p.Serial == serial).ToDictionaryAsync(p => (ParamId)p.ParamId, ct);
        foreach (var (id, value) in values)
        {
            if (!existing.TryGetValue(id, out var row))
                db.AgvParameters.Add(row = new AgvParameterEntity { Serial = serial, ParamId = (int)id });
            row.Value = value;
            row.UpdatedAt = DateTimeOffset.UtcNow;
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyDictionary<ParamId, long>> GetTypeDefaultsAsync(string agvType, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.TypeParameterDefaults.AsNoTracking().Where(p => p.AgvType == agvType).ToDictionaryAsync(p => (ParamId)p.ParamId, p => p.Value, ct);
    }

    public async Task SaveTypeDefaultsAsync(string agvType, IReadOnlyDictionary<ParamId, long> values, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.TypeParameterDefaults.Where(p => p.AgvType == agvType).ExecuteDeleteAsync(ct);
        foreach (var (id, value) in values) db.TypeParameterDefaults.Add(new TypeParameterDefaultEntity { AgvType = agvType, ParamId = (int)id, Value = value });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
