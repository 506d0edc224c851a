using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Simulation;

/// <summary>
/// Moves a vehicle along MotionControl path points: each segment (line, circular arc through its
/// control point, or cubic Bézier through its two control points) is sampled into a polyline, and
/// the vehicle advances along it at the segment's speed limit.
/// </summary>
public sealed class PathFollower
{
    private const int CurveSamples = 16;
    private readonly List<Segment> _segments = [];
    private int _current;
    private double _along; // mm travelled on the current segment

    private sealed record Segment(int PointIndex, PathPoint Target, (double X, double Y)[] Polyline, double Length);

    public bool IsDone => _current >= _segments.Count;
    public int Count => _segments.Count;

    /// <summary>Index (in the task's whole path) of the point the vehicle is heading to.</summary>
    public int CurrentPointIndex => IsDone ? Math.Max(0, _segments.Count - 1) : _segments[_current].PointIndex;
    public PathPoint? CurrentTarget => IsDone ? null : _segments[_current].Target;
    public PathPoint? LastReached { get; private set; }

    public void Clear()
    {
        _segments.Clear();
        _current = 0;
        _along = 0;
        LastReached = null;
    }

    /// <summary>Adds points after the current path; the first starts from <paramref name="from"/> (or the previous point).</summary>
    public void Append(IReadOnlyList<PathPoint> points, (double X, double Y) from)
    {
        var start = _segments.Count > 0 ? Last(_segments[^1]) : from;
        foreach (var p in points)
        {
            var end = ((double)p.Pose.X, (double)p.Pose.Y);
            var poly = p.Trajectory switch
            {
                Trajectory.Arc when p.ControlPoints.Count >= 1 => Arc(start, (p.ControlPoints[0].X, p.ControlPoints[0].Y), end),
                Trajectory.Bezier when p.ControlPoints.Count >= 2 =>
                    Bezier(start, (p.ControlPoints[0].X, p.ControlPoints[0].Y), (p.ControlPoints[1].X, p.ControlPoints[1].Y), end),
                _ => [start, end],
            };
            _segments.Add(new Segment(_segments.Count, p, poly, Length(poly)));
            start = end;
        }
    }

    private static (double X, double Y) Last(Segment s) => s.Polyline[^1];

    /// <summary>
    /// Advances by <paramref name="distance"/> mm (stopping at a point whose attribute is not
    /// pass-through, so its actions can run). Returns the new position and heading (radians),
    /// and the points reached on the way.
    /// </summary>
    public (double X, double Y, double Heading) Advance(double distance, List<PathPoint> reached, out bool stoppedAtPoint)
    {
        stoppedAtPoint = false;
        (double X, double Y, double H) pos = default;
        while (!IsDone)
        {
            var seg = _segments[_current];
            double left = seg.Length - _along;
            if (distance < left)
            {
                _along += distance;
                pos = Locate(seg, _along);
                return pos;
            }
            distance -= left;
            _along = 0;
            _current++;
            reached.Add(seg.Target);
            LastReached = seg.Target;
            pos = Locate(seg, seg.Length);
            if (seg.Target.TargetAttr != TargetAttribute.PassThrough)
            {
                stoppedAtPoint = true;
                return pos;
            }
        }
        return pos;
    }

    private static (double X, double Y, double Heading) Locate(Segment seg, double along)
    {
        var poly = seg.Polyline;
        for (int i = 1; i < poly.Length; i++)
        {
            double dx = poly[i].X - poly[i - 1].X, dy = poly[i].Y - poly[i - 1].Y;
            double len = Math.Sqrt(dx * dx + dy * dy);
            if (along <= len || i == poly.Length - 1)
            {
                double t = len == 0 ? 1 : Math.Clamp(along / len, 0, 1);
                double heading = len == 0 ? seg.Target.Pose.Theta / 1000.0 : Math.Atan2(dy, dx);
                return (poly[i - 1].X + dx * t, poly[i - 1].Y + dy * t, heading);
            }
            along -= len;
        }
        return (poly[^1].X, poly[^1].Y, seg.Target.Pose.Theta / 1000.0);
    }

    private static double Length((double X, double Y)[] poly)
    {
        double l = 0;
        for (int i = 1; i < poly.Length; i++) l += Math.Sqrt(Math.Pow(poly[i].X - poly[i - 1].X, 2) + Math.Pow(poly[i].Y - poly[i - 1].Y, 2));
        return l;
    }

    private static (double X, double Y)[] Bezier((double X, double Y) p0, (double X, double Y) p1, (double X, double Y) p2, (double X, double Y) p3)
    {
        var r = new (double, double)[CurveSamples + 1];
        for (int i = 0; i <= CurveSamples; i++)
        {
            double t = (double)i / CurveSamples, u = 1 - t;
            r[i] = (u * u * u * p0.X + 3 * u * u * t * p1.X + 3 * u * t * t * p2.X + t * t * t * p3.X,
                    u * u * u * p0.Y + 3 * u * u * t * p1.Y + 3 * u * t * t * p2.Y + t * t * t * p3.Y);
        }
        return r;
    }

    /// <summary>The circular arc from <paramref name="a"/> through <paramref name="m"/> to <paramref name="b"/> (a line if they are collinear).</summary>
    private static (double X, double Y)[] Arc((double X, double Y) a, (double X, double Y) m, (double X, double Y) b)
    {
        double d = 2 * (a.X * (m.Y - b.Y) + m.X * (b.Y - a.Y) + b.X * (a.Y - m.Y));
        if (Math.Abs(d) < 1e-6) return [a, b];
        double a2 = a.X * a.X + a.Y * a.Y, m2 = m.X * m.X + m.Y * m.Y, b2 = b.X * b.X + b.Y * b.Y;
        double cx = (a2 * (m.Y - b.Y) + m2 * (b.Y - a.Y) + b2 * (a.Y - m.Y)) / d;
        double cy = (a2 * (b.X - m.X) + m2 * (a.X - b.X) + b2 * (m.X - a.X)) / d;
        double r = Math.Sqrt(Math.Pow(a.X - cx, 2) + Math.Pow(a.Y - cy, 2));
        double t0 = Math.Atan2(a.Y - cy, a.X - cx), tm = Math.Atan2(m.Y - cy, m.X - cx), t1 = Math.Atan2(b.Y - cy, b.X - cx);
        // Go from t0 to t1 in the direction that passes tm.
        double ccw = Normalize(t1 - t0), viaM = Normalize(tm - t0);
        double sweep = viaM <= ccw ? ccw : ccw - 2 * Math.PI;
        var pts = new (double, double)[CurveSamples + 1];
        for (int i = 0; i <= CurveSamples; i++)
        {
            double t = t0 + sweep * i / CurveSamples;
            pts[i] = (cx + r * Math.Cos(t), cy + r * Math.Sin(t));
        }
        return pts;

        static double Normalize(double x) => ((x % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    }
}
