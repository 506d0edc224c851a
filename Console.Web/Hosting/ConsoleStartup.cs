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
/// DatabaseInitializer), sets up a new site (roles, default alarm rules, the first Administrator;
/// the demo site when Demo:SeedSite is on), and loads maps, AGVs and API keys into memory before
/// the AGV listener opens.
/// </summary>
public sealed class ConsoleStartup(IServiceProvider services, IOptions<DemoOptions> demo, IConfiguration configuration, FirstRunNotice notice,
    ILogger<ConsoleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        bool created;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
            created = await DatabaseInitializer.InitializeAsync(db, logger, ct);
            bool empty = created || (!db.Maps.Any() && !db.Users.Any());
            await SiteSetup.EnsureRolesAsync(scope.ServiceProvider);
            if (empty)
            {
                await SiteSetup.SeedAlarmRulesAsync(services.GetRequiredService<IAlarmRepository>(), ct);
                // The demo's well-known accounts only when the demo is asked for (Demo:SeedSite; on in Development).
                if (demo.Value.SeedSite)
                {
                    await DemoSite.SeedAsync(services, logger, ct);
                    notice.DemoSeeded = true;
                }
            }
            await SiteSetup.EnsureAdministratorAsync(scope.ServiceProvider, configuration, notice, logger);
        }
        var maps = await services.GetRequiredService<IMapRepository>().GetAllAsync(ct);
        services.GetRequiredService<SiteMaps>().Load(maps);
        var handler = services.GetRequiredService<FleetHandler>();
        await handler.LoadAsync(ct);
        services.GetRequiredService<ParameterSync>().Attach(handler);
        // Registrations, state and task reports, space requests go to traffic control's host, which owns the kernel.
        var traffic = services.GetRequiredService<VehicleCommands>().Trips;
        traffic.Attach(handler);
        var alarms = services.GetRequiredService<AgvConsole.Fleet.Alarms.AlarmEngine>();
        traffic.BlockedChanged += alarms.TrafficBlocked;
        await services.GetRequiredService<ApiKeys>().LoadAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
