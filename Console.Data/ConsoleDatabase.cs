using AgvConsole.Data.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AgvConsole.Data;

/// <summary>
/// How a <see cref="ConsoleDbContext"/> is pointed at its database: the provider, and the
/// assembly that holds that provider's migrations (one set per provider, see
/// Console.Data.Migrations/README.md). The console, the tests and the design-time factories all
/// configure contexts through here, so every context finds the same migrations.
/// </summary>
public static class ConsoleDatabase
{
    public const string SqliteMigrationsAssembly = "Console.Data.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Console.Data.Migrations.Postgres";

    /// <summary>"Postgres" or "PostgreSQL" (any case) selects PostgreSQL; anything else, SQLite.</summary>
    public static bool IsPostgres(string? provider) =>
        provider is not null && (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase));

    /// <summary>The console's SQLite database, as <see cref="DatabaseInitializer"/> migrates it at start-up.</summary>
    public static DbContextOptionsBuilder UseConsoleSqlite(this DbContextOptionsBuilder options, string connection) =>
        options.UseSqlite(connection, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
            // Table rebuilds run inside the start-up transaction with foreign keys off around it (see the generator).
            .ReplaceService<IMigrationsSqlGenerator, SingleTransactionSqliteMigrationsSqlGenerator>()
            .ForStartupMigrations();

    /// <summary>The console's PostgreSQL database, as <see cref="DatabaseInitializer"/> migrates it at start-up.</summary>
    public static DbContextOptionsBuilder UseConsolePostgres(this DbContextOptionsBuilder options, string connection) =>
        options.UseNpgsql(connection, o => o.MigrationsAssembly(PostgresMigrationsAssembly)).ForStartupMigrations();

    public static DbContextOptionsBuilder UseConsoleDatabase(this DbContextOptionsBuilder options, string? provider, string connection) =>
        IsPostgres(provider) ? options.UseConsolePostgres(connection) : options.UseConsoleSqlite(connection);

    // The start-up applies every pending migration inside one transaction of its own (all or
    // nothing); EF Core warns about a caller's transaction around Migrate because it then takes
    // no migration lock of its own. DatabaseInitializer takes that lock itself.
    private static DbContextOptionsBuilder ForStartupMigrations(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.MigrationsUserTransactionWarning));
}
