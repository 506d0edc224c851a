// Fills a database with one or more rows in every table, through the public API of the release it
// is built against (its stores and ASP.NET Core Identity), so the rows are exactly what that
// release writes. Run by ../regenerate.sh inside a checkout of the old release; never by the tests.
//
//   dotnet run -- fill    sqlite|postgres "<connection string>"   create the database and fill it
//   dotnet run -- upgrade sqlite|postgres "<connection string>"   only start it (the release's own upgrade step)
//
// The values are fixed (times too, where the API takes them), so a regenerated fixture differs
// from the committed one only where the old code stamps the clock itself (CreatedAt of an AGV,
// LastSeenAt, audit times, SchemaInfo.AppliedAt, Identity's stamps and password salts).
using System.Security.Claims;
using AgvConsole.Data;
using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

if (args.Length != 3 || args[0] is not ("fill" or "upgrade") || args[1] is not ("sqlite" or "postgres"))
{
    Console.Error.WriteLine("usage: fill|upgrade sqlite|postgres \"<connection string>\"");
    return 2;
}

var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Console"] = args[2],
    ["Database:Provider"] = args[1] == "postgres" ? "Postgres" : "Sqlite",
}).Build());
services.AddLogging(b => b.AddSimpleConsole().AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning));
services.AddConsoleData();
// As the console configures Identity (Console.Web/Program.cs), less what needs a web host.
services.AddIdentityCore<IdentityUser>(o =>
    {
        o.Password.RequiredLength = 8;
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
    })
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<ConsoleDbContext>();
await using var sp = services.BuildServiceProvider();

using (var scope = sp.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
    bool created = await DatabaseInitializer.InitializeAsync(db, sp.GetRequiredService<ILogger<ConsoleDbContext>>());
    if (args[0] == "upgrade") { Console.WriteLine($"started: created={created}"); return 0; }
    if (!created) { Console.Error.WriteLine("fill wants an empty database"); return 1; }
}

var factory = sp.GetRequiredService<IDbContextFactory<ConsoleDbContext>>();
DateTimeOffset T(int minutes) => new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero).AddMinutes(minutes);

// Accounts: the three roles, one account per role, one with two roles, a claim, a role claim, an
// external login, an authentication token, and a failed sign-in counted.
using (var scope = sp.CreateScope())
{
    var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
    foreach (var role in new[] { "Supervisor", "Maintenance", "Administrator" })
        Check(await roles.CreateAsync(new IdentityRole(role)));
    Check(await roles.AddClaimAsync((await roles.FindByNameAsync("Administrator"))!, new Claim("console.area", "all")));
    foreach (var (name, password, roleNames, email) in new[]
             {
                 ("supervisor", "Supervisor1!", new[] { "Supervisor" }, "supervisor@hall-b.example"),
                 ("maintenance", "Maintenance1!", new[] { "Maintenance" }, "maintenance@hall-b.example"),
                 ("admin", "Administrator1!", new[] { "Administrator" }, "admin@hall-b.example"),
                 ("li.na", "Shift-Lead-7", new[] { "Supervisor", "Maintenance" }, "li.na@hall-b.example"),
             })
    {
        var user = new IdentityUser(name) { Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, roleNames));
    }
    var li = (await users.FindByNameAsync("li.na"))!;
    Check(await users.AddClaimAsync(li, new Claim("console.shift", "B")));
    Check(await users.AddLoginAsync(li, new UserLoginInfo("site-sso", "sub-4711", "Site SSO")));
    Check(await users.SetAuthenticationTokenAsync(li, "site-sso", "refresh_token", "rt-0f1e2d3c"));
    Check(await users.AccessFailedAsync(li));
}

// AGVs: two enrolled (one with its SM2 public key), one only seen at registration.
var agvs = new AgvStore(factory);
const string PublicKey = "04" + "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296" + "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
AgvRecord Agv(string serial, string vendor, string model, string type, string? key, uint map, int x, int y) =>
    new(serial, 0, vendor, model, "3.2.1", type, "LaserSlam", type == "Forklift" ? 2000 : 1200, type == "Forklift" ? 1000 : 800, 300, 1500,
        key, true, T(0), null, map, x, y, 0);
_ = await agvs.EnrolAsync(Agv("KV-FL-01", "Kivo", "FL-2000", "Forklift", PublicKey, 1, 0, 0)) ?? throw new InvalidOperationException("enrol");
_ = await agvs.EnrolAsync(Agv("KV-FL-02", "Kivo", "FL-2000", "Forklift", null, 1, 3000, 0)) ?? throw new InvalidOperationException("enrol");
await agvs.RecordRegistrationAsync(Agv("ZX-LT-07", "Zhixing", "LT-800", "Latent", null, 2, 500, 500) with { Enrolled = false, Firmware = "1.0.9" });
await agvs.SaveLastPositionAsync("KV-FL-01", 1, 1500, 0, 9000);

