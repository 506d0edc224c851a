using AgvConsole.Data.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Data;

/// <summary>
/// Brings the database to this console's schema at start-up: EF Core migrations, one set per
/// provider (Console.Data.Migrations/README.md), applied all together in ONE transaction.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A new database is created by the migrations (PostgreSQL: the database itself first).</item>
/// <item>A database of a release before migrations (SchemaInfo, no migrations recorded) is adopted:
/// brought to exactly the first migration, "Baseline", which is recorded as applied
/// (<see cref="LegacyRelease"/>); the later migrations then run as on any database.</item>
/// <item>A database with a migration this console does not know was written by a newer console, and
/// is refused; so is a non-empty database that is neither.</item>
/// </list>
/// All of it, adoption and every pending migration, runs in one transaction: if any statement fails,
/// nothing of this start-up is left in the database, which stays as it was (and the console stops).
/// PostgreSQL runs all DDL in a transaction; EF Core's few operations that cannot (CREATE INDEX
/// CONCURRENTLY and the like) are refused before anything runs. SQLite runs DDL in a transaction too;
/// its one exception, the foreign-key switch around table rebuilds, is handled by turning foreign keys
/// off around the transaction and checking them before commit (<see cref="SingleTransactionSqliteMigrationsSqlGenerator"/>).
/// Two consoles starting on one database wait for each other: PostgreSQL takes an advisory lock in the
/// transaction, SQLite's transaction begins IMMEDIATE (the write lock).
/// </remarks>
public static class DatabaseInitializer
{
    /// <summary>The first migration of each set: the schema of the last release before migrations.</summary>
    public const string BaselineMigrationName = "Baseline";

    // pg_advisory_xact_lock key, "AGVCMIGR": one start-up migrates at a time.
    private const long PostgresMigrationLock = 0x4147_5643_4D49_4752;

    /// <summary>Returns true when the database was created (it held no tables), false when it existed.</summary>
    public static async Task<bool> InitializeAsync(ConsoleDbContext db, ILogger logger, CancellationToken ct = default)
    {
        bool sqlite = db.Database.IsSqlite();
        if (!sqlite && !db.Database.IsNpgsql()) throw new NotSupportedException($"The console runs on SQLite or PostgreSQL, not {db.Database.ProviderName}.");
        var migrations = db.GetService<IMigrationsAssembly>();
        if (migrations.Migrations.Count == 0)
            throw new InvalidOperationException($"No migrations found for {db.Database.ProviderName}: configure the context with ConsoleDatabase.UseConsoleSqlite or UseConsolePostgres, " +
                                                $"and reference {(sqlite ? ConsoleDatabase.SqliteMigrationsAssembly : ConsoleDatabase.PostgresMigrationsAssembly)} from the host.");
        string baselineId = migrations.Migrations.Keys.Order(StringComparer.Ordinal).First();
        if (!baselineId.EndsWith("_" + BaselineMigrationName, StringComparison.Ordinal))
            throw new InvalidOperationException($"The first migration is {baselineId}, not the {BaselineMigrationName}: a migration was added with an older timestamp.");

        if (!sqlite)
        {
            // CREATE DATABASE cannot run inside a transaction; an empty database changes nothing if what follows fails.
            var creator = db.GetService<IRelationalDatabaseCreator>();
            try
            {
                if (!await creator.ExistsAsync(ct)) await creator.CreateAsync(ct);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
                // Another console starting at the same moment created it: go on, the lock below orders the rest.
            }
        }
        await db.Database.OpenConnectionAsync(ct);
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys=OFF;", ct); // a no-op inside a transaction: set before it
        }
        try
        {
            bool created;
            IReadOnlyList<string> pending;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                if (!sqlite) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0});", [PostgresMigrationLock], ct);
                (created, pending) = await PrepareAsync(db, migrations, baselineId, logger, ct);
                if (pending.Count > 0) logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
                if (sqlite) await CheckSqliteForeignKeysAsync(db, ct);
                await tx.CommitAsync(ct);
            }
            if (created) logger.LogInformation("Created the database (migrations up to {Last})", migrations.Migrations.Keys.Max(StringComparer.Ordinal));
            else if (pending.Count > 0) logger.LogInformation("Upgraded the database to {Last}", pending[^1]);
            return created;
        }
        finally
        {
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys=ON;", CancellationToken.None);
        }
    }

    /// <summary>Reads what the database is, refuses what this console must not touch, adopts a legacy one; returns what is still to apply.</summary>
    private static async Task<(bool Created, IReadOnlyList<string> Pending)> PrepareAsync(
        ConsoleDbContext db, IMigrationsAssembly migrations, string baselineId, ILogger logger, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        var tables = await SchemaQueries.TablesAsync(db, ct);
        // Made first: Npgsql reads the history by trying it, and a failed statement would abort the transaction.
        await history.CreateIfNotExistsAsync(ct);
        var applied = (await history.GetAppliedMigrationsAsync(ct)).Select(r => r.MigrationId).ToList();

        var unknown = applied.Where(id => !migrations.Migrations.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"The database has migrations this console does not know ({string.Join(", ", unknown)}): " +
                                                "it was written by a newer console. Run that console (or restore a backup taken before it); nothing was changed.");

        bool created = false;
        if (LegacyRelease.IsLegacy(tables, applied))
        {
            await LegacyRelease.AdoptAsync(db, baselineId, logger, ct);
            applied.Add(baselineId);
        }
        else if (applied.Count == 0)
        {
            var foreign = tables.Where(t => t != "__EFMigrationsHistory").ToList();
            if (foreign.Count > 0)
                throw new InvalidOperationException($"The database holds tables ({string.Join(", ", foreign.Order().Take(5))}{(foreign.Count > 5 ? ", …" : "")}) " +
                                                    "but neither migrations nor SchemaInfo: it was not created by this console. Nothing was changed.");
            created = true;
        }
        return (created, migrations.Migrations.Keys.Except(applied).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Rebuilt tables ran with foreign keys off: commit only if every reference still holds.</summary>
    private static async Task CheckSqliteForeignKeysAsync(ConsoleDbContext db, CancellationToken ct)
    {
        var broken = await db.Database.SqlQueryRaw<string>("""SELECT "table" || ' row ' || rowid || ' → ' || parent AS "Value" FROM pragma_foreign_key_check""").ToListAsync(ct);
        if (broken.Count > 0)
            throw new InvalidOperationException($"The migrations would leave broken references ({string.Join("; ", broken.Take(5))}); nothing was changed.");
    }
}
