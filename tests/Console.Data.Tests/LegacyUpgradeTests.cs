using System.Security.Claims;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Data.Tests;

/// <summary>
/// Databases the releases before migrations made, as those releases made them
/// (LegacyFixtures/README.md): each is loaded, started by this console, and must come out with
/// every row intact (read raw and through the stores and Identity) and exactly the schema a new
/// database gets. v2: release 4ad7f39 (schema 2). v1: release f517f12 (schema 1, upgraded here by
/// the old 1 → 2 step). v1-upgraded: a schema-1 database that release 4ad7f39 upgraded by hand.
/// </summary>
public abstract class LegacyUpgradeContract(Func<TestDatabase> newDatabase) : IDisposable
{
    private readonly TestDatabase _db = newDatabase();
    private readonly List<TestDatabase> _others = [];

    public void Dispose()
    {
        _db.Dispose();
        foreach (var d in _others) d.Dispose();
    }

    /// <summary>Loads the fixture, remembers its rows, and runs the console's start-up on it.</summary>
    private async Task<List<string>> UpgradeAsync(string fixture)
    {
        await _db.RunScriptAsync(TestDatabase.Fixture($"legacy-{fixture}.{_db.Provider}.sql"));
        var before = await _db.RowsAsync("SchemaInfo");
        Assert.DoesNotContain("__EFMigrationsHistory", await _db.TablesAsync());
        await using var sp = _db.Services().BuildServiceProvider();
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
            Assert.False(await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance)); // an existing database, not a new one
        }
        return before;
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v1")]
    [InlineData("v1-upgraded")]
    public async Task Every_row_is_still_there_with_every_value(string fixture)
    {
        var before = await UpgradeAsync(fixture);
        var after = WithoutLaterColumns(await _db.RowsAsync("SchemaInfo", "__EFMigrationsHistory"));
        if (fixture == "v1")
        {
            // Schema 1 had no width limits or closed edges: the old step adds them empty, as it did.
            Assert.All(after.Where(r => r.StartsWith("MapNodes:")), r => Assert.EndsWith(", MaxWidthMm=NULL", r));
            Assert.All(after.Where(r => r.StartsWith("MapEdges:")), r => Assert.Matches(", MaxWidthMm=NULL, Closed=(0|False)$", r));
            after = after.Select(r => r.Replace(", MaxWidthMm=NULL, Closed=0", "").Replace(", MaxWidthMm=NULL, Closed=False", "").Replace(", MaxWidthMm=NULL", "")).ToList();
        }
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before, after);
        // Guards against an empty or truncated fixture: every table of the schema holds rows.
        foreach (var table in (await _db.TablesAsync()).Except(["SchemaInfo", "__EFMigrationsHistory", .. LaterTables]))
            Assert.Contains(before, r => r.StartsWith(table + ": ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Columns that migrations after the baseline add to existing tables, with the value every old
    /// row must get (NodeNamesAndAutoDispatch: no name; every AGV keeps getting work). Checked, then
    /// taken out, so the rows compare with the old release's.
    /// </summary>
    private static readonly (string Table, string Column, string Pattern)[] LaterColumns =
    [
        ("MapNodes", "Name", "NULL"),
        ("Agvs", "AutoDispatch", "(1|True)"),
    ];

    /// <summary>Tables that migrations after the baseline add: the old releases had none, so they start empty.</summary>
    private static readonly string[] LaterTables = ["PendingWebhooks", "OrderEvents"];

    internal static List<string> WithoutLaterColumns(List<string> rows) => rows.Select(r =>
    {
        foreach (var (table, column, pattern) in LaterColumns)
        {
            if (!r.StartsWith(table + ": ", StringComparison.Ordinal)) continue;
            var m = System.Text.RegularExpressions.Regex.Match(r, $", {column}=([^,]*)(?=, |$)");
            Assert.True(m.Success, $"{table} row without {column}: {r}");
            Assert.Matches($"^{pattern}$", m.Groups[1].Value);
            r = r.Remove(m.Index, m.Length);
        }
        return r;
    }).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData("v2")]
    [InlineData("v1")]
    [InlineData("v1-upgraded")]
    public async Task The_schema_is_exactly_that_of_a_new_database(string fixture)
    {
        await UpgradeAsync(fixture);
        var fresh = newDatabase();
        _others.Add(fresh);
        await using (var db = fresh.Factory().CreateDbContext())
            Assert.True(await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance));
        Assert.Equal(await fresh.SchemaAsync(), await _db.SchemaAsync());
        Assert.Equal((await fresh.ReadTableAsync("__EFMigrationsHistory")).Select(r => r["MigrationId"]).Order(),
            (await _db.ReadTableAsync("__EFMigrationsHistory")).Select(r => r["MigrationId"]).Order());
        await using var check = _db.Factory().CreateDbContext();
        Assert.False(check.Database.HasPendingModelChanges());
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(3, (await check.SchemaInfo.SingleAsync()).Version);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v1-upgraded")]
    [InlineData("v1")]
    public async Task The_stores_and_identity_read_what_the_old_release_wrote(string fixture)
    {
        await UpgradeAsync(fixture);
        await using var sp = WithIdentity(_db.Services()).BuildServiceProvider();
        bool schema2 = fixture == "v2"; // the release that wrote the maps stored width limits and closed edges
        DateTimeOffset T(int minutes) => new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero).AddMinutes(minutes);

        // Accounts: passwords, roles, claims, an external login, a token, a counted failure.
        await using (var scope = sp.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var (name, password, role) in new[] { ("supervisor", "Supervisor1!", "Supervisor"), ("maintenance", "Maintenance1!", "Maintenance"), ("admin", "Administrator1!", "Administrator") })
            {
                var user = await users.FindByNameAsync(name);
                Assert.NotNull(user);
                Assert.True(await users.CheckPasswordAsync(user, password), $"{name} cannot sign in with the password the old release set");
                Assert.False(await users.CheckPasswordAsync(user, password + "x"));
                Assert.Equal([role], await users.GetRolesAsync(user));
                Assert.Equal($"{name}@hall-b.example", user.Email);
                Assert.True(user.EmailConfirmed);
            }
            var li = (await users.FindByEmailAsync("li.na@hall-b.example"))!;
            Assert.True(await users.CheckPasswordAsync(li, "Shift-Lead-7"));
            Assert.Equal(["Maintenance", "Supervisor"], (await users.GetRolesAsync(li)).Order());
            Assert.Equal(("console.shift", "B"), (await users.GetClaimsAsync(li)).Select(c => (c.Type, c.Value)).Single());
            Assert.Equal(("site-sso", "sub-4711", "Site SSO"), (await users.GetLoginsAsync(li)).Select(l => (l.LoginProvider, l.ProviderKey, l.ProviderDisplayName)).Single());
            Assert.Equal("li.na", (await users.FindByLoginAsync("site-sso", "sub-4711"))?.UserName);
            Assert.Equal("rt-0f1e2d3c", await users.GetAuthenticationTokenAsync(li, "site-sso", "refresh_token"));
            Assert.Equal(1, await users.GetAccessFailedCountAsync(li));
            Assert.Equal(["admin", "li.na", "maintenance", "supervisor"], users.Users.Select(u => u.UserName!).AsEnumerable().Order());
            Assert.Equal(["Administrator", "Maintenance", "Supervisor"], roles.Roles.Select(r => r.Name!).AsEnumerable().Order());
            var adminRole = (await roles.FindByNameAsync("Administrator"))!;
            Assert.Equal([new Claim("console.area", "all").Value], (await roles.GetClaimsAsync(adminRole)).Select(c => c.Value));
            Assert.Equal(["li.na", "supervisor"], (await users.GetUsersInRoleAsync("Supervisor")).Select(u => u.UserName!).Order());
        }

        // AGVs, with the enrolled SM2 key and the last position.
        var agvs = sp.GetRequiredService<IAgvRepository>();
        var all = (await agvs.GetAllAsync()).OrderBy(a => a.AgvId).ToList();
        Assert.Equal(["KV-FL-01", "KV-FL-02", "ZX-LT-07"], all.Select(a => a.Serial));
        Assert.Equal([1u, 2u, 3u], all.Select(a => a.AgvId));
        var fl1 = all[0];
        Assert.Equal(("Kivo", "FL-2000", "3.2.1", "Forklift", "LaserSlam", 2000, 1000, 300, 1500, true), (fl1.Vendor, fl1.Model, fl1.Firmware, fl1.AgvType, fl1.NavType, fl1.LengthMm, fl1.WidthMm, fl1.HeightMm, fl1.MaxSpeed, fl1.Enrolled));
        Assert.Equal(130, fl1.PublicKeyHex!.Length);
        Assert.StartsWith("046B17D1F2E12C4247", fl1.PublicKeyHex);
        Assert.Equal((1u, 1500, 0, 9000), (fl1.LastMapId, fl1.LastX, fl1.LastY, fl1.LastTheta));
        Assert.Null(all[1].PublicKeyHex);
        Assert.Equal((false, "Zhixing", "1.0.9", "Latent", 2u), (all[2].Enrolled, all[2].Vendor, all[2].Firmware, all[2].AgvType, all[2].LastMapId));
        Assert.NotNull(all[2].LastSeenAt);
        Assert.True(all[0].CreatedAt > T(0) && all[0].CreatedAt < DateTimeOffset.UtcNow, "CreatedAt (stamped by the old store) did not survive as a time");

        // Maps: nodes, lift links, edges; width limits and the closed edge where the old release stored them.
        var maps = await sp.GetRequiredService<IMapRepository>().GetAllAsync();
        Assert.Equal([("Floor 1", "Hall B", 1), ("Floor 2", "Hall B", 2)], maps.Select(m => (m.Name, m.Building, m.Floor)));
        var f1 = maps[0];
        Assert.Equal([1001u, 1002, 1003, 1004, 1005], f1.Nodes.Select(n => n.Id));
        Assert.Equal(new MapNode(1003, 3000, 0, MapNodeKind.Lift, 2001), f1.Node(1003));
        Assert.Equal(new MapNode(1004, 3000, 2000, MapNodeKind.Normal, null, schema2 ? 900 : null), f1.Node(1004));
        Assert.Equal(MapNodeKind.Parking, f1.Node(1005)!.Kind);
        Assert.Equal(
            [
                new MapEdge(1001, 1002, true, 1500), new MapEdge(1002, 1003, false, 800, schema2 ? 1100 : null),
                new MapEdge(1003, 1004, true, 1000, null, Closed: schema2), new MapEdge(1004, 1005, true, 1200, schema2 ? 950 : null),
                new MapEdge(1005, 1001, false, 600),
            ], f1.Edges);
        Assert.Equal(new MapNode(2001, 3000, 0, MapNodeKind.Lift, 1003), maps[1].Node(2001));
        Assert.Equal(MapNodeKind.NavigationSwitch, maps[1].Node(2002)!.Kind);

        // Parameters per AGV and defaults per type.
        var parameters = sp.GetRequiredService<IParameterRepository>();
        Assert.Equal(new Dictionary<ParamId, long> { [ParamId.StateReportPeriodMs] = 500, [ParamId.MaxLinearSpeed] = 1200 }, await parameters.GetForAgvAsync("KV-FL-01"));
        Assert.Equal(new Dictionary<ParamId, long> { [ParamId.ObstacleStopDistanceMm] = 450 }, await parameters.GetForAgvAsync("ZX-LT-07"));
        Assert.Equal(new Dictionary<ParamId, long> { [ParamId.LowBatteryAlarmPct] = 20, [ParamId.OverTempAlarmC] = 70 }, await parameters.GetTypeDefaultsAsync("Forklift"));
        Assert.Equal(new Dictionary<ParamId, long> { [ParamId.Acceleration] = 300 }, await parameters.GetTypeDefaultsAsync("Latent"));

        // Notification groups, rules routed to them, alarms with acknowledgement, clearing and timeline, webhook deliveries.
        var notifications = sp.GetRequiredService<INotificationRepository>();
        var groups = await notifications.GetGroupsAsync();
        Assert.Equal([("Maintenance shift A", "http://hooks.hall-b.example/shift-a"), ("Site managers", null)], groups.Select(g => (g.Name, g.WebhookUrl)));
        var alarms = sp.GetRequiredService<IAlarmRepository>();
        var rules = await alarms.GetRulesAsync();
        Assert.Equal(4, rules.Count);
        var lowBattery = rules.Single(r => r.Name == "Low battery");
        Assert.Equal(new AlarmRule(lowBattery.Id, "Low battery", AlarmSource.LowBattery, 20, EventLevel.Warning, true, RuleScope.Vendor, "Kivo", 10, 30, lowBattery.NotifyGroups), lowBattery);
        Assert.Equal([groups[0].Id], lowBattery.NotifyGroups);
        Assert.Equal([groups[0].Id, groups[1].Id], rules.Single(r => r.Name == "Heartbeat lost").NotifyGroups);
        var hot = rules.Single(r => r.Name == "Hot forklift motor");
        Assert.Equal((false, RuleScope.AgvType, "Forklift", 70L), (hot.Enabled, hot.Scope, hot.ScopeValue, hot.Threshold));

        var active = (await alarms.GetActiveAsync()).OrderBy(a => a.Id).ToList();
        Assert.Equal(["KV-FL-01", ""], active.Select(a => a.Serial));
        var battery = active[0];
        Assert.Equal(("maintenance", T(33), "charger 2 is busy, sending it to 1", T(30), "battery 18 %"),
            (battery.AcknowledgedBy, battery.AcknowledgedAt, battery.AcknowledgeComment, battery.RaisedAt, battery.Text));
        Assert.Equal(["raised", "acknowledged"], battery.Timeline.Select(t => t.What));
        Assert.True(active[1].IsConsole);
        var lost = Assert.Single(await alarms.SearchAsync(new AlarmQuery(Active: false)));
        Assert.Equal(("ZX-LT-07", "li.na", T(41), "admin", T(47)), (lost.Serial, lost.AcknowledgedBy, lost.AcknowledgedAt, lost.ClearedBy, lost.ClearedAt));
        Assert.Equal([("raised", (string?)null), ("acknowledged", "li.na"), ("cleared by hand", "admin")], lost.Timeline.Select(t => (t.What, t.Who)));
        Assert.Equal(3, (await alarms.SearchAsync(new AlarmQuery())).Count);

        var deliveries = await notifications.RecentDeliveriesAsync(10);
        Assert.Equal([("cleared", 6, false, "HTTP 503 Service Unavailable", lost.Id), ("raised", 1, true, null, battery.Id)],
            deliveries.Select(d => (d.Change, d.Attempts, d.Delivered, d.Error, d.AlarmId)));
        Assert.Equal(T(47), deliveries[0].At);

        // Orders: finished, running its waiting drop-off leg, queued for a named AGV, cancelled.
        var orders = sp.GetRequiredService<IOrderRepository>();
        var recent = await orders.RecentAsync(10);
        Assert.Equal(["WMS-20261120-0003", "MES-778", "WMS-20261120-0002", "WMS-20261120-0001"], recent.Select(o => o.ExternalId));
        Assert.Equal([OrderStatus.Cancelled, OrderStatus.Queued, OrderStatus.Running, OrderStatus.Finished], recent.Select(o => o.Status));
        var running = recent[2];
        Assert.Equal(("KV-FL-02", 1, true, 8, 1001u, 2002u, T(25)), (running.AgvSerial, running.Leg, running.LegPending, running.Priority, running.FromNodeId, running.ToNodeId, running.UpdatedAt));
        Assert.Equal(("ZX-LT-07", OrderType.Move), (recent[1].RequestedAgv, recent[1].Type));
        Assert.Equal(("cancelled by supervisor", T(28)), (recent[0].Error, recent[0].UpdatedAt));
        Assert.Equal((18u, T(10), T(16)), (recent[3].TaskId, recent[3].CreatedAt, recent[3].UpdatedAt));
        Assert.Equal(["MES-778", "WMS-20261120-0002"], (await orders.GetOpenAsync()).Select(o => o.ExternalId).Order());

        // Audit, newest first.
        var audit = await sp.GetRequiredService<IAuditSink>().RecentAsync(10);
        Assert.Equal(["security refusal", "parameter set", "acknowledge alarm", "motion command", "enrol"], audit.Select(a => a.Action));
        Assert.Equal(("api:wms", "KV-FL-01", "MaxLinearSpeed=1200", "refused by AGV (code 3)"), (audit[1].Actor, audit[1].Target, audit[1].Detail, audit[1].Outcome));

        // Settings.
        var settings = sp.GetRequiredService<ISettingsRepository>();
        Assert.Equal("demo-0123456789abcdef0123456789abcdef", await settings.GetAsync("api.generatedKey"));
        Assert.Equal("False", await settings.GetAsync("agv.allowNormalMode"));

        // History: state samples, events, run data.
        var history = sp.GetRequiredService<IHistoryQuery>();
        var samples = await history.StateSamplesAsync("KV-FL-01", T(59), T(61));
        Assert.Equal(12, samples.Count);
        Assert.Equal(new StateSampleRecord(T(60).AddSeconds(11), 1, 1375, 0, "idle", 69, 0), samples[^1]);
        Assert.Equal(["event cleared", "event raised"], (await history.RecentEventsAsync("KV-FL-01", 5)).Select(e => e.Kind));
        Assert.Equal("heartbeat lost", (await history.EventsAsync("ZX-LT-07", T(0), T(100))).Single().Text);
        var runData = await history.RunDataAsync("KV-FL-01", T(0), T(100));
        Assert.Equal([1_234_567L, 1_240_001L], runData.Select(r => r.OdometerMm));
        Assert.Equal((43, 34, 46, 2L, 5L), (runData[1].MotorTempC, runData[1].BatteryTempC, runData[1].ControllerTempC, runData[1].CollisionCount, runData[1].EmergencyStopCount));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v1")]
    public async Task New_rows_after_the_upgrade_get_new_ids(string fixture)
    {
        await UpgradeAsync(fixture);
        await using var sp = _db.Services().BuildServiceProvider();
        int edgesBefore = (await _db.ReadTableAsync("MapEdges")).Max(r => int.Parse(r["Id"]));
        var maps = sp.GetRequiredService<IMapRepository>();
        var floor2 = (await maps.GetAllAsync())[1];
        await maps.SaveAsync(new SiteMap(floor2.MapId, floor2.Name, floor2.Building, floor2.Floor, floor2.Nodes, [.. floor2.Edges, new MapEdge(2002, 2001, false, 500, 700, Closed: true)]));
        var edgeIds = (await _db.ReadTableAsync("MapEdges")).Select(r => int.Parse(r["Id"])).ToList();
        Assert.True(edgeIds.Where(id => id > edgesBefore).Count() == 2, "the replaced map's edges must get ids after the old ones"); // SaveAsync replaces the map's edges
        Assert.Equal(new MapEdge(2002, 2001, false, 500, 700, true), (await maps.GetAllAsync())[1].Edges[^1]);

        var agv = await sp.GetRequiredService<IAgvRepository>().RecordRegistrationAsync(new AgvRecord("NEW-01", 0, "V", "M", "F", "Forklift", "LaserSlam", 1, 2, 3, 4, null, false, DateTimeOffset.UtcNow, null, 1, 0, 0, 0));
        Assert.Equal(4u, agv.AgvId);
        var orders = sp.GetRequiredService<IOrderRepository>();
        var order = new Order { ExternalId = "NEW", Type = OrderType.Move, ToNodeId = 1001, CreatedAt = DateTimeOffset.UtcNow };
        await orders.SaveAsync(order);
        Assert.Equal(5, order.Id);
        await sp.GetRequiredService<IAuditSink>().WriteAsync("admin", "test", "", "", "ok");
        Assert.Equal(6, (await _db.ReadTableAsync("AuditLog")).Count);
    }

    private static IServiceCollection WithIdentity(IServiceCollection services)
    {
        // As Console.Web configures Identity, less what needs a web host.
        services.AddIdentityCore<IdentityUser>(o => o.Password.RequiredLength = 8).AddRoles<IdentityRole>().AddEntityFrameworkStores<ConsoleDbContext>();
        return services;
    }
}

public sealed class SqliteLegacyUpgradeTests() : LegacyUpgradeContract(() => new SqliteTestDatabase());

public sealed class PostgresLegacyUpgradeTests() : LegacyUpgradeContract(() => new PostgresTestDatabase());
