using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic.Kernel;

public sealed partial class TrafficKernel
{
    /// <summary>A space asked for by a SpaceRequest: held (closed to every other AGV's plan) while pending or granted.</summary>
    private sealed class SpaceHold
    {
        public required Agv Owner;
        public required uint RequestId;
        public required Space Space;
        public required uint MapId;
        public required uint DurationMs;
        public DateTimeOffset Deadline;
        public DateTimeOffset ExpiresAt;
        public bool Pending;
        public bool Holding;
        public List<int>[] Places = [];
        public List<int>[] Edges = [];
    }

    private readonly Dictionary<(string Serial, uint RequestId), SpaceHold> _spaces = new();
    private static readonly double[] PartialScales = [0.75, 0.5];

    /// <summary>
    /// Decides a SpaceRequest. Granted at once when no other AGV stands in the space or was granted a
    /// way through it (plans not granted yet are made again around it). Otherwise the space is closed
    /// to new plans, AGVs with nothing to do are asked out of it, and the answer waits up to
    /// <see cref="KernelOptions.SpaceWait"/> for those granted through it to pass: granted when they
    /// have; else the largest of ¾ and ½ of it that is free, partially granted; else denied.
    /// </summary>
    private void RequestSpace(Agv agv, SpaceRequested sr)
    {
        string? bad = sr.DurationMs == 0 ? "a duration of 0 ms"
            : sr.Space.Kind switch
            {
                SpaceKind.Circle when sr.Space.RadiusMm == 0 => "a circle of radius 0",
                SpaceKind.Rectangle when sr.Space.LengthMm == 0 || sr.Space.WidthMm == 0 => "a rectangle without area",
                SpaceKind.Polygon => sr.Space.Validate(),
                SpaceKind.Circle or SpaceKind.Rectangle => null,
                _ => $"space kind {(byte)sr.Space.Kind}",
            };
        if (bad is not null)
        {
            _out.Add(new SpaceAnswer(agv.Serial, sr.RequestId, SpaceDecision.Denied, sr.Space, _now, $"Denied: {bad}."));
            return;
        }
        if (_spaces.Remove((agv.Serial, sr.RequestId), out var old) && old.Holding) _obstaclesChanged = true;
        var hold = Measure(new SpaceHold { Owner = agv, RequestId = sr.RequestId, Space = sr.Space, MapId = agv.Floor, DurationMs = sr.DurationMs });
        _spaces[(agv.Serial, sr.RequestId)] = hold;
        if (Occupants(hold).Count == 0)
        {
            GrantSpace(hold, SpaceDecision.Granted);
            return;
        }
        hold.Pending = hold.Holding = true;
        hold.Deadline = _now + _o.SpaceWait;
        _obstaclesChanged = true;
        AskOut(hold);
    }

