using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;

namespace AgvConsole.Fleet.Tests;

public class MapTests
{
    //  1 —— 2 —— 3
    //  |         |
    //  4 ——→———— 5      (4→5 one-way, fast; 3–5 slow)
    private static SiteMap Sample() => new(1, "test", "B", 1,
        [new(1, 0, 0, MapNodeKind.Normal), new(2, 1000, 0, MapNodeKind.Normal), new(3, 2000, 0, MapNodeKind.Charging),
         new(4, 0, -1000, MapNodeKind.Normal), new(5, 2000, -1000, MapNodeKind.Lift, 99)],
        [new(1, 2, true, 1000), new(2, 3, true, 1000), new(1, 4, true, 1000), new(4, 5, false, 2000), new(3, 5, true, 250)]);

    /// <summary>The dispatcher ranks AGVs by this bound before searching: it must never exceed the real time, or it would pick a slower AGV.</summary>
    [Fact]
    public void The_lower_bound_never_exceeds_the_fastest_journey_on_a_grid_of_aisles()
    {
        // 12 × 8 aisles 2.5 m apart, every third row one-way, some slow edges.
        uint Id(int c, int r) => (uint)(1 + r * 12 + c);
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 12; c++)
            {
                nodes.Add(new MapNode(Id(c, r), c * 2500, r * 2500, MapNodeKind.Normal));
                if (c + 1 < 12) edges.Add(new MapEdge(Id(c, r), Id(c + 1, r), r % 3 != 0, r == 4 ? 2000 : 1200));
                if (r + 1 < 8) edges.Add(new MapEdge(Id(c, r), Id(c, r + 1), true, c % 4 == 0 ? 400 : 1000));
            }
        var map = new SiteMap(1, "grid", "B", 1, nodes, edges);
        var maps = new SiteMaps();
        maps.Set(map);
        var rng = new Random(7);
        int tight = 0;
        for (int i = 0; i < 400; i++)
        {
            uint from = (uint)rng.Next(1, 97), to = (uint)rng.Next(1, 97);
            foreach (int speed in new[] { 800, 1500 })
            {
                var real = JourneyPlanner.Plan(maps, from, to, speed);
                double bound = JourneyPlanner.LowerBoundSeconds(maps, from, to, speed);
                Assert.NotNull(real);
                Assert.True(bound <= real!.Seconds + 1e-9, $"{from}→{to} at {speed}: bound {bound:0.000} s over the journey's {real.Seconds:0.000} s");
                if (real.Seconds > 0 && bound >= 0.6 * real.Seconds) tight++;
            }
        }
        Assert.True(tight > 400, $"the bound is too loose to rank by: within 60 % of the journey in only {tight} of 800 cases");
    }

    [Fact]
    public void Fastest_route_prefers_the_fast_one_way_edge()
    {
        var r = PathPlanner.Fastest(Sample(), 1, 5, 2000)!;
        Assert.Equal([1u, 4u, 5u], r.NodeIds);
        Assert.Equal(3000, r.LengthMm, 3);
        Assert.Equal(1.0 + 1.0 + 2.0, r.Seconds, 3); // 1000 mm at 1000 mm/s, 2000 mm at 2000 mm/s, a 90° turn at 4
    }

    [Fact]
    public void A_vehicle_too_wide_for_an_edge_or_node_goes_another_way_and_closed_edges_are_never_used()
    {
        var m = Sample();
        var narrowEdge = new SiteMap(1, "t", "B", 1, m.Nodes, m.Edges.Select(e => e.From == 1 && e.To == 4 ? e with { MaxWidthMm = 700 } : e));
        Assert.Equal([1u, 4u, 5u], PathPlanner.Fastest(narrowEdge, 1, 5, 2000, null, vehicleWidthMm: 700)!.NodeIds);
        Assert.Equal([1u, 2u, 3u, 5u], PathPlanner.Fastest(narrowEdge, 1, 5, 2000, null, vehicleWidthMm: 800)!.NodeIds);
        var narrowNode = new SiteMap(1, "t", "B", 1, m.Nodes.Select(n => n.Id == 4 ? n with { MaxWidthMm = 700 } : n), m.Edges);
        Assert.Equal([1u, 2u, 3u, 5u], PathPlanner.Fastest(narrowNode, 1, 5, 2000, null, vehicleWidthMm: 800)!.NodeIds);
        Assert.Equal([1u, 4u, 5u], PathPlanner.Fastest(narrowNode, 1, 5, 2000)!.NodeIds); // no width given: no limit
        var closed = new SiteMap(1, "t", "B", 1, m.Nodes, m.Edges.Select(e => e.From == 4 ? e with { Closed = true } : e));
        Assert.Equal([1u, 2u, 3u, 5u], PathPlanner.Fastest(closed, 1, 5, 2000)!.NodeIds);
        Assert.Null(PathPlanner.Fastest(new SiteMap(1, "t", "B", 1, m.Nodes, m.Edges.Select(e => e with { Closed = true })), 1, 5, 2000));
    }

    [Fact]
    public void A_journey_to_another_floor_rides_the_lift_and_one_on_the_same_floor_does_not()
    {
        var maps = new SiteMaps();
        maps.Set(Sample()); // node 5 is a lift linked to 99
        maps.Set(new SiteMap(2, "upstairs", "B", 2, [new(99, 2000, -1000, MapNodeKind.Lift, 5), new(98, 2000, 1000, MapNodeKind.Normal)], [new(99, 98, true, 1000)]));
        var j = JourneyPlanner.Plan(maps, 1, 98, 2000)!;
        Assert.Equal(2, j.Legs.Count);
        Assert.Equal(1u, j.Legs[0].MapId);
        Assert.Equal([1u, 4u, 5u], j.Legs[0].NodeIds);
        Assert.Equal(2u, j.Legs[1].MapId);
        Assert.Equal([99u, 98u], j.Legs[1].NodeIds);
        Assert.Equal(4.0 + JourneyPlanner.LiftSeconds + 2.0, j.Seconds, 3);
        Assert.Single(JourneyPlanner.Plan(maps, 1, 3, 2000)!.Legs);
        Assert.Null(JourneyPlanner.Plan(maps, 1, 98, 2000, n => n == 99)); // the cabin is taken
        var down = JourneyPlanner.Plan(maps, 98, 1, 2000)!;
        Assert.Equal((2, 1u), (down.Legs.Count, down.Target)); // and back down: 98→99, ride, 5→…→1
    }

    [Fact]
    public void One_way_edges_are_not_driven_backwards()
    {
        var r = PathPlanner.Fastest(Sample(), 5, 1, 2000)!;
        Assert.Equal([5u, 3u, 2u, 1u], r.NodeIds); // 5→4 is not allowed
    }

    [Fact]
    public void Vehicle_speed_caps_the_edge_limit()
    {
        var r = PathPlanner.Fastest(Sample(), 1, 5, 500)!;
        Assert.Equal(6.0 + 2.0, r.Seconds, 3); // every edge at 500 mm/s: 3000 mm, and the turn at 4
    }

    [Fact]
    public void Of_equally_long_routes_the_one_with_fewest_turns_wins()
    {
        // A 4×4 grid: from one corner to the opposite one every shortest route is 6 edges long.
        uint Id(int c, int r) => (uint)(r * 4 + c + 1);
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                nodes.Add(new MapNode(Id(c, r), c * 1000, r * 1000, MapNodeKind.Normal));
                if (c < 3) edges.Add(new MapEdge(Id(c, r), Id(c + 1, r), true, 1000));
                if (r < 3) edges.Add(new MapEdge(Id(c, r), Id(c, r + 1), true, 1000));
            }
        var route = PathPlanner.Fastest(new SiteMap(1, "g", "b", 1, nodes, edges), Id(0, 0), Id(3, 3), 1000)!;
        Assert.Equal(7, route.NodeIds.Count);
        Assert.Equal(6.0 + 2.0, route.Seconds, 3); // one 90° turn
        Assert.Equal(6000, route.LengthMm, 3);
    }

    [Fact]
    public void Blocked_nodes_are_routed_around()
    {
        var r = PathPlanner.Fastest(Sample(), 1, 5, 2000, n => n == 4)!;
        Assert.Equal([1u, 2u, 3u, 5u], r.NodeIds);
        Assert.Null(PathPlanner.Fastest(Sample(), 1, 5, 2000, n => n is 4 or 2));
    }

    [Fact]
    public void Unknown_or_unreachable_nodes_have_no_route()
    {
        Assert.Null(PathPlanner.Fastest(Sample(), 1, 42, 1000));
        var island = new SiteMap(2, "x", "B", 1, [new(10, 0, 0, MapNodeKind.Normal), new(11, 10, 0, MapNodeKind.Normal)], []);
        Assert.Null(PathPlanner.Fastest(island, 10, 11, 1000));
        Assert.Equal([10u], PathPlanner.Fastest(island, 10, 10, 1000)!.NodeIds);
    }

    [Fact]
    public void Edge_lookup_respects_direction()
    {
        var m = Sample();
        Assert.NotNull(m.EdgeFor(4, 5));
        Assert.Null(m.EdgeFor(5, 4));
        Assert.NotNull(m.EdgeFor(2, 1));
    }

    [Fact]
    public void Validator_names_every_problem()
    {
        var other = new SiteMap(2, "floor 2", "B", 2, [new(99, 0, 0, MapNodeKind.Lift, 5), new(3, 0, 0, MapNodeKind.Normal)], []);
        var bad = new SiteMap(1, "", "B", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(1, 5, 5, MapNodeKind.Normal), new(3, 0, 0, MapNodeKind.Normal), new(7, 0, 0, MapNodeKind.Normal, 1234)],
            [new(1, 8, true, 1000), new(1, 1, true, 1000), new(3, 7, true, 0), new(7, 3, true, 500)]);
        var errors = MapValidator.Validate(bad, [other]);
        Assert.Contains(errors, e => e.Contains("needs a name"));
        Assert.Contains(errors, e => e.Contains("node id 1 is used 2 times"));
        Assert.Contains(errors, e => e.Contains("node 8 does not exist"));
        Assert.Contains(errors, e => e.Contains("joins a node to itself"));
        Assert.Contains(errors, e => e.Contains("speed limit must be positive"));
        Assert.Contains(errors, e => e.Contains("joined by 2 edges"));
        Assert.Contains(errors, e => e.Contains("node id 3 is already used on map 2"));
        Assert.Contains(errors, e => e.Contains("node 7 links to another map but is not a lift node"));
        Assert.Empty(MapValidator.Validate(Sample(), [new SiteMap(2, "f2", "B", 2, [new(99, 0, 0, MapNodeKind.Lift, 5)], [])]));
    }

    [Fact]
    public void Node_names_are_optional_unique_on_their_map_and_clean()
    {
        var named = new SiteMap(1, "f1", "B", 1,
            [new(1, 0, 0, MapNodeKind.Normal, Name: "Dock 1"), new(2, 1, 0, MapNodeKind.Normal, Name: "dock 1"), new(3, 2, 0, MapNodeKind.Normal, Name: " Dock 3"),
             new(4, 3, 0, MapNodeKind.Normal, Name: new string('x', 65)), new(5, 4, 0, MapNodeKind.Normal, Name: "Line\nfeed"), new(6, 5, 0, MapNodeKind.Normal)], []);
        var errors = MapValidator.Validate(named, []);
        Assert.Contains(errors, e => e.Contains("'Dock 1' is given to nodes 1, 2"));
        Assert.Contains(errors, e => e.Contains("node 3: a name may not be blank or start or end with spaces"));
        Assert.Contains(errors, e => e.Contains("node 4: the name is longer than 64"));
        Assert.Contains(errors, e => e.Contains("node 5: the name contains a control character"));
        Assert.Equal(4, errors.Count);
        Assert.Equal(("Dock 1", "node 6"), (named.Node(1)!.Label, named.Node(6)!.Label));
    }
}
