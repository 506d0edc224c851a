using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Planning;

/// <summary>One map's part of a journey: a route on that map (first node where the AGV enters it).</summary>
public sealed record PlannedLeg(uint MapId, IReadOnlyList<uint> NodeIds);

/// <summary>A route across floors: legs joined by lift rides (the last node of a leg is a lift node linked to the first node of the next).</summary>
public sealed record PlannedJourney(IReadOnlyList<PlannedLeg> Legs, double Seconds)
{
    public uint Target => Legs[^1].NodeIds[^1];
}

/// <summary>
/// Fastest journey between any two nodes of the site (on one floor: the planner's route; across
/// floors through lift nodes): a
/// Dijkstra over the few points that matter (start, target, every linked lift node), where a
/// hop on one map costs the <see cref="PathPlanner"/> route between the two points and a lift
/// ride costs <see cref="LiftSeconds"/>. Sites have a handful of lifts, so this stays cheap.
/// </summary>
public static class JourneyPlanner
{
    /// <summary>Seconds a lift ride is assumed to take (call, doors, travel, map switch).</summary>
    public const double LiftSeconds = 30;

    /// <summary>A lower bound of <see cref="Plan"/>'s seconds without a search: on one floor the map's bound, across floors one lift ride.</summary>
    public static double LowerBoundSeconds(SiteMaps maps, uint from, uint to, int vehicleMaxSpeed)
    {
        var startMap = maps.MapOfNode(from);
        var goalMap = maps.MapOfNode(to);
        if (startMap is null || goalMap is null) return 0;
        return startMap == goalMap ? PathPlanner.LowerBoundSeconds(startMap, from, to, vehicleMaxSpeed) : LiftSeconds;
    }

    public static PlannedJourney? Plan(SiteMaps maps, uint from, uint to, int vehicleMaxSpeed, Func<uint, bool>? blocked = null, int vehicleWidthMm = 0)
    {
        var startMap = maps.MapOfNode(from);
        var goalMap = maps.MapOfNode(to);
        if (startMap is null || goalMap is null) return null;
        if (startMap == goalMap)
        {
            // On one floor the journey stays on it: a lift is never a way around AGVs in the way
            // (they move on; two rides cost a minute and tie up the one cabin).
            var direct = PathPlanner.Fastest(startMap, from, to, vehicleMaxSpeed, blocked, vehicleWidthMm);
            return direct is null ? null : new PlannedJourney([new PlannedLeg(startMap.MapId, direct.NodeIds)], direct.Seconds);
        }
        // Points: start, target, and every lift node that links to a node on another map.
        var points = new List<(uint Node, SiteMap Map)> { (from, startMap), (to, goalMap) };
        foreach (var m in maps.All)
            foreach (var n in m.Nodes)
                if (n is { Kind: MapNodeKind.Lift, LinkedNodeId: { } l } && maps.MapOfNode(l) is { } other && other != m && n.Id != from && n.Id != to)
                    points.Add((n.Id, m));
        var index = points.Select((p, i) => (p.Node, i)).ToDictionary(x => x.Node, x => x.i);
        var cost = Enumerable.Repeat(double.PositiveInfinity, points.Count).ToArray();
        var prev = new (int From, PlannedRoute? Route)[points.Count];
        var done = new bool[points.Count];
        cost[0] = 0;
        var open = new PriorityQueue<int, double>();
        open.Enqueue(0, 0);
        while (open.TryDequeue(out int p, out _))
        {
            if (done[p]) continue;
            done[p] = true;
            if (p == 1) break;
            var (node, map) = points[p];
            // A ride: a lift node to the lift node it links to.
            if (map.Node(node) is { Kind: MapNodeKind.Lift, LinkedNodeId: { } linked } && index.TryGetValue(linked, out int q) && !done[q]
                && (blocked is null || !blocked(linked)) && cost[p] + LiftSeconds < cost[q])
            {
                cost[q] = cost[p] + LiftSeconds;
                prev[q] = (p, null);
                open.Enqueue(q, cost[q]);
            }
            // A drive: to every other point on the same map.
            for (int r = 0; r < points.Count; r++)
            {
                if (done[r] || points[r].Map != map || r == p) continue;
                var route = PathPlanner.Fastest(map, node, points[r].Node, vehicleMaxSpeed, blocked, vehicleWidthMm);
                if (route is null || cost[p] + route.Seconds >= cost[r]) continue;
                cost[r] = cost[p] + route.Seconds;
                prev[r] = (p, route);
                open.Enqueue(r, cost[r]);
            }
        }
        if (!done[1]) return null;
        var legs = new List<PlannedLeg>();
        for (int at = 1; at != 0; at = prev[at].From)
            if (prev[at].Route is { } route)
            {
                // Consecutive drives on one map (through a lift node without riding) join into one leg.
                if (legs.Count > 0 && legs[^1].MapId == points[at].Map.MapId)
                    legs[^1] = legs[^1] with { NodeIds = route.NodeIds.Concat(legs[^1].NodeIds.Skip(1)).ToList() };
                else legs.Add(new PlannedLeg(points[at].Map.MapId, route.NodeIds));
            }
            else if (legs.Count == 0 || legs[^1].NodeIds[0] != points[at].Node)
                legs.Add(new PlannedLeg(points[at].Map.MapId, [points[at].Node])); // ridden into the target itself
        legs.Reverse();
        return new PlannedJourney(legs, cost[1]);
    }
}
