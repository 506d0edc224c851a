using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Tests;

public class TrafficTests
{
    /// <summary>A grid of <paramref name="columns"/>×<paramref name="rows"/> nodes, <paramref name="spacing"/> mm apart, all edges both ways.</summary>
    private static SiteMaps Grid(int columns, int rows, int spacing = 2500)
    {
        uint Id(int c, int r) => (uint)(1000 + r * columns + c + 1);
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                nodes.Add(new MapNode(Id(c, r), c * spacing, r * spacing, MapNodeKind.Normal));
                if (c + 1 < columns) edges.Add(new MapEdge(Id(c, r), Id(c + 1, r), true, 1000));
                if (r + 1 < rows) edges.Add(new MapEdge(Id(c, r), Id(c, r + 1), true, 1000));
            }
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "grid", "b", 1, nodes, edges));
        return maps;
    }

    [Fact]
    public void A_route_is_granted_node_by_node_up_to_the_first_conflict_and_released_behind_the_agv()
    {
        var t = new TrafficController(Grid(6, 1));
        Assert.True(t.Occupy("B", 1005));
        Assert.True(t.Occupy("A", 1001));
        var (granted, by, at) = t.Extend("A", [1001, 1002, 1003, 1004, 1005, 1006], 0, 10);
        Assert.Equal(3, granted); // up to 1004; 1005 is B's
        Assert.Equal("B", by);
        Assert.Equal(Resource.Node(1005), at);
        Assert.Equal([1001u, 1002u, 1003u, 1004u], t.HeldBy("A"));
        Assert.Contains(Resource.Edge(1003, 1004), t.ResourcesOf("A")); // the edges between are held too
        Assert.True(t.BlockedFor("B", 1002));
        Assert.False(t.BlockedFor("A", 1002));
        t.Progress("A", 1003);
        Assert.Null(t.HolderOf(1001));
        Assert.Equal([1003u, 1004u], t.HeldBy("A"));
        t.Settle("A", 1004);
        Assert.Equal([1004u], t.HeldBy("A"));
        Assert.Equal(1, t.Release("A"));
        Assert.Null(t.HolderOf(1004));
        Assert.False(t.Occupy("A", 1005)); // B's
        t.Settle("C", 1006); // an AGV seen for the first time holds where it stands
        Assert.Equal("C", t.HolderOf(1006));
        t.Settle("D", 1006); // …unless someone else holds it
        Assert.Equal("C", t.HolderOf(1006));
    }

    [Fact]
    public void Nodes_closer_than_the_clearance_are_one_place()
    {
        var t = new TrafficController(Grid(4, 1, spacing: 1000)) { Clearance = 1500 };
        t.Occupy("B", 1003);
        Assert.Equal(0, t.Extend("A", [1001, 1002], 0, 5).Granted); // 1002 is 1 m from B's 1003: not granted
        Assert.True(t.Occupy("A", 1001)); // its own node is never in doubt
    }

    [Fact]
    public void Crossing_edges_are_one_place_and_a_lift_is_one_cabin_on_every_floor()
    {
        // Two diagonals of a 4 m square cross in the middle, far from every node.
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "x", "b", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 4000, 4000, MapNodeKind.Normal), new(3, 4000, 0, MapNodeKind.Normal), new(4, 0, 4000, MapNodeKind.Lift, 9)],
            [new(1, 2, true, 1000), new(3, 4, true, 1000)]));
        maps.Set(new SiteMap(2, "y", "b", 2, [new(9, 0, 0, MapNodeKind.Lift, 4), new(8, 5000, 0, MapNodeKind.Normal)], [new(9, 8, true, 1000)]));
        var t = new TrafficController(maps);
        t.Occupy("A", 1);
        t.Occupy("B", 3);
        Assert.Equal(1, t.Extend("A", [1, 2], 0, 1).Granted);
        var (granted, by, at) = t.Extend("B", [3, 4], 0, 1);
        Assert.Equal(0, granted);
        Assert.Equal("A", by);
        Assert.Equal(Resource.Edge(1, 2), at);
        t.Settle("A", 2);
        Assert.Equal(1, t.Extend("B", [3, 4], 0, 1).Granted); // B now holds the lift on floor 1…
        Assert.True(t.BlockedFor("C", 9)); // …so nobody takes the same cabin on floor 2
    }

    /// <summary>
    /// Random trips on random grids, driven by the trip driver against a model fleet: each AGV
    /// moves one node per step along what it was sent. Invariants at every step: an AGV only
    /// enters a node and an edge it holds, no two AGVs stand closer than the clearance, no two
    /// hold the same node. Liveness: trips keep finishing (no deadlock persists).
    /// </summary>
    [Theory]
    [InlineData(1, 6, 5, 8)]
    [InlineData(2, 8, 6, 15)]
    [InlineData(3, 10, 7, 25)]
    [InlineData(4, 5, 4, 9)]
    public async Task Random_trips_never_share_a_place_and_keep_finishing(int seed, int columns, int rows, int agvCount)
    {
        var rng = new Random(seed);
        var maps = Grid(columns, rows);
        var map = maps.Find(1)!;
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 2 };
        fleet.Driver = driver;
        int finished = 0, lastFinish = 0, step = 0;
        driver.Reported += (_, r) => { if (r.Status == TaskStatus.Finished) { finished++; lastFinish = step; } };
        foreach (var (n, i) in map.Nodes.OrderBy(_ => rng.Next()).Take(agvCount).Select((n, i) => (n, i)))
        {
            fleet.Add($"A{i}", n.Id);
            Assert.True(traffic.Occupy($"A{i}", n.Id));
        }
        var now = DateTimeOffset.UnixEpoch;
        const int Steps = 1500;
        for (step = 0; step < Steps; step++)
        {
            now = now.AddMilliseconds(500);
            foreach (var agv in fleet.Serials)
            {
                if (driver.Of(agv) is not null || rng.Next(3) != 0) continue;
                var here = fleet.At(agv);
                var goals = map.Nodes.Where(n => n.Id != here && !traffic.BlockedFor(agv, n.Id)).ToList();
                var goal = goals[rng.Next(goals.Count)];
                var plan = PathPlanner.Fastest(map, here, goal.Id, 1000, n => driver.Obstacle(agv, n));
                if (plan is not null) await driver.StartAsync("test", fleet.Registry.Find(agv)!, map, plan.NodeIds.ToList(), TaskType.Move, []);
            }
            foreach (var agv in fleet.Serials)
            {
                if (fleet.Next(agv) is not { } next) continue;
                Assert.Equal(agv, traffic.HolderOf(next)); // drives only what it holds
                Assert.Contains(Resource.Edge(fleet.At(agv), next), traffic.ResourcesOf(agv));
                fleet.Step(agv);
            }
            await driver.TickAsync(now);
            var spots = fleet.Serials.Select(a => map.Node(fleet.At(a))!).ToList();
            for (int i = 0; i < spots.Count; i++)
                for (int j = i + 1; j < spots.Count; j++)
                    Assert.True(SiteMap.Distance(spots[i], spots[j]) >= traffic.Clearance, $"{spots[i].Id} and {spots[j].Id} at step {step}");
            var held = fleet.Serials.SelectMany(traffic.HeldBy).ToList();
            Assert.Equal(held.Count, held.Distinct().Count());
        }
        string Dump() => string.Join("\n", fleet.Serials.Select(a => driver.Of(a) is { } t
            ? $"{a} at {fleet.At(a)} next {fleet.Next(a)} trip {t.Id} route {string.Join(",", t.Route)} reached {t.Reached} granted {t.Granted} sent {t.Sent} open {t.TaskOpen} waits {t.WaitingFor} detours {t.Detours} holds {string.Join(",", traffic.HeldBy(a))}"
            : $"{a} at {fleet.At(a)} idle holds {string.Join(",", traffic.HeldBy(a))}"));
        Assert.True(finished > agvCount * 5, $"only {finished} trips finished\n{Dump()}");
        Assert.True(Steps - lastFinish < 100, $"no trip finished in the last {Steps - lastFinish} steps ({driver.DeadlocksResolved} waits resolved)\n{Dump()}");
    }

    [Fact]
    public async Task Agvs_meeting_head_on_are_a_deadlock_and_one_is_replanned_around_the_other()
    {
        // A ladder: the bottom row is fast, the top row slow; A and B swap ends along the bottom.
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        for (uint c = 0; c < 5; c++)
        {
            nodes.Add(new MapNode(1 + c, (int)c * 2500, 0, MapNodeKind.Normal));
            nodes.Add(new MapNode(11 + c, (int)c * 2500, 2500, MapNodeKind.Normal));
            edges.Add(new MapEdge(1 + c, 11 + c, true, 1000));
            if (c < 4)
            {
                edges.Add(new MapEdge(1 + c, 2 + c, true, 2000));
                edges.Add(new MapEdge(11 + c, 12 + c, true, 300));
            }
        }
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "ladder", "b", 1, nodes, edges));
        var map = maps.Find(1)!;
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 1 };
        fleet.Driver = driver;
        var resolved = new List<string>();
        driver.Resolved += resolved.Add;
        fleet.Add("A", 1);
        fleet.Add("B", 5);
        traffic.Occupy("A", 1);
        traffic.Occupy("B", 5);
        Assert.True((await driver.StartAsync("test", fleet.Registry.Find("A")!, map, [1, 2, 3, 4, 5], TaskType.Move, [])).Outcome.Ok);
        Assert.True((await driver.StartAsync("test", fleet.Registry.Find("B")!, map, [5, 4, 3, 2, 1], TaskType.Move, [])).Outcome.Ok);
        var now = DateTimeOffset.UnixEpoch;
        for (int step = 0; step < 60 && (fleet.At("A") != 5 || fleet.At("B") != 1); step++)
        {
            now = now.AddMilliseconds(500);
            fleet.Step("A");
            fleet.Step("B");
            await driver.TickAsync(now);
        }
        Assert.Equal(5u, fleet.At("A"));
        Assert.Equal(1u, fleet.At("B"));
        Assert.Contains(resolved, r => r.StartsWith("deadlock", StringComparison.Ordinal) && r.Contains("re-planned"));
    }

    [Fact]
    public async Task A_journey_across_floors_rides_the_lift_as_one_task()
    {
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "ground", "b", 1, [new(1, 0, 0, MapNodeKind.Normal), new(2, 2500, 0, MapNodeKind.Normal), new(3, 5000, 0, MapNodeKind.Lift, 13)],
            [new(1, 2, true, 1000), new(2, 3, true, 1000)]));
        maps.Set(new SiteMap(2, "first", "b", 2, [new(13, 5000, 0, MapNodeKind.Lift, 3), new(12, 2500, 0, MapNodeKind.Normal), new(11, 0, 0, MapNodeKind.Normal)],
            [new(13, 12, true, 1000), new(12, 11, true, 1000)]));
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 2 };
        fleet.Driver = driver;
        var reports = new List<TaskReport>();
        driver.Reported += (_, r) => reports.Add(r);
        fleet.Add("A", 1);
        fleet.Add("B", 11);
        traffic.Occupy("A", 1);
        var journey = JourneyPlanner.Plan(maps, 1, 12, 1000)!;
        var (outcome, trip) = await driver.StartAsync("test", fleet.Registry.Find("A")!, maps.Find(1)!, journey.Legs[0].NodeIds.ToList(), TaskType.Move, [], journey.Legs.Skip(1));
        Assert.True(outcome.Ok);
        var now = DateTimeOffset.UnixEpoch;
        for (int step = 0; step < 20 && driver.Of("A") is not null; step++)
        {
            now = now.AddMilliseconds(500);
            if (fleet.Registry.Find("A")!.State.LastNodeId == 3) Assert.True(traffic.BlockedFor("B", 13)); // one cabin on both floors
            fleet.Step("A");
            await driver.TickAsync(now);
        }
        Assert.Equal([("A", 3u, 13u)], fleet.Switches);
        Assert.Equal((2u, 12u), (fleet.Registry.Find("A")!.State.MapId, fleet.At("A")));
        Assert.Equal([12u], traffic.HeldBy("A"));
        Assert.Equal([(trip!.Id, TaskStatus.Finished)], reports.Select(r => (r.TaskId, r.Status)));
    }

    [Fact]
    public async Task An_agv_waiting_on_an_idle_one_gets_it_moved_aside()
    {
        // A corridor with one siding: B idles in the corridor on A's only way.
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "corridor", "b", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 2500, 0, MapNodeKind.Normal), new(3, 5000, 0, MapNodeKind.Normal), new(4, 7500, 0, MapNodeKind.Normal), new(13, 5000, 2500, MapNodeKind.Normal)],
            [new(1, 2, true, 1000), new(2, 3, true, 1000), new(3, 4, true, 1000), new(3, 13, true, 1000)]));
        var map = maps.Find(1)!;
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 2 };
        fleet.Driver = driver;
        fleet.Add("A", 1);
        fleet.Add("B", 3);
        traffic.Occupy("A", 1);
        traffic.Occupy("B", 3);
        Assert.True((await driver.StartAsync("test", fleet.Registry.Find("A")!, map, [1, 2, 3, 4], TaskType.Move, [])).Outcome.Ok);
        var now = DateTimeOffset.UnixEpoch;
        for (int step = 0; step < 40 && fleet.At("A") != 4; step++)
        {
            now = now.AddMilliseconds(500);
            fleet.Step("A");
            fleet.Step("B");
            await driver.TickAsync(now);
        }
        Assert.Equal(4u, fleet.At("A"));
        Assert.Equal(13u, fleet.At("B")); // into the siding, the only free node off A's way
    }

    [Fact]
    public async Task Idle_agvs_boxed_in_by_idle_agvs_are_freed_one_after_the_other()
    {
        // A corridor 1–4 with a dead-end siding of two nodes at 3 and at 4. A drives from 1 to 4.
        // B idles on 3, on A's only way; C idles in B's siding, D on A's target, E in D's siding:
        // neither B nor D can step aside until C and E have gone deeper into the sidings
        // (idle AGVs gather like this where orders end).
        //           23    24
        //           13(C) 14(E)
        //   1(A) 2  3(B)  4(D)
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "corridor", "b", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 2500, 0, MapNodeKind.Normal), new(3, 5000, 0, MapNodeKind.Normal), new(4, 7500, 0, MapNodeKind.Normal),
             new(13, 5000, 2500, MapNodeKind.Normal), new(23, 5000, 5000, MapNodeKind.Normal), new(14, 7500, 2500, MapNodeKind.Normal), new(24, 7500, 5000, MapNodeKind.Normal)],
            [new(1, 2, true, 1000), new(2, 3, true, 1000), new(3, 4, true, 1000), new(3, 13, true, 1000), new(13, 23, true, 1000), new(4, 14, true, 1000), new(14, 24, true, 1000)]));
        var map = maps.Find(1)!;
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 2 };
        fleet.Driver = driver;
        var log = new List<string>();
        driver.Resolved += log.Add;
        foreach (var (serial, node) in new[] { ("A", 1u), ("B", 3u), ("C", 13u), ("D", 4u), ("E", 14u) })
        {
            fleet.Add(serial, node);
            traffic.Occupy(serial, node);
        }
        Assert.True((await driver.StartAsync("test", fleet.Registry.Find("A")!, map, [1, 2, 3, 4], TaskType.Move, [])).Outcome.Ok);
        var now = DateTimeOffset.UnixEpoch;
        for (int step = 0; step < 120 && fleet.At("A") != 4; step++)
        {
            now = now.AddMilliseconds(500);
            foreach (var serial in fleet.Serials) fleet.Step(serial);
            await driver.TickAsync(now);
            var at = fleet.Serials.Select(fleet.At).ToList();
            Assert.Equal(at.Count, at.Distinct().Count());
        }
        Assert.True(fleet.At("A") == 4, string.Join("\n", log));
        Assert.Equal((13u, 23u, 14u, 24u), (fleet.At("B"), fleet.At("C"), fleet.At("D"), fleet.At("E")));
    }

    [Fact]
    public async Task An_idle_agv_on_a_one_way_row_makes_way_through_the_node_the_other_waits_for()
    {
        // A one-way row 2 → 3 → 4 (westbound on the demo site); A comes up from 1 to go to 3. B idles
        // on 2: its only way off A's path leads through A's target 3 to 4. It may pass 3, not stop there.
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "one-way row", "b", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 0, 2500, MapNodeKind.Normal), new(3, -2500, 2500, MapNodeKind.Normal), new(4, -5000, 2500, MapNodeKind.Normal)],
            [new(1, 2, true, 1000), new(2, 3, false, 1000), new(3, 4, false, 1000)]));
        var map = maps.Find(1)!;
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 2 };
        fleet.Driver = driver;
        foreach (var (serial, node) in new[] { ("A", 1u), ("B", 2u) })
        {
            fleet.Add(serial, node);
            traffic.Occupy(serial, node);
        }
        // A's first step is held by B: a person's path is refused; an order's trip starts and waits.
        Assert.False((await driver.StartAsync("test", fleet.Registry.Find("A")!, map, [1, 2, 3], TaskType.Move, [])).Outcome.Ok);
        Assert.True((await driver.StartAsync("test", fleet.Registry.Find("A")!, map, [1, 2, 3], TaskType.Move, [], waitForWay: true)).Outcome.Ok);
        var now = DateTimeOffset.UnixEpoch;
        for (int step = 0; step < 40 && fleet.At("A") != 3; step++)
        {
            now = now.AddMilliseconds(500);
            fleet.Step("A");
            fleet.Step("B");
            await driver.TickAsync(now);
            Assert.NotEqual(fleet.At("A"), fleet.At("B"));
        }
        Assert.Equal((3u, 4u), (fleet.At("A"), fleet.At("B")));
    }

    [Fact]
    public async Task An_idle_agv_in_a_dead_end_gets_out_once_the_agv_coming_for_its_node_steps_back()
    {
        // Node 2 is a dead end off 1 (the demo site's top-left corner). B idles on 2; A comes from 0
        // to 2 and, waiting on 1, stands on B's only way out. A must step back and B leave first.
        //        2(B)
        //   0(A) 1    3
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "dead end", "b", 1,
            [new(0, 0, 0, MapNodeKind.Normal), new(1, 2500, 0, MapNodeKind.Normal), new(2, 2500, 2500, MapNodeKind.Normal), new(3, 5000, 0, MapNodeKind.Normal)],
            [new(0, 1, true, 1000), new(1, 2, true, 1000), new(1, 3, true, 1000)]));
        var map = maps.Find(1)!;
        var fleet = new ModelFleet(maps);
        var traffic = new TrafficController(maps);
        var driver = new TripDriver(fleet.Registry, maps, traffic, fleet, NullLogger.Instance) { Lookahead = 2 };
        fleet.Driver = driver;
        foreach (var (serial, node) in new[] { ("A", 0u), ("B", 2u) })
        {
            fleet.Add(serial, node);
            traffic.Occupy(serial, node);
        }
        Assert.True((await driver.StartAsync("test", fleet.Registry.Find("A")!, map, [0, 1, 2], TaskType.Move, [])).Outcome.Ok);
        var now = DateTimeOffset.UnixEpoch;
        for (int step = 0; step < 120 && !(fleet.At("A") == 2 && driver.Of("A") is null); step++)
        {
            now = now.AddMilliseconds(500);
            fleet.Step("A");
            fleet.Step("B");
            await driver.TickAsync(now);
            Assert.NotEqual(fleet.At("A"), fleet.At("B"));
        }
        Assert.Equal(2u, fleet.At("A"));
        Assert.NotEqual(2u, fleet.At("B"));
    }

    [Fact]
    public void Space_is_granted_held_until_released_or_expired_partly_granted_or_denied()
    {
        var maps = Grid(8, 1);
        var registry = new FleetRegistry();
        registry.GetOrAdd("B").SetState(new State { MapId = 1, Pose = new Pose(17500, 0, 0) });
        var clock = new ManualClock();
        var traffic = new TrafficController(maps);
        traffic.Occupy("B", 1008);
        var arbiter = new SpaceArbiter(registry, maps, traffic, clock);
        SpaceRequest Ask(uint id, Space space, uint ms = 4000) => new(id, SpaceReason.ObstacleAvoidance, space, ms, []);

        var whole = arbiter.Decide("A", 1, Ask(1, Space.Circle(0, 0, 3000)));
        Assert.Equal(SpaceDecision.Granted, whole.Decision);
        Assert.Equal(Space.Circle(0, 0, 3000), whole.Granted);
        Assert.Equal((ulong)clock.GetUtcNow().AddSeconds(4).ToUnixTimeMilliseconds(), whole.ExpiresAt);
        Assert.Equal("A", traffic.HolderOf(1002)); // the nodes in it are held for A: nobody drives in
        Assert.True(traffic.BlockedFor("C", 1001));
        Assert.Equal(0, traffic.Extend("C", [1003, 1002], 0, 1).Granted);

        // B holds 17.5 m: a rectangle reaching near it is denied whole, granted shrunk to ¾.
        var part = arbiter.Decide("A", 1, Ask(2, Space.Rectangle(new Pose(9000, 0, 0), 12000, 1000)));
        Assert.Equal(SpaceDecision.PartiallyGranted, part.Decision);
        Assert.Equal(9000u, part.Granted.LengthMm);
        Assert.Equal(SpaceDecision.Denied, arbiter.Decide("A", 1, Ask(3, Space.Polygon(new(17000, -500), new(18000, -500), new(18000, 500), new(17000, 500)))).Decision);
        Assert.Equal(SpaceDecision.Denied, arbiter.Decide("C", 1, Ask(4, Space.Circle(0, 0, 1000))).Decision); // A's space
        Assert.Equal(SpaceDecision.Denied, arbiter.Decide("C", 1, Ask(5, Space.Circle(5000, 5000, 500), 0)).Decision); // no duration

        arbiter.Release("A", 1);
        Assert.False(traffic.BlockedFor("C", 1001));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["A"], traffic.ExpireSpaces(clock.GetUtcNow())); // request 2 ran out
        Assert.Empty(traffic.Spaces);
        Assert.True(SpaceArbiter.Contains(Space.Rectangle(new Pose(0, 0, 1571), 4000, 1000), 0, 1900)); // rotated 90°: long along y
        Assert.False(SpaceArbiter.Contains(Space.Rectangle(new Pose(0, 0, 1571), 4000, 1000), 1900, 0));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>
    /// AGVs as the trip driver sees them, without sockets: each keeps the path it was sent
    /// (appends included), moves one node per step, and reports its task finished at the end of
    /// its path, like the simulator; an append after that is refused, as a real AGV would.
    /// </summary>
    private sealed class ModelFleet(SiteMaps maps) : ITripSender
    {
        public FleetRegistry Registry { get; } = new();
        public TripDriver Driver { get; set; } = null!;
        private readonly Dictionary<string, (uint Task, Queue<uint> Path)> _agvs = new();

        public IEnumerable<string> Serials => _agvs.Keys.ToList();
        public uint At(string serial) => Registry.Find(serial)!.State.LastNodeId;

        public void Add(string serial, uint node)
        {
            var v = Registry.GetOrAdd(serial);
            var n = maps.MapOfNode(node)!.Node(node)!;
            v.SetState(new State { MapId = maps.MapOfNode(node)!.MapId, LastNodeId = node, Pose = new Pose(n.X, n.Y, 0), AgvState = AgvState.Idle, TaskId = 0xFFFFFFFF });
            _agvs[serial] = (0xFFFFFFFF, new Queue<uint>());
        }

        public bool IsOnline(Vehicle v) => true;

        public Task<AgvConsole.Fleet.Dispatch.CommandOutcome> SwitchMapAsync(string actor, Vehicle v, uint targetMapId)
        {
            var lift = maps.MapOfNode(v.State.LastNodeId)!.Node(v.State.LastNodeId)!;
            var entry = maps.Find(targetMapId)!.Node(lift.LinkedNodeId!.Value)!;
            Switches.Add((v.Serial, lift.Id, entry.Id));
            v.SetState(v.State with { MapId = targetMapId, LastNodeId = entry.Id, Pose = new Pose(entry.X, entry.Y, 0), AgvState = AgvState.Idle });
            return Task.FromResult(AgvConsole.Fleet.Dispatch.CommandOutcome.FromAnswer("map switch", ResultCode.Ok));
        }

        public List<(string Serial, uint From, uint To)> Switches { get; } = [];

        public Task<AgvConsole.Fleet.Dispatch.CommandOutcome> SendAsync(string actor, Vehicle v, MotionControl motion, string detail)
        {
            var (task, path) = _agvs[v.Serial];
            if (motion.Append ? task != motion.TaskId : task != 0xFFFFFFFF)
                return Task.FromResult(AgvConsole.Fleet.Dispatch.CommandOutcome.FromAnswer("path", ResultCode.RejectedInState));
            foreach (var p in motion.Path) path.Enqueue(p.NodeId);
            _agvs[v.Serial] = (motion.TaskId, path);
            v.SetState(v.State with { TaskId = motion.TaskId, AgvState = AgvState.Moving });
            return Task.FromResult(AgvConsole.Fleet.Dispatch.CommandOutcome.FromAnswer("path", ResultCode.Ok));
        }

        public uint? Next(string serial) => _agvs[serial].Path.TryPeek(out var n) ? n : null;

        /// <summary>One node along the path; returns where it came from and went (null when it stood still).</summary>
        public (uint From, uint? To) Step(string serial)
        {
            var v = Registry.Find(serial)!;
            var (task, path) = _agvs[serial];
            uint from = v.State.LastNodeId;
            if (!path.TryDequeue(out var next)) return (from, null);
            var n = maps.MapOfNode(next)!.Node(next)!;
            v.SetState(v.State with { LastNodeId = next, Pose = new Pose(n.X, n.Y, 0) });
            if (path.Count == 0)
            {
                _agvs[serial] = (0xFFFFFFFF, path);
                v.SetState(v.State with { TaskId = 0xFFFFFFFF, AgvState = AgvState.Idle });
                Driver.OnTaskReport(v, new TaskReport(task, TaskStatus.Finished, 0, 0));
            }
            return (from, next);
        }
    }
}
