using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Decides SpaceRequests. The space asked for is granted when, for its duration, it is free of
/// other AGVs: no resource inside it (nodes and edges within half the clearance of it) conflicts
/// with another AGV's holding, and no other AGV's footprint reaches into it. Otherwise the same
/// space shrunk about its centre (¾, then ½) is tried and, if free, partially granted; failing
/// that, the request is denied. A granted space is held in traffic control (trips wait for it)
/// until the AGV releases it or it expires.
/// </summary>
public sealed class SpaceArbiter(FleetRegistry registry, SiteMaps maps, TrafficController traffic, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private static readonly double[] Scales = [1.0, 0.75, 0.5];

    public SpaceRequestResponse Decide(string serial, uint mapId, SpaceRequest request)
    {
        var denied = new SpaceRequestResponse(request.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0);
        if (request.DurationMs == 0 || !Valid(request.Space)) return denied;
        var now = _clock.GetUtcNow();
        var expires = now.AddMilliseconds(request.DurationMs);
        var map = maps.Find(mapId);
        foreach (var scale in Scales)
        {
            var space = Scale(request.Space, scale);
            if (FootprintInside(serial, mapId, space)) continue;
            var hold = new SpaceHold(serial, request.RequestId, mapId, space, expires, map is null ? [] : ResourcesIn(map, space), scale < 1);
            if (traffic.TryHoldSpace(hold) is not null) continue;
            Show(serial);
            return new SpaceRequestResponse(request.RequestId, scale < 1 ? SpaceDecision.PartiallyGranted : SpaceDecision.Granted, space, (ulong)expires.ToUnixTimeMilliseconds());
        }
        return denied;
    }

    public void Release(string serial, uint requestId)
    {
        if (traffic.ReleaseSpace(serial, requestId)) Show(serial);
    }

    /// <summary>Puts the AGV's held spaces on its live entry (the live map draws them).</summary>
    public void Show(string serial)
    {
        if (registry.Find(serial) is not { } v) return;
        v.Spaces = traffic.Spaces.Where(h => h.Serial == serial)
            .Select(h => Outline(h.Space).SelectMany(p => new[] { (int)Math.Round(p.X), (int)Math.Round(p.Y) }).ToArray()).ToArray();
        registry.Touch(v);
    }

    private static bool Valid(Space s) => s.Kind switch
    {
        SpaceKind.Circle => s.RadiusMm > 0,
        SpaceKind.Rectangle => s.LengthMm > 0 && s.WidthMm > 0,
        SpaceKind.Polygon => s.Vertices.Count >= Space.MinPolygonVertices,
        _ => false,
    };

    /// <summary>Whether another AGV on the map (online or not: it may still stand there) has its footprint in the space.</summary>
    private bool FootprintInside(string serial, uint mapId, Space space)
    {
        foreach (var v in registry.All)
        {
            if (v.Serial == serial) continue;
            var s = v.State;
            if (s.MapId != mapId || (s.Pose.X == 0 && s.Pose.Y == 0 && !v.Online)) continue;
            double reach = Math.Sqrt((double)v.LengthMm * v.LengthMm + (double)v.WidthMm * v.WidthMm) / 2;
            if (Near(space, s.Pose.X, s.Pose.Y, reach)) return true;
        }
        return false;
    }

    /// <summary>The nodes and edges of the map within half the clearance of the space (edges sampled every 100 mm).</summary>
    private Resource[] ResourcesIn(SiteMap map, Space space)
    {
        double margin = traffic.Clearance / 2.0;
        var found = new List<Resource>();
        foreach (var n in map.Nodes)
            if (Near(space, n.X, n.Y, margin)) found.Add(Resource.Node(n.Id));
        foreach (var e in map.Edges)
        {
            if (map.Node(e.From) is not { } a || map.Node(e.To) is not { } b) continue;
            int steps = Math.Max(1, (int)(SiteMap.Distance(a, b) / 100));
            for (int i = 0; i <= steps; i++)
            {
                double t = (double)i / steps;
                if (!Near(space, a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t, margin)) continue;
                found.Add(Resource.Edge(e.From, e.To));
                break;
            }
        }
        return found.Distinct().ToArray();
    }

    /// <summary>Whether (x, y) lies in the space or within <paramref name="margin"/> of it.</summary>
    private static bool Near(Space space, double x, double y, double margin)
    {
        if (Contains(space, x, y)) return true;
        if (margin <= 0) return false;
        var outline = Outline(space);
        for (int i = 0, j = outline.Count - 1; i < outline.Count; j = i++)
            if (SegmentDistance(x, y, outline[j], outline[i]) <= margin) return true;
        return false;
    }

    private static double SegmentDistance(double x, double y, (double X, double Y) a, (double X, double Y) b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.Clamp(((x - a.X) * dx + (y - a.Y) * dy) / len2, 0, 1);
        return Math.Sqrt(Math.Pow(a.X + t * dx - x, 2) + Math.Pow(a.Y + t * dy - y, 2));
    }

    public static bool Contains(Space space, double x, double y)
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

    /// <summary>The space's outline as a polygon (a circle as 24 points), for drawing and distances.</summary>
    public static IReadOnlyList<(double X, double Y)> Outline(Space space)
    {
        switch (space.Kind)
        {
            case SpaceKind.Circle:
                return Enumerable.Range(0, 24).Select(i => (space.Center.X + space.RadiusMm * Math.Cos(i * Math.PI / 12), space.Center.Y + space.RadiusMm * Math.Sin(i * Math.PI / 12))).ToArray();
            case SpaceKind.Rectangle:
                double t = space.Center.Theta / 1000.0, hl = space.LengthMm / 2.0, hw = space.WidthMm / 2.0, c = Math.Cos(t), s = Math.Sin(t);
                return new[] { (hl, hw), (-hl, hw), (-hl, -hw), (hl, -hw) }
                    .Select(p => (space.Center.X + p.Item1 * c - p.Item2 * s, space.Center.Y + p.Item1 * s + p.Item2 * c)).ToArray();
            case SpaceKind.Polygon:
                return space.Vertices.AsSpan().ToArray().Select(p => ((double)p.X, (double)p.Y)).ToArray();
            default:
                return [];
        }
    }

    /// <summary>The space shrunk about its centre (a polygon about its vertices' mean).</summary>
    public static Space Scale(Space space, double f)
    {
        if (f >= 1) return space;
        switch (space.Kind)
        {
            case SpaceKind.Circle: return space with { RadiusMm = (uint)(space.RadiusMm * f) };
            case SpaceKind.Rectangle: return space with { LengthMm = (uint)(space.LengthMm * f), WidthMm = (uint)(space.WidthMm * f) };
            case SpaceKind.Polygon:
                var v = space.Vertices.AsSpan().ToArray();
                double cx = v.Average(p => (double)p.X), cy = v.Average(p => (double)p.Y);
                return Space.Polygon(v.Select(p => new Point2((int)Math.Round(cx + (p.X - cx) * f), (int)Math.Round(cy + (p.Y - cy) * f))).ToArray());
            default: return space;
        }
    }
}
