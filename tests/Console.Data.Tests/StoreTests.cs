using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Data.Tests;

/// <summary>
/// What every database provider must do for the console: the same tests run on SQLite (a file,
/// reopened where a restart matters) and on PostgreSQL (a fresh database on the server that
/// ./test.sh starts on loopback).
/// </summary>
public abstract class StoreContract(TestDatabase database) : IDisposable
{
    protected TestDatabase Database { get; } = database;

    /// <summary>A context factory on this test's database; each call opens it anew (a restart).</summary>
    protected IDbContextFactory<ConsoleDbContext> NewFactory() => Database.Factory();

    public void Dispose() => Database.Dispose();

    protected async Task<IDbContextFactory<ConsoleDbContext>> OpenAsync()
    {
        var f = NewFactory();
        await using var db = f.CreateDbContext();
        await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance);
        return f;
    }

    [Fact]
    public async Task Orders_survive_a_reopen_with_their_legs_and_status()
    {
        var orders = new OrderStore(await OpenAsync());
        var o = new AgvConsole.Fleet.Orders.Order { ExternalId = "WMS-1", Type = AgvConsole.Fleet.Orders.OrderType.Deliver, FromNodeId = 1001, ToNodeId = 2005, Priority = 7, CreatedAt = DateTimeOffset.UtcNow };
        await orders.SaveAsync(o);
        Assert.True(o.Id > 0);
        o.Assign("DEMO-01", 42, DateTimeOffset.UtcNow);
        o.NextLeg(null, DateTimeOffset.UtcNow); // the drop-off leg waits for its way
        await orders.SaveAsync(o);
        var back = Assert.Single(await new OrderStore(await OpenAsync()).GetOpenAsync());
        Assert.Equal((o.Id, "DEMO-01", 1, true, 7), (back.Id, back.AgvSerial, back.Leg, back.LegPending, back.Priority));
    }

    [Fact]
    public async Task Agv_ids_are_stable_across_registrations_and_restarts()
    {
        var agvs = new AgvStore(await OpenAsync());
        AgvRecord R(string serial) => new(serial, 0, "V", "M", "F", "Forklift", "LaserSlam", 1, 2, 3, 1000, null, false, DateTimeOffset.UtcNow, null, 1, 10, 20, 30);
        var enrolled = await agvs.EnrolAsync(R("A") with { PublicKeyHex = "04AB" });
        Assert.NotNull(enrolled);
        Assert.Null(await agvs.EnrolAsync(R("A")));
        var b = await agvs.RecordRegistrationAsync(R("B"));
        var a = await agvs.RecordRegistrationAsync(R("A") with { Model = "M2" });
        Assert.Equal((enrolled!.AgvId, 2u), (a.AgvId, b.AgvId));

        var reopened = new AgvStore(await OpenAsync());
        var a2 = (await reopened.FindAsync("A"))!;
        Assert.Equal((enrolled.AgvId, "M2", "04AB", true), (a2.AgvId, a2.Model, a2.PublicKeyHex, a2.Enrolled));
        await reopened.SaveLastPositionAsync("A", 2, 7, 8, 9);
        var moved = (await reopened.FindAsync("A"))!;
        Assert.Equal((2u, 7, 8, 9), (moved.LastMapId, moved.LastX, moved.LastY, moved.LastTheta));
        Assert.True(moved.AutoDispatch); // every AGV gets work unless an operator holds it back
        Assert.True(await reopened.SetAutoDispatchAsync("A", false));
        Assert.False((await reopened.FindAsync("A"))!.AutoDispatch);
        Assert.False(await reopened.SetAutoDispatchAsync("nobody", false));
        // B registered without enrolment: enrolled as it is, with the same agvId, once.
        var seen = await reopened.EnrolSeenAsync("B", "04CD");
        Assert.Equal((b.AgvId, true, "04CD", "V"), (seen!.AgvId, seen.Enrolled, seen.PublicKeyHex, seen.Vendor));
        Assert.Null(await reopened.EnrolSeenAsync("B", null)); // enrolled already
        Assert.Null(await reopened.EnrolSeenAsync("A", null));
        Assert.Null(await reopened.EnrolSeenAsync("nobody", null));
        Assert.True(await reopened.RemoveAsync("B"));
        Assert.Single(await reopened.GetAllAsync());
    }

    [Fact]
    public async Task Pending_webhook_calls_survive_a_reopen_in_order_until_removed()
    {
        var outbox = new WebhookOutbox(await OpenAsync());
        var t = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var a = await outbox.AddAsync(new PendingWebhook(0, "order", "http://wms/feedback", """{"orderId":1}""", t));
        var b = await outbox.AddAsync(new PendingWebhook(0, "alarm", "http://pager/hook", """{"change":"raised"}""", t.AddSeconds(1), 3, "Shift B", 42, "raised"));
        Assert.True(a.Id > 0 && b.Id > a.Id);
        var reopened = new WebhookOutbox(await OpenAsync());
        Assert.Equal([a, b], await reopened.PendingAsync());
        await reopened.RemoveAsync(a.Id);
        Assert.Equal([b], await new WebhookOutbox(await OpenAsync()).PendingAsync());
    }

    [Fact]
    public async Task Maps_round_trip_with_nodes_edges_and_lift_links()
    {
        var maps = new MapStore(await OpenAsync());
        var m = new SiteMap(3, "Floor 3", "Hall B", 3,
            [new(1, 0, 0, MapNodeKind.Charging, Name: "Charger 1"), new(2, 1000, 0, MapNodeKind.Lift, 77, Name: "Lift A 上")], [new(1, 2, false, 800)]);
        await maps.SaveAsync(m);
        await maps.SaveAsync(m); // replacing is idempotent
        var back = (await new MapStore(await OpenAsync()).GetAllAsync()).Single();
        Assert.Equal(("Floor 3", "Hall B", 3), (back.Name, back.Building, back.Floor));
        Assert.Equal(m.Nodes, back.Nodes);
        Assert.Equal(m.Edges, back.Edges);
    }

    [Fact]
    public async Task A_large_map_is_written_in_batches_and_read_back_whole()
    {
        // 450 nodes and 899 edges: full batches of the bulk insert and a remainder, with every optional field both set and not.
        var nodes = Enumerable.Range(1, 450).Select(i => new MapNode((uint)(5000 + i), i * 100, -i * 50, i % 7 == 0 ? MapNodeKind.Charging : MapNodeKind.Normal,
            i == 450 ? 77u : null, i % 3 == 0 ? 900 + i : null)).ToList();
        nodes[^1] = nodes[^1] with { Kind = MapNodeKind.Lift };
        var edges = Enumerable.Range(1, 449).Select(i => new MapEdge((uint)(5000 + i), (uint)(5001 + i), i % 2 == 0, 500 + i, i % 5 == 0 ? 1000 : null, i % 11 == 0))
            .Concat(Enumerable.Range(1, 450).Where(i => i + 10 <= 450).Select(i => new MapEdge((uint)(5000 + i), (uint)(5010 + i), true, 1500)))
            .ToList();
        var maps = new MapStore(await OpenAsync());
        var m = new SiteMap(5, "Big hall", "Hall C", 1, nodes, edges);
        await maps.SaveAsync(new SiteMap(5, "old", "old", 2, [new(9, 0, 0, MapNodeKind.Normal)], []));
        await maps.SaveAsync(m); // replaces the old one
        var back = (await new MapStore(await OpenAsync()).GetAllAsync()).Single();
        Assert.Equal(("Big hall", "Hall C", 1), (back.Name, back.Building, back.Floor));
        Assert.Equal(m.Nodes, back.Nodes);
        Assert.Equal(m.Edges, back.Edges);
    }

    [Fact]
    public async Task History_is_written_in_batches_and_flushed_on_shutdown()
    {
        var f = await OpenAsync();
        var writer = new HistoryWriter(f, NullLogger<HistoryWriter>.Instance) { FlushInterval = TimeSpan.FromMilliseconds(50) };
        await writer.StartAsync(CancellationToken.None);
        for (int i = 0; i < 5000; i++)
            writer.StateSample("A", DateTimeOffset.UtcNow, 1, i, 0, 0, "moving", 50, 1);
        writer.Event("A", DateTimeOffset.UtcNow, "event raised", 0x101, "warning", "obstacle");
        writer.RunData("A", DateTimeOffset.UtcNow, new RunData(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        await writer.StopAsync(CancellationToken.None); // drains what is left
        Assert.Equal(0, writer.Pending);
        Assert.Equal(5002, writer.Written);
        await using var db = f.CreateDbContext();
        Assert.Equal(5000, await db.StateSamples.CountAsync());
        Assert.Equal("obstacle", (await new HistoryQuery(f).RecentEventsAsync("A", 5)).Single().Text);
        Assert.Equal(1, await db.RunDataSamples.CountAsync());
    }

    [Fact]
    public async Task Audit_entries_are_stored_and_read_newest_first()
    {
        var audit = new AuditLog(await OpenAsync());
        await audit.WriteAsync("supervisor", "motion command", "DEMO-01", "pause", "ok");
        await audit.WriteAsync("admin", "enrol", "DEMO-09", "", "ok");
        var recent = await audit.RecentAsync(10);
        Assert.Equal(["enrol", "motion command"], recent.Select(a => a.Action));
        Assert.Single(await audit.RecentAsync(10, "DEMO-01"));
    }

    [Fact]
    public async Task Audit_entries_written_at_once_are_all_stored_before_each_write_returns_and_none_after_the_end()
    {
        var f = await OpenAsync();
        var audit = new AuditLog(f);
        // Traffic control's grants for a large fleet: many at the same time, each awaited (group commit stores them together).
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 150; i++)
            {
                await audit.WriteAsync("traffic control", "path", $"DRV-{w}", $"grant {i}", "ok");
                // Returned: stored. Read on a connection of its own.
                if (i % 50 == 0) Assert.Contains(await new AuditLog(f).RecentAsync(1, $"DRV-{w}"), a => a.Detail == $"grant {i}");
            }
        })));
        Assert.Equal(1200, await audit.CountAsync(new AuditQuery()));
        Assert.Equal(Enumerable.Range(0, 150).Reverse().Select(i => $"grant {i}"), (await audit.RecentAsync(200, "DRV-3")).Select(a => a.Detail));

        var last = audit.WriteAsync("admin", "enrol", "NEW-1", "", "ok");
        await audit.DisposeAsync(); // the console stops: what was accepted is stored, nothing more is taken
        await last;
        Assert.Equal(1201, await new AuditLog(f).CountAsync(new AuditQuery()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => audit.WriteAsync("admin", "enrol", "NEW-2", "", "ok"));
    }

    [Fact]
    public async Task An_audit_entry_that_cannot_be_stored_fails_its_writer_and_the_next_ones_are_stored()
    {
        var f = NewFactory(); // no tables yet: nothing can be stored
        var audit = new AuditLog(f);
        await Assert.ThrowsAnyAsync<Exception>(() => audit.WriteAsync("admin", "enrol", "NEW-1", "", "ok"));
        await using (var db = f.CreateDbContext()) await DatabaseInitializer.InitializeAsync(db, NullLogger.Instance);
        await audit.WriteAsync("admin", "enrol", "NEW-2", "", "ok");
        Assert.Equal(["NEW-2"], (await audit.RecentAsync(10)).Select(a => a.Target));
        await audit.DisposeAsync();
    }

    [Fact]
    public async Task Alarms_and_rules_survive_a_reopen_with_their_timeline()
    {
        var store = new AlarmStore(await OpenAsync());
        var rule = await store.SaveRuleAsync(new AgvConsole.Fleet.Alarms.AlarmRule(0, "Low battery", AgvConsole.Fleet.Alarms.AlarmSource.LowBattery, 20,
            EventLevel.Warning, true, AgvConsole.Fleet.Alarms.RuleScope.Vendor, "Kivo", 10, 30, [1, 2]));
        var alarm = new AgvConsole.Fleet.Alarms.Alarm(0, "A", rule.Id, rule.Name, rule.Source, 0, EventLevel.Warning, "battery 15 %", DateTimeOffset.UtcNow);
        await store.SaveAsync(alarm);
        Assert.True(alarm.Id > 0);
        alarm.Acknowledge("maint", "on it", DateTimeOffset.UtcNow);
        await store.SaveAsync(alarm);

        var reopened = new AlarmStore(await OpenAsync());
        var back = Assert.Single(await reopened.GetActiveAsync());
        Assert.Equal((alarm.Id, "maint", "on it"), (back.Id, back.AcknowledgedBy, back.AcknowledgeComment));
        Assert.Equal(["raised", "acknowledged"], back.Timeline.Select(t => t.What));
        var r = Assert.Single(await reopened.GetRulesAsync());
        Assert.Equal(rule, r with { NotifyGroups = rule.NotifyGroups });
        Assert.Equal([1, 2], r.NotifyGroups);

        back.Clear(null, "condition ended", DateTimeOffset.UtcNow);
        await reopened.SaveAsync(back);
        Assert.Empty(await reopened.GetActiveAsync());
        Assert.Single(await reopened.SearchAsync(new AlarmQuery(Serial: "A", Level: EventLevel.Warning)));
    }

    [Fact]
    public async Task Audit_search_pages_newest_first_with_its_filters_and_counts_every_match()
    {
        var f = await OpenAsync();
        var t0 = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        await using (var db = f.CreateDbContext())
        {
            // 25 pauses by the supervisor a minute apart (two at the same instant: the id orders them), and noise by others.
            for (int i = 0; i < 25; i++)
                db.Audit.Add(new Entities.AuditEntity { At = t0.AddMinutes(i == 24 ? 23 : i), Actor = "supervisor", Action = "motion command", Target = "DEMO-01", Detail = $"pause #{i}", Outcome = "ok" });
            for (int i = 0; i < 7; i++)
                db.Audit.Add(new Entities.AuditEntity { At = t0.AddMinutes(i), Actor = "admin", Action = "enrol", Target = $"NEW-{i}", Detail = "", Outcome = "ok" });
            await db.SaveChangesAsync();
        }
        var audit = new AuditLog(f);
        var filter = new AuditQuery(Actor: "SUPER", Target: "demo", From: t0.AddMinutes(1), Limit: 10);
        Assert.Equal(24, await audit.CountAsync(filter)); // #0 is before From
        var pages = new List<IReadOnlyList<AuditRecord>>();
        for (int offset = 0; offset < 30; offset += 10) pages.Add(await audit.SearchAsync(filter with { Offset = offset }));
        Assert.Equal([10, 10, 4], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).Select(a => a.Detail).ToList();
        Assert.Equal(24, all.Distinct().Count()); // no entry twice, none left out
        Assert.Equal(["pause #24", "pause #23", "pause #22"], all.Take(3)); // newest first; the tie by insertion, newest first
        Assert.Equal("pause #1", all[^1]);
        Assert.Empty(await audit.SearchAsync(filter with { Offset = 40 }));
        Assert.Equal(32, await audit.CountAsync(new AuditQuery()));
        Assert.Equal(7, await audit.CountAsync(new AuditQuery(Action: "enrol", To: t0.AddMinutes(6))));
    }

    [Fact]
    public async Task Alarm_search_pages_newest_first_with_its_filters_and_counts_every_match()
    {
        var store = new AlarmStore(await OpenAsync());
        var t0 = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < 23; i++)
            await store.SaveAsync(new AgvConsole.Fleet.Alarms.Alarm(0, i % 2 == 0 ? "DEMO-01" : "DEMO-02", 4, "Heartbeat lost", AgvConsole.Fleet.Alarms.AlarmSource.Offline, 0,
                EventLevel.Error, $"outage {i}", t0.AddMinutes(i)));
        await store.SaveAsync(new AgvConsole.Fleet.Alarms.Alarm(0, "DEMO-01", 6, "Low battery", AgvConsole.Fleet.Alarms.AlarmSource.LowBattery, 0, EventLevel.Warning, "battery 15 %", t0));

        var filter = new AlarmQuery(Serial: "DEMO-01", RuleId: 4, Level: EventLevel.Error, Limit: 5);
        Assert.Equal(12, await store.CountAsync(filter));
        var texts = new List<string>();
        for (int offset = 0; offset < 15; offset += 5) texts.AddRange((await store.SearchAsync(filter with { Offset = offset })).Select(a => a.Text));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"outage {22 - 2 * i}"), texts);
        Assert.Equal(24, await store.CountAsync(new AlarmQuery()));
        Assert.Equal(3, await store.CountAsync(new AlarmQuery(From: t0.AddMinutes(20))));
        Assert.Equal("outage 1", Assert.Single(await store.SearchAsync(new AlarmQuery(Serial: "DEMO-02", Limit: 2, Offset: 10))).Text); // the last page is short
        Assert.Empty(await store.SearchAsync(new AlarmQuery(Serial: "DEMO-02", Offset: 11)));
    }
}

/// <summary>The contract on SQLite, the default provider: one file per test.</summary>
public sealed class SqliteStoreTests() : StoreContract(new SqliteTestDatabase());

/// <summary>The contract on PostgreSQL (Database:Provider=Postgres): a database of its own per test on the server ./test.sh starts.</summary>
public sealed class PostgresStoreTests() : StoreContract(new PostgresTestDatabase());