// Maps: two floors joined by a lift; width limits and a closed edge (schema 2; a schema-1
// release stores the nodes and edges without them).
var maps = new MapStore(factory);
await maps.SaveAsync(new SiteMap(1, "Floor 1", "Hall B", 1,
    [
        new(1001, 0, 0, MapNodeKind.Normal), new(1002, 1500, 0, MapNodeKind.Charging), new(1003, 3000, 0, MapNodeKind.Lift, 2001),
        new(1004, 3000, 2000, MapNodeKind.Normal, null, 900), new(1005, 0, 2000, MapNodeKind.Parking),
    ],
    [
        new(1001, 1002, true, 1500), new(1002, 1003, false, 800, 1100), new(1003, 1004, true, 1000, null, Closed: true),
        new(1004, 1005, true, 1200, 950), new(1005, 1001, false, 600),
    ]));
await maps.SaveAsync(new SiteMap(2, "Floor 2", "Hall B", 2,
    [new(2001, 3000, 0, MapNodeKind.Lift, 1003), new(2002, 3000, 2500, MapNodeKind.NavigationSwitch)],
    [new(2001, 2002, true, 1000)]));

// Parameters: per AGV and defaults per type.
var parameters = new ParameterStore(factory);
await parameters.SaveForAgvAsync("KV-FL-01", new Dictionary<ParamId, long> { [ParamId.StateReportPeriodMs] = 500, [ParamId.MaxLinearSpeed] = 1200 });
await parameters.SaveForAgvAsync("ZX-LT-07", new Dictionary<ParamId, long> { [ParamId.ObstacleStopDistanceMm] = 450 });
await parameters.SaveTypeDefaultsAsync("Forklift", new Dictionary<ParamId, long> { [ParamId.LowBatteryAlarmPct] = 20, [ParamId.OverTempAlarmC] = 70 });
await parameters.SaveTypeDefaultsAsync("Latent", new Dictionary<ParamId, long> { [ParamId.Acceleration] = 300 });

// Notification groups, alarm rules routed to them, alarms (acknowledged, cleared, the console's own).
var notifications = new NotificationStore(factory);
var shiftA = await notifications.SaveGroupAsync(new NotificationGroup(0, "Maintenance shift A", "a.shift@hall-b.example; +86 138 0000 0001", "http://hooks.hall-b.example/shift-a"));
var managers = await notifications.SaveGroupAsync(new NotificationGroup(0, "Site managers", "managers@hall-b.example", null));
var alarmStore = new AlarmStore(factory);
var lowBattery = await alarmStore.SaveRuleAsync(new AlarmRule(0, "Low battery", AlarmSource.LowBattery, 20, EventLevel.Warning, true, RuleScope.Vendor, "Kivo", 10, 30, [shiftA.Id]));
var offline = await alarmStore.SaveRuleAsync(new AlarmRule(0, "Heartbeat lost", AlarmSource.Offline, null, EventLevel.Error, true, RuleScope.All, null, 5, 0, [shiftA.Id, managers.Id]));
await alarmStore.SaveRuleAsync(new AlarmRule(0, "Hot forklift motor", AlarmSource.OverTemperature, 70, EventLevel.Error, false, RuleScope.AgvType, "Forklift", 0, 60, []));
// The console's own alarm source came after schema 1; a schema-1 release gets a command rule instead.
var consoleSource = Enum.TryParse<AlarmSource>("HistoryWrite", out var hw) ? hw : AlarmSource.CommandFailed;
var historyRule = await alarmStore.SaveRuleAsync(new AlarmRule(0, "History cannot be written", consoleSource, null, EventLevel.Error, true, RuleScope.All, null, 0, 0, [managers.Id]));

var battery = new Alarm(0, "KV-FL-01", lowBattery.Id, lowBattery.Name, lowBattery.Source, 0, EventLevel.Warning, "battery 18 %", T(30));
await alarmStore.SaveAsync(battery);
battery.Acknowledge("maintenance", "charger 2 is busy, sending it to 1", T(33));
await alarmStore.SaveAsync(battery);
var lost = new Alarm(0, "ZX-LT-07", offline.Id, offline.Name, offline.Source, 0, EventLevel.Error, "no heartbeat for 5 s", T(40));
await alarmStore.SaveAsync(lost);
lost.Acknowledge("li.na", null, T(41));
lost.Clear("admin", "reconnected", T(47));
await alarmStore.SaveAsync(lost);
await alarmStore.SaveAsync(new Alarm(0, "", historyRule.Id, historyRule.Name, historyRule.Source, 0, EventLevel.Error, "history cannot be written: disk full", T(50)));

