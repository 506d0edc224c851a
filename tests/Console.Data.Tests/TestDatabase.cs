using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgvConsole.Data.Tests;

/// <summary>
/// One empty database of a test, on SQLite (a file of its own) or PostgreSQL (a database of its
/// own on the server named by AGV_TEST_POSTGRES, which ./test.sh starts). Besides contexts it reads
/// the database's schema and rows straight from the catalogue, to compare before and after.
/// </summary>
public abstract class TestDatabase : IDisposable
{
    /// <summary>"sqlite" or "postgres", as in the fixtures' file names.</summary>
    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }

    /// <summary>Contexts as the console makes them (<see cref="ConsoleDatabase"/>), plus whatever <paramref name="extra"/> adds.</summary>
    public IDbContextFactory<ConsoleDbContext> Factory(Action<DbContextOptionsBuilder>? extra = null)
    {
        var options = new DbContextOptionsBuilder<ConsoleDbContext>();
        options.UseConsoleDatabase(Provider == "postgres" ? "Postgres" : "Sqlite", ConnectionString);
        extra?.Invoke(options);
        return new Factory(options.Options);
    }

    /// <summary>The console's own data services (AddConsoleData) on this database, for tests that go through the stores and Identity.</summary>
    public IServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Console"] = ConnectionString,
            ["Database:Provider"] = Provider == "postgres" ? "Postgres" : "Sqlite",
        }).Build());
        services.AddLogging();
        services.AddConsoleData();
        return services;
    }

    /// <summary>Runs a SQL script (a fixture dump) on a connection of its own.</summary>
    public abstract Task RunScriptAsync(string sql);

    protected abstract DbConnection OpenRaw();

    /// <summary>Every table, column, index and constraint, as comparable text lines.</summary>
    public abstract Task<List<string>> SchemaAsync();

    public abstract Task<List<string>> TablesAsync();

    public async Task<List<string>> ColumnsAsync(string table) =>
        (await SchemaAsync()).Where(l => l.StartsWith($"column {table}.", StringComparison.Ordinal)).ToList();

    /// <summary>Every row of every table but <paramref name="except"/>, each as "table: column=value, …", sorted.</summary>
    public async Task<List<string>> RowsAsync(params string[] except)
    {
        var rows = new List<string>();
        foreach (var table in (await TablesAsync()).Where(t => !except.Contains(t)))
            rows.AddRange((await ReadTableAsync(table)).Select(r => $"{table}: " + string.Join(", ", r.Select(kv => $"{kv.Key}={kv.Value}"))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The rows of one table, each as column → value text (null as "NULL").</summary>
    public async Task<List<Dictionary<string, string>>> ReadTableAsync(string table)
    {
        await using var c = OpenRaw();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\"";
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, string>>();
        while (await r.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < r.FieldCount; i++)
                row[r.GetName(i)] = r.IsDBNull(i) ? "NULL" : r.GetValue(i) switch
                {
                    DateTime d => d.ToString("O"),
                    DateTimeOffset d => d.ToString("O"),
                    byte[] b => Convert.ToHexString(b),
                    var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                };
            rows.Add(row);
        }
        return rows;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var c = OpenRaw();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var c = OpenRaw();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public abstract void Dispose();

    /// <summary>A fixture dump of LegacyFixtures/, as the old release's tools wrote it.</summary>
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LegacyFixtures", name));

    protected static string Collapse(string? sql) => sql is null ? "" : Regex.Replace(sql.Trim().TrimEnd(';'), @"\s+", " ");
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "agv-data-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase()
    {
        Directory.CreateDirectory(_dir);
        ConnectionString = $"Data Source={Path.Combine(_dir, "console.db")}";
    }

    public override string Provider => "sqlite";
    public override string ConnectionString { get; }

    protected override DbConnection OpenRaw()
    {
        var c = new SqliteConnection(ConnectionString + ";Pooling=False");
        c.Open();
        return c;
    }

    public override async Task RunScriptAsync(string sql) => await ExecuteAsync(sql); // Microsoft.Data.Sqlite runs statement after statement

    public override async Task<List<string>> TablesAsync()
    {
        var tables = new List<string>();
        await using var c = OpenRaw();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) tables.Add(r.GetString(0));
        return tables;
    }

    /// <summary>SQLite keeps each table's and index's definition as its CREATE statement (whitespace aside, compared as is), and table_info per column.</summary>
    public override async Task<List<string>> SchemaAsync()
    {
        var lines = new List<string>();
        await using var c = OpenRaw();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_autoindex%' ESCAPE '\\'";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add($"{r.GetString(0)} {r.GetString(1)} on {r.GetString(2)}: {Collapse(r.IsDBNull(3) ? null : r.GetString(3))}");
        }
        foreach (var table in await TablesAsync())
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}') ORDER BY cid";
            await using var r = await cmd.ExecuteReaderAsync();
            int ordinal = 0;
            while (await r.ReadAsync())
                lines.Add($"column {table}.{r.GetString(0)} #{++ordinal} {r.GetString(1)} notnull={r.GetInt64(2)} default={(r.IsDBNull(3) ? "none" : r.GetString(3))} pk={r.GetInt64(4)}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

/// <summary>
/// A database of its own per test on the server named by AGV_TEST_POSTGRES (./test.sh installs
/// Debian's postgresql, starts it on 127.0.0.1 and sets it). Without it these tests fail and say so.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _admin;
    private readonly string _database = "agv_test_" + Guid.NewGuid().ToString("N");

    public PostgresTestDatabase()
    {
        _admin = Environment.GetEnvironmentVariable("AGV_TEST_POSTGRES")
                 ?? throw new InvalidOperationException("AGV_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL on loopback and sets it.");
        using (var c = new NpgsqlConnection(_admin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", c);
            cmd.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
    }

    public override string Provider => "postgres";
    public override string ConnectionString { get; }

    protected override DbConnection OpenRaw()
    {
        // Unpooled: a script's session settings (pg_dump sets search_path to '') end with it.
        var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>A pg_dump script without psql's meta-commands (\restrict … \unrestrict, which only psql understands).</summary>
    public override Task RunScriptAsync(string sql) =>
        ExecuteAsync(string.Join('\n', sql.Split('\n').Where(l => !l.StartsWith('\\'))));

    public override async Task<List<string>> TablesAsync()
    {
        var tables = new List<string>();
        await using var c = OpenRaw();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name";
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) tables.Add(r.GetString(0));
        return tables;
    }

    /// <summary>Columns (order, type, nullability, default, identity), constraints and indexes as PostgreSQL describes them.</summary>
    public override async Task<List<string>> SchemaAsync()
    {
        var lines = new List<string>();
        await using var c = OpenRaw();
        async Task Read(string sql, Func<DbDataReader, string> line)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add(line(r));
        }
        await Read("""
                   SELECT table_name, column_name, ordinal_position, data_type, COALESCE(character_maximum_length, -1), is_nullable,
                          COALESCE(column_default, 'none'), is_identity, COALESCE(identity_generation, '')
                   FROM information_schema.columns WHERE table_schema = 'public'
                   """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} #{r.GetInt32(2)} {r.GetString(3)}({r.GetInt32(4)}) nullable={r.GetString(5)} default={r.GetString(6)} identity={r.GetString(7)} {r.GetString(8)}");
        await Read("""
                   SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                   WHERE connamespace = 'public'::regnamespace
                   """,
            r => $"constraint {r.GetString(0)}.{r.GetString(1)}: {r.GetString(2)}");
        await Read("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
            r => $"index {r.GetString(0)}.{r.GetString(1)}: {r.GetString(2)}");
        await Read("""
                   SELECT sequencename, data_type::text, start_value, increment_by FROM pg_sequences WHERE schemaname = 'public'
                   """,
            r => $"sequence {r.GetString(0)} {r.GetString(1)} start={r.GetInt64(2)} by={r.GetInt64(3)}");
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var c = new NpgsqlConnection(_admin);
        c.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", c);
        cmd.ExecuteNonQuery();
    }
}

internal sealed class Factory(DbContextOptions<ConsoleDbContext> options) : IDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext() => new(options);
}
