using AgvConsole.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Data;

/// <summary>
/// Creates or checks the schema at start-up. The schema lives in code (EF Core's model; the
/// migrations tool is not obtainable here) and carries an explicit version in SchemaInfo: a new
/// database gets the current version; an older one is upgraded step by step by <see cref="Upgrades"/>;
/// a newer one (written by a later console) is refused rather than damaged.
/// </summary>
public static class DatabaseInitializer
{
    public const int CurrentVersion = 2;

    /// <summary>Upgrade steps: from version N to N+1, as SQL (the same on SQLite and PostgreSQL where possible).</summary>
    private static readonly Dictionary<int, Func<ConsoleDbContext, Task>> Upgrades = new()
    {
        // 2: width limits on nodes and edges, closed edges (planning respects footprints).
        [1] = async db =>
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"MapNodes\" ADD COLUMN \"MaxWidthMm\" INTEGER NULL;");
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"MapEdges\" ADD COLUMN \"MaxWidthMm\" INTEGER NULL;");
            await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite()
                ? "ALTER TABLE \"MapEdges\" ADD COLUMN \"Closed\" INTEGER NOT NULL DEFAULT 0;"
                : "ALTER TABLE \"MapEdges\" ADD COLUMN \"Closed\" boolean NOT NULL DEFAULT FALSE;");
        },
    };

    public static async Task<bool> InitializeAsync(ConsoleDbContext db, ILogger logger, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", ct);
        }
        bool created = await db.Database.EnsureCreatedAsync(ct);
        if (created)
        {
            db.SchemaInfo.Add(new SchemaInfoEntity { Id = 1, Version = CurrentVersion, AppliedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Created the database (schema version {Version})", CurrentVersion);
            return true;
        }
        var info = await db.SchemaInfo.SingleOrDefaultAsync(ct)
                   ?? throw new InvalidOperationException("The database exists but has no SchemaInfo: it was not created by this console.");
        if (info.Version > CurrentVersion)
            throw new InvalidOperationException($"The database has schema version {info.Version}, newer than this console's {CurrentVersion}.");
        while (info.Version < CurrentVersion)
        {
            await Upgrades[info.Version](db);
            info.Version++;
            info.AppliedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Upgraded the database to schema version {Version}", info.Version);
        }
        return false;
    }
}