await notifications.RecordDeliveryAsync(new WebhookDelivery(T(30), shiftA.Id, shiftA.Name, battery.Id, "raised", shiftA.WebhookUrl!, 1, true, null));
await notifications.RecordDeliveryAsync(new WebhookDelivery(T(47), shiftA.Id, shiftA.Name, lost.Id, "cleared", shiftA.WebhookUrl!, 6, false, "HTTP 503 Service Unavailable"));

// Orders: finished, running its drop-off leg (waiting to be sent), queued for a named AGV, cancelled.
var orders = new OrderStore(factory);
var done = new Order { ExternalId = "WMS-20261120-0001", Type = OrderType.Deliver, FromNodeId = 1002, ToNodeId = 1005, Priority = 5, CreatedAt = T(10) };
await orders.SaveAsync(done);
done.Assign("KV-FL-01", 17, T(11)); done.Start(T(11)); done.NextLeg(18, T(14)); done.Finish(T(16));
await orders.SaveAsync(done);
var running = new Order { ExternalId = "WMS-20261120-0002", Type = OrderType.Deliver, FromNodeId = 1001, ToNodeId = 2002, Priority = 8, CreatedAt = T(20) };
await orders.SaveAsync(running);
running.Assign("KV-FL-02", 3, T(21)); running.Start(T(21)); running.NextLeg(null, T(25));
await orders.SaveAsync(running);
await orders.SaveAsync(new Order { ExternalId = "MES-778", Type = OrderType.Move, ToNodeId = 1004, Priority = 1, RequestedAgv = "ZX-LT-07", CreatedAt = T(26) });
var cancelled = new Order { ExternalId = "WMS-20261120-0003", Type = OrderType.Pickup, ToNodeId = 1003, CreatedAt = T(27) };
await orders.SaveAsync(cancelled);
cancelled.Cancel("cancelled by supervisor", T(28));
await orders.SaveAsync(cancelled);

// Audit entries (the store stamps the time itself).
var audit = new AuditLog(factory);
await audit.WriteAsync("admin", "enrol", "KV-FL-01", "SM2 key 04…F5", "ok");
await audit.WriteAsync("supervisor", "motion command", "KV-FL-02", "pause", "ok");
await audit.WriteAsync("maintenance", "acknowledge alarm", $"alarm {battery.Id}", "charger 2 is busy, sending it to 1", "ok");
await audit.WriteAsync("api:wms", "parameter set", "KV-FL-01", "MaxLinearSpeed=1200", "refused by AGV (code 3)");
await audit.WriteAsync("", "security refusal", "10.0.3.17:51544", "normal mode refused", "refused");

// Settings the console keeps.
var settings = new SettingsStore(factory);
await settings.SetAsync("api.generatedKey", "demo-0123456789abcdef0123456789abcdef");
await settings.SetAsync("agv.allowNormalMode", "False");

// History: state samples, events and run data, through the batched writer.
var history = new HistoryWriter(factory, NullLogger<HistoryWriter>.Instance) { FlushInterval = TimeSpan.FromMilliseconds(50) };
await history.StartAsync(CancellationToken.None);
for (int i = 0; i < 12; i++)
    history.StateSample("KV-FL-01", T(60).AddSeconds(i), 1, 125 * i, 0, 0, i < 10 ? "moving" : "idle", 80 - i, i < 10 ? 17u : 0u);
history.StateSample("ZX-LT-07", T(60), 2, 500, 500, 18000, "charging", 34, 0);
history.Event("KV-FL-01", T(61), "event raised", 0x0101, "warning", "obstacle in the safety field");
history.Event("KV-FL-01", T(62), "event cleared", 0x0101, "info", "obstacle in the safety field");
history.Event("ZX-LT-07", T(40), "offline", 0, "error", "heartbeat lost");
history.RunData("KV-FL-01", T(60), new RunData(1_234_567, 86_400, 312, 41, 33, 45, 12_500, 2, 5, 1));
history.RunData("KV-FL-01", T(70), new RunData(1_240_001, 87_000, 312, 43, 34, 46, 13_100, 2, 5, 1));
await history.StopAsync(CancellationToken.None);
if (history.Pending != 0) throw new InvalidOperationException("history not drained");

Console.WriteLine("filled");
return 0;

static void Check(IdentityResult r)
{
    if (!r.Succeeded) throw new InvalidOperationException(string.Join("; ", r.Errors.Select(e => e.Description)));
}
