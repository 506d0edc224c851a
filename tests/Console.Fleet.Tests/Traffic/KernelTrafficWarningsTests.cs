using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic;

/// <summary>The map editor's traffic warnings come from the kernel's map analysis, about the floor being edited.</summary>
public class KernelTrafficWarningsTests
{
    // A loop of four nodes 3 m apart with a spur off node 4 to a station (5): a dead end.
    private static SiteMap Hall(uint mapId = 1, uint first = 1) => new(mapId, "Hall", "A", (int)mapId,
        [new(first, 0, 0, MapNodeKind.Normal), new(first + 1, 3000, 0, MapNodeKind.Normal), new(first + 2, 3000, 3000, MapNodeKind.Normal),
         new(first + 3, 0, 3000, MapNodeKind.Normal), new(first + 4, -3000, 3000, MapNodeKind.Parking)],
        [new(first, first + 1, true, 1000), new(first + 1, first + 2, true, 1000), new(first + 2, first + 3, true, 1000),
         new(first + 3, first, true, 1000), new(first + 3, first + 4, true, 1000)]);

    [Fact]
    public void A_dead_end_spur_is_named_with_its_nodes()
    {
        var warnings = new KernelTrafficWarnings(new FleetRegistry());
        Assert.True(warnings.IsAvailable);
        var found = warnings.Analyse(Hall(), []);
        var spur = Assert.Single(found, w => w.Kind == TrafficWarningKind.DeadEndSpur);
        Assert.Contains(5u, spur.Nodes);
        Assert.DoesNotContain(found, w => w.Kind == TrafficWarningKind.SingleLane);
    }

    /// <summary>Nodes that one-way edges lead into and none out of are a trap, not a one-way loop (the panel's heading said "One-way loop").</summary>
    [Fact]
    public void Nodes_entered_but_never_left_are_a_one_way_trap()
    {
        var hall = Hall();
        var trapped = new SiteMap(1, "Hall", "A", 1, [.. hall.Nodes, new(9, 3000, -3000, MapNodeKind.Normal)], [.. hall.Edges, new(2, 9, false, 1000)]);
        var found = new KernelTrafficWarnings(new FleetRegistry()).Analyse(trapped, []);
        var trap = Assert.Single(found, w => w.Kind == TrafficWarningKind.OneWayTrap);
        Assert.Equal([9u], trap.Nodes);
        Assert.Equal(TrafficSentence.NeverLeft, trap.Text!.Sentence);
        Assert.DoesNotContain(found, w => w.Kind == TrafficWarningKind.OneWayLoop);
    }

    [Fact]
    public void A_warning_carries_its_sentence_and_values_and_the_same_English_detail()
    {
        var found = new KernelTrafficWarnings(new FleetRegistry()).Analyse(Hall(), []);
        var spur = Assert.Single(found, w => w.Kind == TrafficWarningKind.DeadEndSpur);
        Assert.NotNull(spur.Text);
        Assert.Equal(TrafficSentence.DeadEnd, spur.Text.Sentence);
        Assert.Equal([5u], Assert.IsType<NodeList>(spur.Text.Values[0]).Shown);
        Assert.Equal(4u, spur.Text.Values[1]);
        Assert.Equal("Nodes 5 are a dead end entered from node 4: AGVs there can only come back the way they came. " +
                     "An AGV is let in only for a goal there and only when it will not have to pass another AGV inside; one waiting to go in waits before node 4, so that those inside can come out.",
            spur.Detail);
        Assert.All(found, w => Assert.Equal(w.Detail, w.Text?.English));
    }

    [Fact]
    public void A_long_list_of_nodes_names_the_first_ten_and_how_many_more()
    {
        var list = NodeList.Of(Enumerable.Range(1, 15).Select(i => (uint)(16 - i)));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (uint)i), list.Shown);
        Assert.Equal("1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 5 more", list.ToString());
        Assert.Equal("3, 7", NodeList.Of([7, 3]).ToString());
    }

    [Fact]
    public void A_list_of_places_made_for_the_whole_site_names_only_this_floors_nodes()
    {
        var site = new MapFinding(FindingKind.OneWayNoWayAround, [1061, 1062, 2049, 9001, 9002], new(TrafficSentence.NoWayRound, NodeList.Of([1061, 1062, 2049, 9001, 9002])), true);
        var here = KernelTrafficWarnings.OnThisFloor(site, [9001, 9002]);
        Assert.Equal(TrafficSentence.NoWayRound, here.Sentence);
        Assert.StartsWith("At nodes 9001, 9002 the one-way edges leave no way round", here.English);
        Assert.Same(site.Said, KernelTrafficWarnings.OnThisFloor(site, [1061, 1062, 2049, 9001, 9002]));

        // A structure's sentence stays whole: a lift names the floors it joins.
        var lift = new MapFinding(FindingKind.Lift, [1060, 2002], new(TrafficSentence.Lift, "1060/2002", new TextList(["1", "2"]), NodeList.Of([1059, 2001])), false);
        Assert.Same(lift.Said, KernelTrafficWarnings.OnThisFloor(lift, [1060]));
    }

    [Fact]
    public void Only_the_floor_being_edited_is_reported_on()
    {
        var warnings = new KernelTrafficWarnings(new FleetRegistry());
        var other = Hall(mapId: 2, first: 101);
        var found = warnings.Analyse(Hall(), [other]);
        Assert.All(found, w => Assert.All(w.Nodes, n => Assert.InRange(n, 1u, 5u)));
        Assert.Contains(warnings.Analyse(other, [Hall()]), w => w.Kind == TrafficWarningKind.DeadEndSpur && w.Nodes.Contains(105u));
    }
}
