using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

public class FootprintGeometryTests
{
    /// <summary>
    /// A lift cabin is one place on both floors. A move into it from floor 2 ends where, after the ride,
    /// the vehicle stands on floor 1: as near the node beside the cabin on floor 1 as standing in the cabin.
    /// Before, such a move was near floor 2 only, so a forklift was planned into the cabin while another
    /// stood 2.5 m from it on floor 1, the two stood in conflict, and neither could ever move again (the
    /// demo site's lift jam, 2026-12-01).
    /// </summary>
    [Fact]
    public void A_move_into_a_lift_cabin_is_near_what_stands_by_the_cabin_on_the_other_floor()
    {
        var s = new SiteBuilder();
        var (cabin1, cabin2) = s.Lift(1, 0, 0, 2, 50_000, 0);
        uint beside1 = s.Node(1, 0, 2500), below1 = s.Node(1, 0, 5000);
        uint beside2 = s.Node(2, 50_000, 2500);
        s.Edge(cabin1, beside1);
        s.Edge(beside1, below1);
        s.Edge(cabin2, beside2);
        var g = KernelGraph.FromSite(s.Build());
        var geo = new FootprintGeometry(g, 2 * 2000);
        int cabin = g.PlaceOf(cabin1), p1 = g.PlaceOf(beside1), p2 = g.PlaceOf(beside2), below = g.PlaceOf(below1);
        Assert.Equal(cabin, g.PlaceOf(cabin2));
        int into = g.OutEdge[g.Arc(p2, cabin)], away = g.OutEdge[g.Arc(p1, below)];

        Assert.Equal(2500, geo.NodeToNode(cabin, p1), 1);
        Assert.Equal(2500, geo.NodeToEdge(p1, into), 1);       // was: infinite (another floor)
        Assert.Equal(2500, geo.EdgeToEdge(into, away), 1);     // was: infinite
        Assert.Equal(2500, geo.EdgeToEdge(away, into), 1);
        Assert.Equal(double.PositiveInfinity, geo.NodeToEdge(p2, away)); // floor 2 beside the cabin is not near a floor-1 move that stays clear of the cabin's place
        Assert.Contains(p1, Row(geo.EdgeNodeStart, geo.EdgeNode, into));
        // Near is mutual, whichever floor the lists were built from: the executor looks up an edge's own list only.
        Assert.Contains(into, Row(geo.EdgeEdgeStart, geo.EdgeEdge, away));
        Assert.Contains(away, Row(geo.EdgeEdgeStart, geo.EdgeEdge, into));
        AssertMutual(g, geo);
    }

    /// <summary>
    /// Two lifts whose cabins stand 2 m apart on floor 1 and far apart on floor 2: moves into the two cabins from
    /// floor 2 are near each other (both end on floor 1 too), though neither edge lies on floor 1.
    /// </summary>
    [Fact]
    public void Moves_into_two_cabins_near_each_other_on_another_floor_are_near()
    {
        var s = new SiteBuilder();
        var (a1, a2) = s.Lift(1, 0, 0, 2, 0, 0);
        var (b1, b2) = s.Lift(1, 2000, 0, 2, 40_000, 0);
        uint toA = s.Node(2, 0, 2500), toB = s.Node(2, 40_000, 2500), on1 = s.Node(1, 1000, 2500);
        s.Edge(a2, toA);
        s.Edge(b2, toB);
        s.Edge(a1, on1);
        s.Edge(b1, on1);
        var g = KernelGraph.FromSite(s.Build());
        var geo = new FootprintGeometry(g, 2 * 2000);
        int intoA = g.OutEdge[g.Arc(g.PlaceOf(toA), g.PlaceOf(a2))], intoB = g.OutEdge[g.Arc(g.PlaceOf(toB), g.PlaceOf(b2))];
        Assert.Equal(2000, geo.EdgeToEdge(intoA, intoB), 1);
        Assert.Contains(intoB, Row(geo.EdgeEdgeStart, geo.EdgeEdge, intoA));
        Assert.Contains(intoA, Row(geo.EdgeEdgeStart, geo.EdgeEdge, intoB));
        AssertMutual(g, geo);
    }

    /// <summary>On one floor nothing changes: the lists hold what the segments' distances say, once each, both ways.</summary>
    [Fact]
    public void On_one_floor_an_edge_is_near_what_its_segment_is_near()
    {
        var s = new SiteBuilder();
        var hall = s.Hall(1, 0, 0, 4, 3, 2500);
        var g = KernelGraph.FromSite(s.Build());
        var geo = new FootprintGeometry(g, 2 * 2000);
        int e = g.OutEdge[g.Arc(g.PlaceOf(hall[0, 0]), g.PlaceOf(hall[1, 0]))];
        var (ax, ay, bx, by) = geo.Segment(e);
        foreach (var id in hall)
        {
            var (x, y) = s.At(id);
            Assert.Equal(FootprintGeometry.PointToSegment(x, y, ax, ay, bx, by), geo.NodeToEdge(g.PlaceOf(id), e), 3);
        }
        AssertMutual(g, geo);
    }

    private static void AssertMutual(KernelGraph g, FootprintGeometry geo)
    {
        for (int e = 0; e < g.EdgeCount; e++)
        {
            var row = Row(geo.EdgeEdgeStart, geo.EdgeEdge, e);
            Assert.Equal(row.Length, row.Distinct().Count());
            for (int k = 0; k < row.Length; k++)
            {
                int f = row[k];
                var back = Row(geo.EdgeEdgeStart, geo.EdgeEdge, f);
                int i = Array.IndexOf(back, e);
                Assert.True(i >= 0, $"edge {e} lists {f}, which does not list it");
                Assert.Equal(geo.EdgeEdgeDist[geo.EdgeEdgeStart[e] + k], geo.EdgeEdgeDist[geo.EdgeEdgeStart[f] + i]);
            }
        }
    }

    private static int[] Row(int[] start, int[] items, int i) => items[start[i]..start[i + 1]];
}
