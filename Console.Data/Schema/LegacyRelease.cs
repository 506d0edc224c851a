using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Data.Schema;

/// <summary>
/// Adopts a database made by a release before EF Core migrations: those created the schema with
/// EnsureCreated and kept its version (1 or 2) in SchemaInfo, upgrading 1 → 2 with hand-written
/// ALTER statements. Adopting brings the database to exactly the first migration ("Baseline",
/// the schema of release 2) and records that migration as applied; the migrations after it then
/// run as on any database. Runs inside the start-up transaction: if anything here or in a later
/// migration fails, the database stays as that release left it.
/// </summary>
internal static class LegacyRelease
{
    /// <summary>The last schema version kept by hand; the Baseline migration is exactly its schema.</summary>
    public const int LastVersion = 2;

    /// <summary>A database of those releases: SchemaInfo, and no migration recorded.</summary>
    public static bool IsLegacy(ISet<string> tables, IReadOnlyCollection<string> appliedMigrations) =>
        tables.Contains("SchemaInfo") && appliedMigrations.Count == 0;

    public static async Task AdoptAsync(ConsoleDbContext db, string baselineId, ILogger logger, CancellationToken ct)
    {
        var versions = await db.Database.SqlQueryRaw<int>("""SELECT "Version" AS "Value" FROM "SchemaInfo" """).ToListAsync(ct);
        if (versions.Count != 1 || versions[0] is < 1 or > LastVersion)
            throw new InvalidOperationException(versions.Count == 1 && versions[0] > LastVersion
                ? $"The database has schema version {versions[0]} in SchemaInfo but no migrations recorded (__EFMigrationsHistory): " +
                  "it was not left by a console this one can upgrade. Nothing was changed."
                : $"The database's SchemaInfo holds {(versions.Count == 1 ? $"version {versions[0]}" : $"{versions.Count} rows")}, " +
                  $"not one version from 1 to {LastVersion}: it was not left by a console this one can upgrade. Nothing was changed.");
        int version = versions[0];
        logger.LogInformation("Adopting a database of schema version {Version} (a release before migrations)", version);

        if (version == 1) await UpgradeOneToTwoAsync(db, ct);
        var migrations = db.GetService<IMigrationsAssembly>();
        var baseline = migrations.CreateMigration(migrations.Migrations[baselineId], db.Database.ProviderName!);
        await MatchBaselineDefinitionsAsync(db, baseline, ct);
        await CheckTablesAndColumnsAsync(db, baseline, ct);

        var history = db.GetService<IHistoryRepository>();
        string efVersion = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baselineId, efVersion)), ct);
        logger.LogInformation("Recorded the database as at migration {Baseline}", baselineId);
    }

    /// <summary>The hand-written step of release 2, as it was: width limits on nodes and edges, closed edges.</summary>
    private static async Task UpgradeOneToTwoAsync(ConsoleDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "MapNodes" ADD COLUMN "MaxWidthMm" INTEGER NULL;""", ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "MapEdges" ADD COLUMN "MaxWidthMm" INTEGER NULL;""", ct);
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite()
            ? """ALTER TABLE "MapEdges" ADD COLUMN "Closed" INTEGER NOT NULL DEFAULT 0;"""
            : """ALTER TABLE "MapEdges" ADD COLUMN "Closed" boolean NOT NULL DEFAULT FALSE;""", ct);
    }

    /// <summary>
    /// The 1 → 2 step left MapEdges."Closed" with a default (the column needed one to be added to
    /// existing rows) that a database created at version 2 does not have. PostgreSQL drops it;
    /// SQLite cannot alter a column, so the map tables whose definition is not the Baseline's are
    /// rebuilt from the Baseline's own operations (SQLite's documented create-copy-drop-rename).
    /// </summary>
    private static async Task MatchBaselineDefinitionsAsync(ConsoleDbContext db, Migration baseline, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "MapEdges" ALTER COLUMN "Closed" DROP DEFAULT;""", ct);
            return;
        }
        var generator = db.GetService<IMigrationsSqlGenerator>();
        foreach (var table in new[] { "MapNodes", "MapEdges" })
        {
            var create = baseline.UpOperations.OfType<CreateTableOperation>().Single(t => t.Name == table);
            string wanted = Collapse(generator.Generate([create]).Single().CommandText);
            if (Collapse(await SchemaQueries.SqliteTableSqlAsync(db, table, ct) ?? "") == wanted) continue;
            await RebuildSqliteTableAsync(db, create, baseline.UpOperations.OfType<CreateIndexOperation>().Where(i => i.Table == table), ct);
        }
    }

    private static string Collapse(string sql) => Regex.Replace(sql.Trim().TrimEnd(';'), @"\s+", " ");

    private static async Task RebuildSqliteTableAsync(ConsoleDbContext db, CreateTableOperation create, IEnumerable<CreateIndexOperation> indexes, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var generator = db.GetService<IMigrationsSqlGenerator>();
        string table = create.Name, temp = "ef_temp_" + create.Name;
        string columns = string.Join(", ", create.Columns.Select(c => sql.DelimitIdentifier(c.Name)));
        // AUTOINCREMENT's high-water mark: ids of deleted rows must not come back after the copy.
        var sequence = (await db.Database.SqlQueryRaw<long>("""SELECT seq AS "Value" FROM sqlite_sequence WHERE name = {0}""", table).ToListAsync(ct)).SingleOrDefault();

        create.Name = temp; // this Migration instance is ours alone
        foreach (var command in generator.Generate([create])) await db.Database.ExecuteSqlRawAsync(command.CommandText, ct);
        create.Name = table;
        // Identifiers from the Baseline migration, delimited: no outside text reaches these statements.
        string[] copyDropRename =
        [
            $"INSERT INTO {sql.DelimitIdentifier(temp)} ({columns}) SELECT {columns} FROM {sql.DelimitIdentifier(table)};",
            $"DROP TABLE {sql.DelimitIdentifier(table)};",
            $"ALTER TABLE {sql.DelimitIdentifier(temp)} RENAME TO {sql.DelimitIdentifier(table)};",
        ];
        foreach (var statement in copyDropRename) await db.Database.ExecuteSqlRawAsync(statement, ct);
        if (sequence > 0)
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_sequence WHERE name = {0};", [table], ct);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO sqlite_sequence (name, seq) VALUES ({0}, {1});", [table, sequence], ct);
        }
        foreach (var command in generator.Generate(indexes.ToList<MigrationOperation>())) await db.Database.ExecuteSqlRawAsync(command.CommandText, ct);
    }

    /// <summary>Every table of the Baseline is there with exactly its columns; otherwise the database is not release 2's, and is refused.</summary>
    private static async Task CheckTablesAndColumnsAsync(ConsoleDbContext db, Migration baseline, CancellationToken ct)
    {
        var tables = await SchemaQueries.TablesAsync(db, ct);
        var problems = new List<string>();
        foreach (var create in baseline.UpOperations.OfType<CreateTableOperation>())
        {
            if (!tables.Contains(create.Name)) { problems.Add($"table {create.Name} is missing"); continue; }
            var have = (await SchemaQueries.ColumnsAsync(db, create.Name, ct)).Select(c => c.Name).ToList();
            var want = create.Columns.Select(c => c.Name).ToList();
            var missing = want.Except(have).ToList();
            var unknown = have.Except(want).ToList();
            if (missing.Count > 0) problems.Add($"{create.Name} lacks {string.Join(", ", missing)}");
            if (unknown.Count > 0) problems.Add($"{create.Name} has unknown columns {string.Join(", ", unknown)}");
        }
        if (problems.Count > 0)
            throw new InvalidOperationException($"The database says schema version {LastVersion} but is not that schema ({string.Join("; ", problems)}). Nothing was changed.");
    }
}
