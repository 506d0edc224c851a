using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// An area of the map (A.9): a rectangle (centre pose, length along theta, width across),
/// a polygon (3–64 vertices, simple, counter-clockwise) or a circle.
/// </summary>
public sealed record Space(
    SpaceKind Kind,
    Pose Center = default,
    uint LengthMm = 0,
    uint WidthMm = 0,
    EquatableArray<Point2> Vertices = default,
    uint RadiusMm = 0)
{
    public const int MinPolygonVertices = 3;
    public const int MaxPolygonVertices = 64;

    public static Space Rectangle(Pose center, uint length, uint width) => new(SpaceKind.Rectangle, center, length, width);
    public static Space Polygon(params Point2[] vertices) => new(SpaceKind.Polygon, Vertices: vertices);
    public static Space Circle(int x, int y, uint radius) => new(SpaceKind.Circle, new Pose(x, y, 0), RadiusMm: radius);

    public static Space Read(ref WireReader r)
    {
        var kind = (SpaceKind)r.U8();
        switch (kind)
        {
            case SpaceKind.Rectangle:
                return new(kind, Pose.Read(ref r), r.U32(), r.U32());
            case SpaceKind.Polygon:
                int n = r.Count(Point2.Size);
                if (r.Ok && n is < MinPolygonVertices or > MaxPolygonVertices)
                {
                    r.Fail(DecodeError.OutOfRange);
                    return new(kind);
                }
                var v = new Point2[n];
                for (int i = 0; i < n; i++) v[i] = Point2.Read(ref r);
                return new(kind, Vertices: v);
            case SpaceKind.Circle:
                int x = r.I32(), y = r.I32();
                return new(kind, new Pose(x, y, 0), RadiusMm: r.U32());
            default:
                r.Fail(DecodeError.UnknownLayoutSelector);
                return new(kind);
        }
    }

    public void Write(WireWriter w)
    {
        w.U8((byte)Kind);
        switch (Kind)
        {
            case SpaceKind.Rectangle:
                Center.Write(w);
                w.U32(LengthMm);
                w.U32(WidthMm);
                break;
            case SpaceKind.Polygon:
                w.Count(Vertices.Count);
                foreach (var p in Vertices.AsSpan()) p.Write(w);
                break;
            case SpaceKind.Circle:
                w.I32(Center.X);
                w.I32(Center.Y);
                w.U32(RadiusMm);
                break;
            default:
                throw new ProtocolEncodeException($"space kind {(byte)Kind} has no layout");
        }
    }

    /// <summary>
    /// The semantic rules the wire layout cannot express: a polygon must be simple and
    /// counter-clockwise. Returns null when the space is valid, else the reason.
    /// </summary>
    public string? Validate()
    {
        if (Kind != SpaceKind.Polygon) return null;
        var v = Vertices.AsSpan();
        if (v.Length is < MinPolygonVertices or > MaxPolygonVertices) return $"a polygon needs 3–64 vertices, got {v.Length}";
        long area2 = 0;
        for (int i = 0; i < v.Length; i++)
        {
            var a = v[i];
            var b = v[(i + 1) % v.Length];
            area2 += (long)a.X * b.Y - (long)b.X * a.Y;
        }
        if (area2 <= 0) return "polygon vertices must be counter-clockwise (positive area)";
        for (int i = 0; i < v.Length; i++)
            for (int j = i + 1; j < v.Length; j++)
            {
                if (j == i + 1 || (i == 0 && j == v.Length - 1)) continue; // neighbours share a vertex
                if (SegmentsIntersect(v[i], v[(i + 1) % v.Length], v[j], v[(j + 1) % v.Length]))
                    return $"polygon edges {i} and {j} cross: it is not simple";
            }
        return null;
    }

    private static bool SegmentsIntersect(Point2 p1, Point2 p2, Point2 p3, Point2 p4)
    {
        static long Cross(Point2 o, Point2 a, Point2 b) => (long)(a.X - o.X) * (b.Y - o.Y) - (long)(a.Y - o.Y) * (b.X - o.X);
        static bool On(Point2 p, Point2 q, Point2 r) =>
            Math.Min(p.X, r.X) <= q.X && q.X <= Math.Max(p.X, r.X) && Math.Min(p.Y, r.Y) <= q.Y && q.Y <= Math.Max(p.Y, r.Y);
        long d1 = Cross(p3, p4, p1), d2 = Cross(p3, p4, p2), d3 = Cross(p1, p2, p3), d4 = Cross(p1, p2, p4);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && On(p3, p1, p4)) || (d2 == 0 && On(p3, p2, p4)) || (d3 == 0 && On(p1, p3, p2)) || (d4 == 0 && On(p1, p4, p2));
    }
}
