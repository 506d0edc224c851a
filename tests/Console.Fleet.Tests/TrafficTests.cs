using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Messages;

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
    public void A_route_is_granted_whole_or_not_at_all_and_released_behind_the_agv()
    {
        var t = new TrafficController(Grid(5, 1));
        Assert.True(t.Occupy("B", 1004));
        Assert.Equal(1004u, t.TryReserve("A", [1001, 1002, 1003, 1004, 1005])); // B stands on 1004
        Assert.Null(t.HolderOf(1001)); // nothing of the refused route is held
        Assert.Null(t.TryReserve("A", [1001, 1002, 1003]));
        Assert.Equal(["A", "A", "A"], new uint[] { 1001, 1002, 1003 }.Select(t.HolderOf));
        Assert.True(t.BlockedFor("B", 1002));
        Assert.False(t.BlockedFor("A", 1002));
        t.Progress("A", 1002);
        Assert.Null(t.HolderOf(1001));
        Assert.Equal([1002u, 1003u], t.HeldBy("A"));
        t.Settle("A", 1003);
        Assert.Equal([1003u], t.HeldBy("A"));
        Assert.Equal(1, t.Release("A"));
        Assert.Null(t.HolderOf(1003));
        Assert.False(t.Occupy("A", 1004)); // B's
        t.Settle("C", 1005); // an AGV seen for the first time holds where it stands
        Assert.Equal("C", t.HolderOf(1005));
        t.Settle("D", 1005); // …unless someone else holds it
        Assert.Equal("C", t.HolderOf(1005));
    }

    [Fact]
    public void Nodes_closer_than_the_clearance_are_one_place()
    {
        var t = new TrafficController(Grid(4, 1, spacing: 1000)) { Clearance = 1500 };
        t.Occupy("B", 1003);
        Assert.Equal(1003u, t.TryReserve("A", [1001, 1002])); // 1002 is 1 m from B's 1003
        Assert.Null(t.TryReserve("A", [1001]));
    }

    /// <summary>
    /// Random trips on a random-size grid for many steps: each AGV moves one node per step and only
    /// onto nodes it holds. Invariants: no two AGVs ever hold the same node or stand together, and
    /// the fleet keeps finishing trips (no deadlock persists).
    /// </summary>
    [Theory]
    [InlineData(1, 6, 5, 8)]
    [InlineData(2, 8, 6, 15)]
    [InlineData(3, 10, 7, 25)]
    public void Random_traffic_never_puts_two_agvs_on_one_node_and_keeps_moving(int seed, int columns, int rows, int agvCount)
    {
        var rng = new Random(seed);
        var maps = Grid(columns, rows);
        var map = maps.Find(1)!;
        var traffic = new TrafficController(maps);
        var at = new Dictionary<string, uint>();
        var routes = new Dictionary<string, List<uint>>();
        foreach (var (n, i) in map.Nodes.OrderBy(_ => rng.Next()).Take(agvCount).Select((n, i) => (n, i)))
        {
            at[$"A{i}"] = n.Id;
            Assert.True(traffic.Occupy($"A{i}", n.Id));
        }
        int trips = 0, lastTripStep = 0;
        for (int step = 0; step < 3000; step++)
        {
            foreach (var agv in at.Keys.ToList())
            {
                if (!routes.TryGetValue(agv, out var route) || route.Count == 0)
                {
                    var goals = map.Nodes.Where(n => n.Id != at[agv] && !traffic.BlockedFor(agv, n.Id)).ToList();
                    if (goals.Count == 0) continue; // everything else is held right now: wait
                    var goal = goals[rng.Next(goals.Count)];
                    var plan = PathPlanner.Fastest(map, at[agv], goal.Id, 1000, n => traffic.BlockedFor(agv, n));
                    if (plan is null || traffic.TryReserve(agv, plan.NodeIds) is not null) continue;
                    routes[agv] = plan.NodeIds.Skip(1).ToList();
                    continue;
                }
                var next = route[0];
                Assert.Equal(agv, traffic.HolderOf(next)); // drives only what it holds
                at[agv] = next;
                route.RemoveAt(0);
                traffic.Progress(agv, next);
                if (route.Count == 0) { traffic.Settle(agv, next); trips++; lastTripStep = step; }
            }
            Assert.Equal(at.Count, at.Values.Distinct().Count());
            var held = at.Keys.SelectMany(traffic.HeldBy).ToList();
            Assert.Equal(held.Count, held.Distinct().Count());
        }
        Assert.True(trips > agvCount * 10, $"only {trips} trips");
        Assert.True(3000 - lastTripStep < 200, $"no trip finished in the last {3000 - lastTripStep} steps");
    }

    [Fact]
    public void Space_is_denied_where_another_agv_holds_a_node_or_stands()
    {
        var maps = Grid(5, 1);
        var registry = new FleetRegistry();
        registry.GetOrAdd("B").SetState(new State { MapId = 1, Pose = new Pose(10000, 0, 0) });
        var traffic = new TrafficController(maps);
        traffic.Occupy("B", 1005);
        var arbiter = new SpaceArbiter(registry, maps, traffic);
        Assert.Equal(SpaceDecision.Granted, arbiter.Decide("A", 1, Space.Circle(0, 0, 3000)));
        Assert.Equal(SpaceDecision.Denied, arbiter.Decide("A", 1, Space.Rectangle(new Pose(9000, 0, 0), 3000, 1000)));
        Assert.Equal(SpaceDecision.Denied, arbiter.Decide("A", 1, Space.Polygon(new(9500, -500), new(10500, -500), new(10500, 500), new(9500, 500))));
        Assert.True(SpaceArbiter.Contains(Space.Rectangle(new Pose(0, 0, 1571), 4000, 1000), 0, 1900)); // rotated 90°: long along y
        Assert.False(SpaceArbiter.Contains(Space.Rectangle(new Pose(0, 0, 1571), 4000, 1000), 1900, 0));
    }
}
