using AgvConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgvConsole.Data.Migrations.Postgres;

/// <summary>
/// What `dotnet ef` uses to build the PostgreSQL model. `migrations add` and `migrations script`
/// need no server. `migrations remove` first asks the database whether the migration was applied:
/// name any reachable server in AGV_DESIGN_POSTGRES (a missing database counts as "not applied").
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ConsoleDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("AGV_DESIGN_POSTGRES") ?? "Host=localhost;Database=agv_console_design_time",
                o => o.MigrationsAssembly(ConsoleDatabase.PostgresMigrationsAssembly))
            .Options);
}
