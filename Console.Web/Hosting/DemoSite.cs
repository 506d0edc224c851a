using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// The demo site created on an empty database when Demo:SeedSite is true: two floors of one hall
/// as two maps (70 and 60 nodes) joined by a lift node pair, charging stations and parking on both,
/// eight AGVs of three vendors and three types, and one account per role with the well-known
/// passwords of README.md (only here: a site that is not the demo never gets them).
/// </summary>
public static class DemoSite
{
    public const string SerialPrefix = "DEMO-";
    public const int Spacing = 2500;

    /// <summary>Demo accounts: user name, password, role. Seeded only by Demo:SeedSite.</summary>
    public static readonly (string User, string Password, string Role)[] Accounts =
    [
        ("supervisor", "Supervisor1!", Roles.Supervisor),
        ("maintenance", "Maintenance1!", Roles.Maintenance),
        ("admin", "Administrator1!", Roles.Administrator),
    ];

    public static readonly (string Vendor, string Model, AgvType Type, int Speed)[] Models =
    [
        ("Acme Robotics", "AR-L600 latent lifter", AgvType.LatentLifting, 1500),
        ("Kivo", "KF-1200 forklift", AgvType.Forklift, 1200),
        ("RoboLift", "RL-R300 roller", AgvType.Roller, 1300),
    ];

    public static SiteMap Floor1() => GridFloor.Build(1, "Hall A – floor 1", "Hall A", 1, columns: 10, rows: 7, Spacing, lift: 1070, linkedLift: 2060);
    public static SiteMap Floor2() => GridFloor.Build(2, "Hall A – floor 2", "Hall A", 2, columns: 12, rows: 5, Spacing, lift: 2060, linkedLift: 1070);

    /// <summary>The eight demo AGVs: serial, model index, and the node each starts on.</summary>
    public static IEnumerable<(string Serial, int Model, uint MapId, uint Node)> Fleet()
    {
        uint[] floor1 = [1003, 1005, 1007, 1009];
        uint[] floor2 = [2003, 2005, 2007, 2009];
        for (int i = 0; i < 8; i++)
            yield return ($"{SerialPrefix}{i + 1:D2}", i % Models.Length, i < 4 ? 1u : 2u, i < 4 ? floor1[i] : floor2[i - 4]);
    }

    public static async Task SeedAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var maps = services.GetRequiredService<IMapRepository>();
        var agvs = services.GetRequiredService<IAgvRepository>();
        var f1 = Floor1();
        var f2 = Floor2();
        await maps.SaveAsync(f1, ct);
        await maps.SaveAsync(f2, ct);
        foreach (var (serial, model, mapId, node) in Fleet())
        {
            var m = Models[model];
            var n = (mapId == 1 ? f1 : f2).Node(node)!;
            await agvs.EnrolAsync(new AgvRecord(serial, 0, m.Vendor, m.Model, "", m.Type.ToString(), NavigationType.LaserSlam.ToString(),
                m.Type == AgvType.Forklift ? 2000 : 1200, m.Type == AgvType.Forklift ? 1000 : 800, 300, m.Speed, null, true,
                DateTimeOffset.UtcNow, null, mapId, n.X, n.Y, 0), ct);
        }

        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var (name, password, role) in Accounts)
        {
            if (await users.FindByNameAsync(name) is not null) continue;
            var user = new IdentityUser(name);
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) throw new InvalidOperationException($"demo account {name}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            await users.AddToRoleAsync(user, role);
        }
        logger.LogInformation("Seeded the demo site: 2 maps, 8 AGVs, {Accounts} accounts", Accounts.Length);
    }
}
