using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>The AGVs the console knows, in the Agvs table.</summary>
public sealed class AgvStore(IDbContextFactory<ConsoleDbContext> factory) : IAgvRepository
{
    // One writer at a time: the next agvId must never be handed out twice.
    private readonly SemaphoreSlim _idLock = new(1, 1);

    internal static AgvRecord ToRecord(AgvEntity a) => new(a.Serial, (uint)a.AgvId, a.Vendor, a.Model, a.Firmware, a.AgvType, a.NavType,
        a.LengthMm, a.WidthMm, a.HeightMm, a.MaxSpeed, a.PublicKey, a.Enrolled, a.CreatedAt, a.LastSeenAt, (uint)a.LastMapId, a.LastX, a.LastY, a.LastTheta, a.AutoDispatch);

    public async Task<IReadOnlyList<AgvRecord>> GetAllAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Agvs.AsNoTracking().OrderBy(a => a.Serial).ToListAsync(ct)).Select(ToRecord).ToList();
    }

    public async Task<AgvRecord?> FindAsync(string serial, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var a = await db.Agvs.AsNoTracking().SingleOrDefaultAsync(a => a.Serial == serial, ct);
        return a is null ? null : ToRecord(a);
    }

    private static async Task<long> NextIdAsync(ConsoleDbContext db, CancellationToken ct) =>
        (await db.Agvs.MaxAsync(a => (long?)a.AgvId, ct) ?? 0) + 1;

    public async Task<AgvRecord> RecordRegistrationAsync(AgvRecord d, CancellationToken ct = default)
    {
        await _idLock.WaitAsync(ct);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var agv = await db.Agvs.SingleOrDefaultAsync(a => a.Serial == d.Serial, ct);
            if (agv is null)
            {
                agv = new AgvEntity { Serial = d.Serial, CreatedAt = DateTimeOffset.UtcNow, AgvId = await NextIdAsync(db, ct) };
                db.Agvs.Add(agv);
            }
            agv.Vendor = d.Vendor;
            agv.Model = d.Model;
            agv.Firmware = d.Firmware;
            agv.AgvType = d.AgvType;
            agv.NavType = d.NavType;
            agv.LengthMm = d.LengthMm;
            agv.WidthMm = d.WidthMm;
            agv.HeightMm = d.HeightMm;
            agv.MaxSpeed = d.MaxSpeed;
            agv.LastSeenAt = DateTimeOffset.UtcNow;
            agv.LastMapId = d.LastMapId;
            agv.LastX = d.LastX;
            agv.LastY = d.LastY;
            agv.LastTheta = d.LastTheta;
            await db.SaveChangesAsync(ct);
            return ToRecord(agv);
        }
        finally
        {
            _idLock.Release();
        }
    }

    public async Task<AgvRecord?> EnrolAsync(AgvRecord r, CancellationToken ct = default)
    {
        await _idLock.WaitAsync(ct);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            if (await db.Agvs.AnyAsync(a => a.Serial == r.Serial, ct)) return null;
            var agv = new AgvEntity
            {
                Serial = r.Serial, AgvId = await NextIdAsync(db, ct), Vendor = r.Vendor, Model = r.Model, Firmware = r.Firmware,
                AgvType = r.AgvType, NavType = r.NavType, LengthMm = r.LengthMm, WidthMm = r.WidthMm, HeightMm = r.HeightMm,
                MaxSpeed = r.MaxSpeed, PublicKey = r.PublicKeyHex, Enrolled = true, CreatedAt = DateTimeOffset.UtcNow,
                LastMapId = r.LastMapId, LastX = r.LastX, LastY = r.LastY, LastTheta = r.LastTheta,
            };
            db.Agvs.Add(agv);
            await db.SaveChangesAsync(ct);
            return ToRecord(agv);
        }
        finally
        {
            _idLock.Release();
        }
    }

    public async Task<AgvRecord?> EnrolSeenAsync(string serial, string? publicKeyHex, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var agv = await db.Agvs.SingleOrDefaultAsync(a => a.Serial == serial && !a.Enrolled, ct);
        if (agv is null) return null;
        agv.Enrolled = true;
        agv.PublicKey = publicKeyHex;
        await db.SaveChangesAsync(ct);
        return ToRecord(agv);
    }

    public async Task<bool> RemoveAsync(string serial, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Agvs.Where(a => a.Serial == serial).ExecuteDeleteAsync(ct) > 0;
    }

    public async Task<bool> SetAutoDispatchAsync(string serial, bool on, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Agvs.Where(a => a.Serial == serial).ExecuteUpdateAsync(s => s.SetProperty(a => a.AutoDispatch, on), ct) > 0;
    }

    public async Task SaveLastPositionAsync(string serial, uint mapId, int x, int y, int theta, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Agvs.Where(a => a.Serial == serial).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.LastMapId, (long)mapId).SetProperty(a => a.LastX, x).SetProperty(a => a.LastY, y)
            .SetProperty(a => a.LastTheta, theta).SetProperty(a => a.LastSeenAt, DateTimeOffset.UtcNow), ct);
    }
}
