using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Data.Tests;

/// <summary>
/// The start-up's migrations on each provider: a new database, a second start, a database of a
/// newer console, a foreign database, and migrations that fail half-way (nothing may be left of them).
/// </summary>
public abstract class MigrationContract(TestDatabase database) : IDisposable
{
    protected TestDatabase Database { get; } = database;

    public void Dispose() => Database.Dispose();

    protected async Task<bool> StartAsync(IDbContextFactory<ConsoleDbContext>? factory = null)
    {
        await using var db = (factory ?? Database.Factory()).CreateDbContext();
        return await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance);
    }

    /// <summary>
    /// The start-up fails on the injected migration's last statement (a table that does not exist),
    /// so every statement before it (in the same transaction) had run.
    /// </summary>
    protected async Task FailsAtTheLastStatementAsync(IDbContextFactory<ConsoleDbContext> failing)
    {
        var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => StartAsync(failing));
        Assert.Contains("NoSuchTable", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    protected static IReadOnlyList<string> AllMigrations(IDbContextFactory<ConsoleDbContext> f)
    {
        using var db = f.CreateDbContext();
        return db.Database.GetMigrations().ToList();
    }

    protected async Task<List<string>> AppliedAsync() =>
        (await Database.ReadTableAsync("__EFMigrationsHistory")).Select(r => r["MigrationId"]).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        using var db = Database.Factory().CreateDbContext();
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the last migration's snapshot: add a migration (Console.Data.Migrations/README.md)");
        var ids = db.Database.GetMigrations().ToList();
        Assert.EndsWith("_" + DatabaseInitializer.BaselineMigrationName, ids[0]);
    }

    [Fact]
    public async Task A_new_database_is_created_by_the_migrations_with_every_table_of_the_model()
    {
        Assert.True(await StartAsync());
        Assert.Equal(AllMigrations(Database.Factory()), await AppliedAsync());
        await using var db = Database.Factory().CreateDbContext();
        var modelTables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).ToHashSet();
        Assert.Subset((await Database.TablesAsync()).ToHashSet(), modelTables);
        // SchemaInfo says "migrated", so a release that kept the version by hand refuses this database.
        Assert.Equal(3, (await db.SchemaInfo.SingleAsync()).Version);
        Assert.False(await db.Agvs.AnyAsync());
    }

    [Fact]
    public async Task A_second_start_changes_nothing()
    {
        Assert.True(await StartAsync());
        var schema = await Database.SchemaAsync();
        var rows = await Database.RowsAsync();
        Assert.False(await StartAsync());
        Assert.Equal(schema, await Database.SchemaAsync());
        Assert.Equal(rows, await Database.RowsAsync());
    }

    [Fact]
    public async Task Two_consoles_starting_at_once_migrate_one_after_the_other()
    {
        var results = await Task.WhenAll(StartAsync(), StartAsync());
        Assert.Equal([false, true], results.Order()); // one created the database, the other found it migrated
        Assert.Equal(AllMigrations(Database.Factory()), await AppliedAsync());
    }

    [Fact]
    public async Task A_database_of_a_newer_console_is_refused_and_left_alone()
    {
        Assert.True(await StartAsync());
        await Database.ExecuteAsync("""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('29991231235959_FromANewerConsole', '11.0.0')""");
        var schema = await Database.SchemaAsync();
        var rows = await Database.RowsAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());
        Assert.Contains("29991231235959_FromANewerConsole", e.Message);
        Assert.Contains("newer console", e.Message);
        Assert.Equal(schema, await Database.SchemaAsync());
        Assert.Equal(rows, await Database.RowsAsync());
    }

    [Fact]
    public async Task A_database_the_console_did_not_create_is_refused_and_left_alone()
    {
        await Database.ExecuteAsync("""CREATE TABLE "Inventory" ("Sku" TEXT PRIMARY KEY); INSERT INTO "Inventory" VALUES ('A-1');""");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());
        Assert.Contains("not created by this console", e.Message);
        Assert.Equal(["Inventory"], await Database.TablesAsync());
        Assert.Equal(["Inventory: Sku=A-1"], await Database.RowsAsync());
    }

    [Fact]
    public async Task A_migration_failing_half_way_on_a_new_database_leaves_no_table()
    {
        var failing = Database.Factory(o => o.ReplaceService<IMigrationsAssembly, InjectedMigrations<FailsHalfWay>>());
        await FailsAtTheLastStatementAsync(failing);
        Assert.Empty(await Database.TablesAsync()); // not even the Baseline, which ran first in the same transaction
        Assert.True(await StartAsync()); // and the console starts on it as on any new database
    }

    [Fact]
    public async Task A_migration_failing_half_way_on_a_migrated_database_leaves_it_as_it_was()
    {
        Assert.True(await StartAsync());
        await using (var db = Database.Factory().CreateDbContext())
        {
            db.Agvs.Add(new Entities.AgvEntity { Serial = "KV-FL-01", AgvId = 1, Vendor = "Kivo", CreatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }
        var schema = await Database.SchemaAsync();
        var rows = await Database.RowsAsync();
        var failing = Database.Factory(o => o.ReplaceService<IMigrationsAssembly, InjectedMigrations<FailsHalfWay>>());
        await FailsAtTheLastStatementAsync(failing);
        Assert.Equal(schema, await Database.SchemaAsync()); // no Probe column, no index
        Assert.Equal(rows, await Database.RowsAsync());
        Assert.DoesNotContain(InjectedMigration.FailingId, await AppliedAsync());
    }

    [Fact]
    public async Task A_migration_failing_half_way_on_a_legacy_database_leaves_it_as_the_old_release_left_it()
    {
        await Database.RunScriptAsync(TestDatabase.Fixture($"legacy-v1.{Database.Provider}.sql"));
        var schema = await Database.SchemaAsync();
        var rows = await Database.RowsAsync();
        var failing = Database.Factory(o => o.ReplaceService<IMigrationsAssembly, InjectedMigrations<FailsHalfWay>>());
        await FailsAtTheLastStatementAsync(failing);
        // Still schema 1 with no migrations recorded: the old step, the adoption and SchemaInfoMarksMigrations are all undone.
        Assert.Equal(schema, await Database.SchemaAsync());
        Assert.Equal(rows, await Database.RowsAsync());
        Assert.DoesNotContain("__EFMigrationsHistory", await Database.TablesAsync());
        Assert.Equal(1L, Convert.ToInt64(await Database.ScalarAsync("""SELECT "Version" FROM "SchemaInfo" """)));
    }
}

public sealed class SqliteMigrationTests() : MigrationContract(new SqliteTestDatabase())
{
    [Fact]
    public async Task Runs_in_wal_mode_with_foreign_keys_on_after_the_start()
    {
        await using var db = Database.Factory().CreateDbContext();
        Assert.True(await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance));
        Assert.Equal("wal", Convert.ToString(await Database.ScalarAsync("PRAGMA journal_mode;")));
        // The start-up's own connection goes on serving the console: foreign keys back on, synchronous=NORMAL (1).
        var connection = db.Database.GetDbConnection();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA foreign_keys;";
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
        cmd.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_table_rebuild_runs_in_the_start_up_transaction_and_keeps_the_child_rows()
    {
        await Database.RunScriptAsync(TestDatabase.Fixture("legacy-v2.sqlite.sql"));
        var nodes = await Database.ReadTableAsync("MapNodes");
        var edges = await Database.ReadTableAsync("MapEdges");
        Assert.NotEmpty(nodes);
        var rebuilding = Database.Factory(o => o.ReplaceService<IMigrationsAssembly, InjectedMigrations<RebuildsMaps>>());
        Assert.False(await StartAsync(rebuilding));
        Assert.Contains("29990101000001_RebuildsMaps", await AppliedAsync());
        // Maps was dropped and recreated; with foreign keys on, that would have cascaded to its nodes and edges.
        // Compared on the old release's columns: later migrations add some (a node's name, empty on old rows).
        Assert.Equal(nodes, (await Database.ReadTableAsync("MapNodes")).Select(r => r.Where(kv => nodes[0].ContainsKey(kv.Key)).ToDictionary()).ToList());
        Assert.All(await Database.ReadTableAsync("MapNodes"), r => Assert.Equal("NULL", r["Name"]));
        Assert.Equal(edges, await Database.ReadTableAsync("MapEdges"));
        Assert.Equal(2L, await Database.ScalarAsync("SELECT COUNT(*) FROM \"Maps\""));
        Assert.Empty(await Database.ReadTableAsync("pragma_foreign_key_check"));
    }

    [Fact]
    public async Task A_table_rebuild_followed_by_a_failure_is_rolled_back_with_the_rest()
    {
        await Database.RunScriptAsync(TestDatabase.Fixture("legacy-v2.sqlite.sql"));
        Assert.False(await StartAsync());
        var schema = await Database.SchemaAsync();
        var rows = await Database.RowsAsync();
        var failing = Database.Factory(o => o.ReplaceService<IMigrationsAssembly, InjectedMigrations<RebuildsMapsThenFails>>());
        await FailsAtTheLastStatementAsync(failing);
        Assert.Equal(schema, await Database.SchemaAsync()); // no ef_temp_Maps, Maps as it was
        Assert.Equal(rows, await Database.RowsAsync());
    }
}

public sealed class PostgresMigrationTests() : MigrationContract(new PostgresTestDatabase())
{
    [Fact]
    public async Task A_migration_that_cannot_run_in_a_transaction_is_refused_and_nothing_is_applied()
    {
        var concurrently = Database.Factory(o => o.ReplaceService<IMigrationsAssembly, InjectedMigrations<IndexesConcurrently>>());
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => StartAsync(concurrently));
        Assert.Contains("TransactionSuppressed", e.Message);
        Assert.Empty(await Database.TablesAsync()); // the Baseline ran before it, in the same transaction
    }

    [Fact]
    public async Task A_missing_database_is_created_first_also_by_two_consoles_at_once()
    {
        await Database.ExecuteAsync("SELECT 1"); // the test's database exists; drop it and let the start-up make it
        Npgsql.NpgsqlConnection.ClearAllPools();
        var admin = Environment.GetEnvironmentVariable("AGV_TEST_POSTGRES")!;
        string name = new Npgsql.NpgsqlConnectionStringBuilder(Database.ConnectionString).Database!;
        await using (var c = new Npgsql.NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
        var results = await Task.WhenAll(StartAsync(), StartAsync());
        Assert.Equal([false, true], results.Order());
        Assert.Equal(AllMigrations(Database.Factory()), await AppliedAsync());
    }
}
