using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>Reads an AGV's history back: events, state samples, run data. Bounded, newest kept.</summary>
public sealed class HistoryQuery(IDbContextFactory<ConsoleDbContext> factory) : IHistoryQuery
{
    private const int MaxRows = 5000;

    public async Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.AgvEvents.AsNoTracking().Where(e => e.Serial == serial)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(count).ToListAsync(ct);
        return rows.Select(e => new AgvEventRecord(e.At, e.Kind, e.Code, e.Level, e.Text)).ToList();
    }

    public async Task<IReadOnlyList<AgvEventRecord>> EventsAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.AgvEvents.AsNoTracking().Where(e => e.Serial == serial && e.At >= from && e.At <= to)
            .OrderByDescending(e => e.At).Take(MaxRows).ToListAsync(ct);
        return rows.Select(e => new AgvEventRecord(e.At, e.Kind, e.Code, e.Level, e.Text)).ToList();
    }

    public async Task<IReadOnlyList<StateSampleRecord>> StateSamplesAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.StateSamples.AsNoTracking().Where(s => s.Serial == serial && s.At >= from && s.At <= to)
            .OrderByDescending(s => s.At).Take(MaxRows).ToListAsync(ct);
        return rows.OrderBy(s => s.At).Select(s => new StateSampleRecord(s.At, (uint)s.MapId, s.X, s.Y, s.State, s.BatteryPct, (uint)s.TaskId)).ToList();
    }

    public async Task<IReadOnlyList<RunDataRecord>> RunDataAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.RunDataSamples.AsNoTracking().Where(r => r.Serial == serial && r.At >= from && r.At <= to)
            .OrderByDescending(r => r.At).Take(MaxRows).ToListAsync(ct);
        return rows.OrderBy(r => r.At).Select(r => new RunDataRecord(r.At, r.OdometerMm, r.MotorTempC, r.BatteryTempC, r.ControllerTempC, r.CollisionCount, r.EmergencyStopCount)).ToList();
    }
}
