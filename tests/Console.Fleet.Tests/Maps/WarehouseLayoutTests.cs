using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Maps;

public class WarehouseLayoutTests
{
    private static readonly Footprint[] DemoFootprints = [new(1200, 800), new(2000, 1000)];

    [Theory]
    [InlineData(200)]
    [InlineData(2000)]
    public void A_warehouse_for_a_fleet_is_a_valid_map_inside_the_guarantee_for_that_fleet(int agvs)
    {
        var w = WarehouseLayout.ForFleet(7, agvs);

        Assert.Empty(MapValidator.Validate(w.Map, []));
        Assert.True(w.StartPlaces.Count >= agvs, $"{w.StartPlaces.Count} start places for {agvs} AGVs");
        Assert.True(w.Stations.Count >= agvs / 4, $"{w.Stations.Count} stations for {agvs} AGVs");
        var analysis = MapAnalysis.For([w.Map], DemoFootprints);
        // One-way aisles are entered from one place only, which MapAnalysis reports as "no way round"
        // (docs/traffic.md §6: progress there rests on the fallback search). Nothing else may be outside.
        Assert.Empty(analysis.Findings.Where(f => f.OutsideGuarantee && f.Kind != FindingKind.OneWayNoWayAround).Select(f => $"{f.Kind}: {f.Text[..Math.Min(400, f.Text.Length)]}"));
        Assert.Empty(analysis.Findings.Where(f => f.Kind == FindingKind.Spacing).Select(f => f.Text));
        Assert.True(analysis.GuaranteedAgvs >= agvs, $"the guarantee covers {analysis.GuaranteedAgvs} AGVs, the fleet has {agvs}");
    }

    [Fact]
    public void Aisles_are_one_way_and_alternate_cross_aisles_are_two_way_stations_are_dead_ends()
    {
        var w = WarehouseLayout.Generate(1, aisles: 3, blocks: 2, blockRows: 4);
        var m = w.Map;
        uint Id(int c, int r) => 100_000 + (uint)((r + 1) * 5 + c);

        Assert.True(m.Edges.Single(e => e.Allows(Id(0, 1), Id(0, 2))) is { Bidirectional: false }); // aisle 1 northbound
        Assert.DoesNotContain(m.Edges, e => e.Allows(Id(0, 2), Id(0, 1)));
        Assert.Contains(m.Edges, e => e.Allows(Id(2, 2), Id(2, 1)));                                  // aisle 2 southbound
        Assert.DoesNotContain(m.Edges, e => e.Allows(Id(2, 1), Id(2, 2)));
        Assert.Contains(m.Edges, e => e.Allows(Id(1, 5), Id(0, 5)) && e.Bidirectional);             // the middle cross-aisle
        foreach (var s in w.Stations) Assert.Single(m.Edges, e => e.From == s || e.To == s);
        Assert.Equal(2 * 2 * 2, w.Stations.Count); // 2 rack rows × 2 blocks × rows 1 and 3
        Assert.Equal(3, w.Chargers.Count);
        Assert.DoesNotContain(w.StartPlaces, p => w.Stations.Contains(p) || w.Chargers.Contains(p));
    }
}
