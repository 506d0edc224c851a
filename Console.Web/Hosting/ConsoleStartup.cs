using AgvConsole.Data;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Options;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Runs first: creates or upgrades the database (its migrations, in one transaction; see
/// DatabaseInitializer), seeds the demo site on an empty database, and
/// loads maps, AGVs and API keys into memory before the AGV listener opens.
/// </summary>
public sealed class ConsoleStartup(IServiceProvider services, IOptions<DemoOptions> demo, ILogger<ConsoleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        bool created;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
            created = await DatabaseInitializer.InitializeAsync(db, logger, ct);
            bool empty = created || (!db.Maps.Any() && !db.Users.Any());
            if (empty && demo.Value.SeedSite) await DemoSite.SeedAsync(services, logger, ct);
        }
        var maps = await services.GetRequiredService<IMapRepository>().GetAllAsync(ct);
        services.GetRequiredService<SiteMaps>().Load(maps);
        var handler = services.GetRequiredService<FleetHandler>();
        await handler.LoadAsync(ct);
        services.GetRequiredService<ParameterSync>().Attach(handler);
        // Task reports go through traffic control, which folds the pieces of a trip into one task.
        handler.TaskReported += services.GetRequiredService<VehicleCommands>().Trips.OnTaskReport;
        await services.GetRequiredService<ApiKeys>().LoadAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
