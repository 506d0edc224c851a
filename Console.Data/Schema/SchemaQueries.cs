using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Schema;

/// <summary>What the database holds, read from its catalogue (SQLite or PostgreSQL), inside the current transaction.</summary>
internal static class SchemaQueries
{
    public sealed class Column
    {
        public string Name { get; set; } = "";
        public string? DefaultValue { get; set; }
    }

    /// <summary>The user tables (SQLite's own sqlite_* tables left out).</summary>
    public static async Task<HashSet<string>> TablesAsync(ConsoleDbContext db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>(db.Database.IsSqlite()
            ? """SELECT name AS "Value" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'"""
            : """SELECT table_name::text AS "Value" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'""")
            .ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The table's columns in their order, with their defaults as the catalogue gives them (null: none).</summary>
    public static async Task<List<Column>> ColumnsAsync(ConsoleDbContext db, string table, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<Column>(db.Database.IsSqlite()
            ? """SELECT name AS "Name", dflt_value AS "DefaultValue" FROM pragma_table_info({0}) ORDER BY cid"""
            : """
              SELECT column_name::text AS "Name", column_default::text AS "DefaultValue" FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = {0} ORDER BY ordinal_position
              """, table).ToListAsync(ct);

    /// <summary>SQLite only: the CREATE TABLE statement the table was made with, as SQLite keeps it.</summary>
    public static async Task<string?> SqliteTableSqlAsync(ConsoleDbContext db, string table, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>("""SELECT sql AS "Value" FROM sqlite_master WHERE type = 'table' AND name = {0}""", table)
            .ToListAsync(ct)).SingleOrDefault();
}