    private SpaceHold Measure(SpaceHold hold)
    {
        int classes = _classList.Count;
        hold.Places = new List<int>[classes];
        hold.Edges = new List<int>[classes];
        var geo = _p.Geometry;
        var outline = SpaceGeometry.Outline(hold.Space);
        double Distance(double x, double y)
        {
            if (SpaceGeometry.Contains(hold.Space, x, y)) return 0;
            double best = double.PositiveInfinity;
            for (int i = 0, j = outline.Count - 1; i < outline.Count; j = i++)
                best = Math.Min(best, FootprintGeometry.PointToSegment(x, y, outline[j].X, outline[j].Y, outline[i].X, outline[i].Y));
            return best;
        }
        for (int c = 0; c < classes; c++)
        {
            double r = _classList[c].Radius;
            var places = new List<int>();
            for (int p = 0; p < _g.NodeCount; p++)
                if (_g.SpotOn(p, hold.MapId) is { } s && Distance(s.X, s.Y) < r) places.Add(p);
            var edges = new List<int>();
            for (int e = 0; e < _g.EdgeCount; e++)
            {
                if (_g.EdgeMap[e] != hold.MapId) continue;
                var (ax, ay, bx, by) = geo.Segment(e);
                int steps = Math.Max(1, (int)(Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay)) / 100));
                for (int i = 0; i <= steps; i++)
                {
                    double t = (double)i / steps;
                    if (Distance(ax + (bx - ax) * t, ay + (by - ay) * t) >= r) continue;
                    edges.Add(e);
                    break;
                }
            }
            hold.Places[c] = places;
            hold.Edges[c] = edges;
        }
        return hold;
    }

    /// <summary>The other AGVs in the space now: standing in it, or granted a way through it.</summary>
    private List<Agv> Occupants(SpaceHold hold)
    {
        var found = new List<Agv>();
        foreach (var other in _agvs)
        {
            if (!other.Present || other == hold.Owner) continue;
            int cls = _p.Agents.Class[other.Index];
            if (cls >= hold.Places.Length) continue;
            bool inside = hold.Places[cls].Contains(other.Standing);
            for (int i = 0; !inside && i < _p.Book.InFlight(other.Index); i++)
                inside = hold.Edges[cls].Contains(_g.OutEdge[_p.Book.InFlightArc(other.Index, i)]);
            if (inside) found.Add(other);
        }
        return found;
    }

    private void GrantSpace(SpaceHold hold, SpaceDecision decision)
    {
        hold.Pending = false;
        hold.Holding = true;
        hold.ExpiresAt = _now + TimeSpan.FromMilliseconds(hold.DurationMs);
        hold.Owner.SpaceHolder = true;
        SetMode(hold.Owner);
        _obstaclesChanged = true;
        string text = decision == SpaceDecision.Granted ? "Granted: nobody else is planned through the space while it is held."
            : "Partially granted: only this part of the space is free of other AGVs.";
        _out.Add(new SpaceAnswer(hold.Owner.Serial, hold.RequestId, decision, hold.Space, hold.ExpiresAt, text));
    }

    /// <summary>AGVs with nothing to do that stand in a space being cleared are sent to the nearest place outside it.</summary>
    private void AskOut(SpaceHold hold)
    {
        foreach (var other in Occupants(hold))
        {
            if (other.Goal >= 0 || other.Stand is not null || other.Busy || _p.Book.Pending(other.Index) > 0) continue;
            int cls = _p.Agents.Class[other.Index];
            var inside = hold.Places[cls].ToHashSet();
            int target = NearestFree(other, p => !inside.Contains(p));
            if (target >= 0) MakeWay(other, target);
        }
    }

    private void ExpireSpaces()
    {
        foreach (var (key, hold) in _spaces.ToList())
        {
            if (hold.Pending)
            {
                if (Occupants(hold).Count == 0) { GrantSpace(hold, SpaceDecision.Granted); continue; }
                if (_now < hold.Deadline) continue;
                // Out of time: the largest smaller part that is free, or no.
                bool partial = false;
                foreach (var scale in PartialScales)
                {
                    var smaller = Measure(new SpaceHold { Owner = hold.Owner, RequestId = hold.RequestId, Space = SpaceGeometry.Scale(hold.Space, scale), MapId = hold.MapId, DurationMs = hold.DurationMs });
                    if (Occupants(smaller).Count > 0) continue;
                    _spaces[key] = smaller;
                    GrantSpace(smaller, SpaceDecision.PartiallyGranted);
                    partial = true;
                    break;
                }
                if (partial) continue;
                _spaces.Remove(key);
                _obstaclesChanged = true;
                var who = string.Join(", ", Occupants(hold).Select(o => o.Serial));
                _out.Add(new SpaceAnswer(hold.Owner.Serial, hold.RequestId, SpaceDecision.Denied, hold.Space, _now,
                    $"Denied: {who} {(who.Contains(',') ? "are" : "is")} still in the space after {_o.SpaceWait.TotalSeconds:0.#} s."));
                continue;
            }
            if (_now >= hold.ExpiresAt) DropSpace(key);
        }
    }

    private void ReleaseSpace(Agv agv, uint requestId) => DropSpace((agv.Serial, requestId));

    private void DropSpace((string, uint) key)
    {
        if (!_spaces.Remove(key, out var hold)) return;
        _obstaclesChanged = true;
        hold.Owner.SpaceHolder = _spaces.Values.Any(h => h.Owner == hold.Owner && !h.Pending);
        SetMode(hold.Owner);
    }

    private void ForgetSpaces(Agv agv)
    {
        foreach (var key in _spaces.Keys.Where(k => k.Serial == agv.Serial).ToList()) DropSpace(key);
    }
}
