using AgvConsole.Tests;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Fleet.Tests;

public class VehicleCommandsTests
{
    private sealed class Audit : IAuditSink
    {
        public List<AuditRecord> Entries { get; } = [];
        public Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default)
        {
            Entries.Add(new AuditRecord(DateTimeOffset.UtcNow, actor, action, target, detail, outcome));
            return Task.CompletedTask;
        }
        public Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditRecord>>(Entries);
        public Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditRecord>>(Entries);
        public Task<int> CountAsync(AuditQuery query, CancellationToken ct = default) => Task.FromResult(Entries.Count);
    }


    // 1 — 2 → 3   (2→3 one-way)
    private static (VehicleCommands, FleetRegistry, Audit) Make()
    {
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "m", "b", 1, [new(1, 0, 0, MapNodeKind.Normal), new(2, 1000, 0, MapNodeKind.Normal), new(3, 2000, 0, MapNodeKind.Charging)],
            [new(1, 2, true, 500), new(2, 3, false, 2000)]));
        var registry = new FleetRegistry();
        var v = registry.GetOrAdd("A");
        v.SetState(new State { MapId = 1, LastNodeId = 1 });
        v.MaxSpeed = 1000;
        var audit = new Audit();
        return (new VehicleCommands(registry, maps, audit, new NoParameters(), NullLogger<VehicleCommands>.Instance), registry, audit);
    }

    [Fact]
    public void Route_starts_at_the_agvs_node_and_follows_drivable_edges()
    {
        var (c, registry, _) = Make();
        var v = registry.Find("A")!;
        Assert.Equal([1u, 2u, 3u], c.CheckRoute(v, 1, [2, 3]).Route);
        Assert.Null(c.CheckRoute(v, 1, [1, 2]).Error);
        Assert.Contains("not joined by an edge", c.CheckRoute(v, 1, [3]).Error);
        Assert.Contains("does not exist", c.CheckRoute(v, 1, [9]).Error);
        Assert.Contains("There is no map 2", c.CheckRoute(v, 2, [2]).Error);
        Assert.Contains("already at node 1", c.CheckRoute(v, 1, [1]).Error);
        v.SetState(new State { MapId = 1, LastNodeId = 3 });
        Assert.Contains("one-way the other way", c.CheckRoute(v, 1, [2]).Error);
    }

    [Fact]
    public void Measure_uses_the_slower_of_edge_and_vehicle()
    {
        var (c, registry, _) = Make();
        var (_, route, _) = c.CheckRoute(registry.Find("A")!, 1, [2, 3]);
        var (length, seconds) = VehicleCommands.Measure(new SiteMap(1, "m", "b", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 1000, 0, MapNodeKind.Normal), new(3, 2000, 0, MapNodeKind.Charging)],
            [new(1, 2, true, 500), new(2, 3, false, 2000)]), route, 1000);
        Assert.Equal(2000, length, 3);
        Assert.Equal(2.0 + 1.0, seconds, 3); // 1000 mm at 500, 1000 mm at min(2000, 1000)
    }

    [Fact]
    public void Parameter_ranges_come_from_the_protocol()
    {
        Assert.Null(VehicleCommands.ValidateParameters(new Dictionary<ParamId, long> { [ParamId.StateReportPeriodMs] = 50, [ParamId.RunDataPeriodMs] = 3_600_000 }));
        Assert.Contains("stateReportPeriodMs must be between 50 and 60000, got 49", VehicleCommands.ValidateParameters(new Dictionary<ParamId, long> { [ParamId.StateReportPeriodMs] = 49 }));
        Assert.Contains("unknown parameter 0x0099", VehicleCommands.ValidateParameters(new Dictionary<ParamId, long> { [(ParamId)0x99] = 1 }));
    }

    [Fact]
    public async Task Nothing_is_sent_to_an_offline_or_unknown_agv_and_the_refusal_is_audited()
    {
        var (c, _, audit) = Make();
        var offline = await c.MotionAsync("sup", "A", MotionCommandKind.Pause);
        Assert.Equal(OutcomeKind.Offline, offline.Kind);
        Assert.False(offline.Sent);
        var unknown = await c.ChargeAsync("sup", "ZZ", ChargeCommand.Start, 3);
        Assert.Equal(OutcomeKind.UnknownAgv, unknown.Kind);
        var path = await c.DispatchPathAsync("sup", "A", 1, [2], TaskType.Move, []);
        Assert.Equal(OutcomeKind.Offline, path.Outcome.Kind);
        Assert.Equal(3, audit.Entries.Count);
        Assert.All(audit.Entries, e => Assert.StartsWith("not sent", e.Outcome));
    }
}
