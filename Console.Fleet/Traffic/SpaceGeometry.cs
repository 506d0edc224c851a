using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>The geometry of a SpaceRequest's space (PROTOCOL.md): inside, outline, shrunk; what the kernel decides with and the live map draws.</summary>
public static class SpaceGeometry
{
    /// <summary>The outline as the live map draws it: x0, y0, x1, y1, … in mm.</summary>
    public static int[] Drawn(Space space) =>
        Outline(space).SelectMany(p => new[] { (int)Math.Round(p.X), (int)Math.Round(p.Y) }).ToArray();

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
