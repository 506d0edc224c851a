using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Decides SpaceRequests: a space is granted only when no node held by another AGV and no other
/// AGV's position lies in it; otherwise it is denied. (Partial grants and reserving the granted
/// space for its duration come with the fuller arbitration.)
/// </summary>
public sealed class SpaceArbiter(FleetRegistry registry, SiteMaps maps, TrafficController traffic)
{
    public SpaceDecision Decide(string serial, uint mapId, Space space)
    {
        var map = maps.Find(mapId);
        if (map is not null)
            foreach (var n in map.Nodes)
                if (Contains(space, n.X, n.Y) && traffic.HolderOf(n.Id) is { } h && h != serial) return SpaceDecision.Denied;
        foreach (var v in registry.All)
        {
            if (v.Serial == serial) continue;
            var s = v.State;
            if (s.MapId == mapId && Contains(space, s.Pose.X, s.Pose.Y)) return SpaceDecision.Denied;
        }
        return SpaceDecision.Granted;
    }

    public static bool Contains(Space space, int x, int y)
    {
        switch (space.Kind)
        {
            case SpaceKind.Circle:
                return Math.Pow(x - space.Center.X, 2) + Math.Pow(y - space.Center.Y, 2) <= Math.Pow(space.RadiusMm, 2);
            case SpaceKind.Rectangle:
                double t = space.Center.Theta / 1000.0, dx = x - space.Center.X, dy = y - space.Center.Y;
                double along = dx * Math.Cos(t) + dy * Math.Sin(t), across = -dx * Math.Sin(t) + dy * Math.Cos(t);
                return Math.Abs(along) <= space.LengthMm / 2.0 && Math.Abs(across) <= space.WidthMm / 2.0;
            case SpaceKind.Polygon:
                var v = space.Vertices.AsSpan();
                bool inside = false;
                for (int i = 0, j = v.Length - 1; i < v.Length; j = i++)
                    if ((v[i].Y > y) != (v[j].Y > y) && x < (double)(v[j].X - v[i].X) * (y - v[i].Y) / (v[j].Y - v[i].Y) + v[i].X) inside = !inside;
                return inside;
            default:
                return false;
        }
    }
}
