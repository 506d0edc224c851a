using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

public sealed class HistoryQuery(IDbContextFactory<ConsoleDbContext> factory) : IHistoryQuery
{
    public async Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.AgvEvents.AsNoTracking().Where(e => e.Serial == serial)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(count).ToListAsync(ct);
        return rows.Select(e => new AgvEventRecord(e.At, e.Kind, e.Code, e.Level, e.Text)).ToList();
    }
}
