using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// The map editor's traffic warnings, from the traffic kernel's own analysis (<see cref="MapAnalysis"/>):
/// the places it manages as sections (dead ends, one-lane aisles, lifts) and the ones where its progress
/// guarantee does not hold (one-way traps, no way round, spacing and width, too many AGVs for the map),
/// first the latter. The floor is analysed with the other floors (lifts join them) and with the
/// footprints of the AGVs the console knows, as the kernel will drive them.
/// </summary>
public sealed class KernelTrafficWarnings(FleetRegistry registry) : ITrafficWarnings
{
    public bool IsAvailable => true;

    public IReadOnlyList<TrafficWarning> Analyse(SiteMap map, IReadOnlyList<SiteMap> otherFloors)
    {
        var footprints = registry.All.Select(v => new Footprint(v.LengthMm, v.WidthMm)).Where(f => f.Valid).Distinct().ToList();
        var analysis = MapAnalysis.For([map, .. otherFloors.Where(f => f.MapId != map.MapId)], footprints.Count > 0 ? footprints : null);
        var here = map.Nodes.Select(n => n.Id).ToHashSet();
        // Findings about this floor (or about the site as a whole: no nodes), those outside the guarantee first.
        return analysis.Findings
            .Where(f => f.NodeIds.Count == 0 || f.NodeIds.Any(here.Contains))
            .OrderByDescending(f => f.OutsideGuarantee)
            .Select(f =>
            {
                var nodes = f.NodeIds.Where(here.Contains).ToList();
                var said = OnThisFloor(f, nodes);
                return new TrafficWarning(KindOf(f.Kind), nodes, said.English) { Text = said };
            })
            .ToList();
    }

    /// <summary>
    /// A finding whose only value is its list of places (not connected, one-way traps, no way round) is made for the whole
    /// site, so its sentence can name other floors' nodes; on a floor's editor it names this floor's only, as its
    /// nodes to show do. Sentences about one structure (a dead end, an aisle, a lift) stay whole: a lift joins floors.
    /// </summary>
    internal static TrafficWarningText OnThisFloor(MapFinding f, IReadOnlyList<uint> nodesHere) =>
        nodesHere.Count < f.NodeIds.Count && f.Said.Values is [NodeList] ? new TrafficWarningText(f.Said.Sentence, NodeList.Of(nodesHere)) : f.Said;

    private static TrafficWarningKind KindOf(FindingKind kind) => kind switch
    {
        FindingKind.DeadEnd => TrafficWarningKind.DeadEndSpur,
        FindingKind.OneLaneAisle => TrafficWarningKind.SingleLane,
        FindingKind.OneWayTrap => TrafficWarningKind.OneWayTrap,
        FindingKind.OneWayNoWayAround => TrafficWarningKind.OneWayLoop,
        _ => TrafficWarningKind.Other,
    };
}
