using AgvConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgvConsole.Data.Migrations.Sqlite;

/// <summary>
/// What `dotnet ef` uses to build the SQLite model (DateTimeOffset as UTC ticks, see
/// ConsoleDbContext). `migrations add` needs no database; `migrations script` writes EF's own SQL.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ConsoleDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(ConsoleDatabase.SqliteMigrationsAssembly))
            .Options);
}
