using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>
/// A site in virtual time around a <see cref="TrafficKernel"/>: AGVs drive exactly the nodes they
/// are granted, at min(their speed, the edge's limit), report their last node every report period,
/// stop now and then for a few seconds without telling anyone, fault (and say so), ride lifts, do
/// actions at goals; a dispatcher gives each AGV its list of goals one after the other. Every tick
/// the AGVs' positions (interpolated along edges) are checked: two AGVs on one floor must never be
/// closer than the sum of their radii (half-diagonal plus the kernel's margin: what the kernel
/// promises; the half-diagonals alone already keep footprints from touching, whatever their
/// headings; two that joined nearer than that may not come nearer than they joined, until they have
/// been apart), and a lift cabin never holds two.
/// </summary>
public sealed class KernelSim
{
    public sealed class Vehicle
    {
        public required string Serial;
        public required Footprint Footprint;
        public required int SpeedMmS;
        public required int ReportMs;
        public uint Node;                 // last node reached
        public uint Map;
        public readonly Queue<uint> Path = new();
        public double Along;              // mm driven from Node toward Path.Peek()
        public double PausedUntil;        // s: stands still without telling anyone
        public double FaultUntil = -1;    // s: stands still and said so
        public double ActionUntil = -1;   // s: doing its action at the goal
        public double RideUntil = -1;
        public uint RideToNode, RideToMap;
        public double NextReport;
        public uint Reported;
        public readonly Queue<(uint Node, bool Action)> Goals = new();
        public (uint Node, bool Action)? Current;
        public bool GoalGranted;          // the kernel granted the move onto its current goal
        public int Done;
        public double WaitingSince = -1;  // s: has a goal and stands without its own reason
        public double LongestWait, LongestWaitAt;
        public double LastMoved;
        public readonly List<string> Log = [];
    }

    private readonly Dictionary<uint, (uint Map, int X, int Y, MapNodeKind Kind, uint? Link)> _nodes = new();
    private readonly Dictionary<(uint, uint), MapEdge> _edges = new();
    public readonly TrafficKernel Kernel;
    public readonly List<Vehicle> Vehicles = [];
    public readonly List<string> Events = [];
    public readonly List<KernelOutput> Outputs = [];
    private readonly Random _rng;
    public double Now;
    public double PauseChancePerSecond = 0.02;
    public double FaultChancePerSecond = 0.002;
    public double LiftRideSeconds = 4;
    public double TickSeconds = 0.1;
    public int UnreachableReports;
    private readonly int _margin;
    private readonly string[]? _trace = Environment.GetEnvironmentVariable("AGV_KERNEL_TRACE")?.Split(',');

    public KernelSim(IReadOnlyList<SiteMap> maps, int seed, KernelOptions? options = null)
    {
        foreach (var m in maps)
        {
            foreach (var n in m.Nodes) _nodes[n.Id] = (m.MapId, n.X, n.Y, n.Kind, n.LinkedNodeId);
            foreach (var e in m.Edges) { _edges[(e.From, e.To)] = e; if (e.Bidirectional) _edges[(e.To, e.From)] = e; }
        }
        Kernel = new TrafficKernel(maps, options);
        _margin = (options ?? new KernelOptions()).MarginMm;
        _rng = new Random(seed);
    }

    public Vehicle Add(string serial, Footprint fp, int speed, int reportMs, uint node)
    {
        var v = new Vehicle { Serial = serial, Footprint = fp, SpeedMmS = speed, ReportMs = reportMs, Node = node, Map = _nodes[node].Map, Reported = node };
        v.NextReport = _rng.NextDouble() * reportMs / 1000.0;
        // An AGV may join nearer another than the kernel keeps them (placed by hand): from then on the two
        // may not come nearer than they started, until they have been apart once.
        foreach (var o in Vehicles)
            if (o.Map == v.Map && Distance(o, v) is var d && d < Radii(o, v)) _joinedNear[Pair(o, v)] = d;
        Vehicles.Add(v);
        Feed(new AgvJoined(serial, fp, speed, node));
        return v;
    }

    private DateTimeOffset Clock => DateTimeOffset.UnixEpoch.AddSeconds(Now);

    public static long KernelTicks, KernelCalls;

    private void Feed(KernelInput input)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var outputs = Kernel.Step(input);
        System.Threading.Interlocked.Add(ref KernelTicks, System.Diagnostics.Stopwatch.GetTimestamp() - t0);
        System.Threading.Interlocked.Increment(ref KernelCalls);
        foreach (var o in outputs) Handle(o);
    }

    private Vehicle V(string serial) => Vehicles.First(v => v.Serial == serial);

    private void Handle(KernelOutput o)
    {
        Outputs.Add(o);
        switch (o)
        {
            case Grant g:
            {
                var v = V(g.Serial);
                if (g.MapId != v.Map) throw new InvalidOperationException($"{g.Serial} granted on map {g.MapId} while on {v.Map}");
                // An AGV with an action at its goal stops there: nothing beyond it may be granted before the action is done.
                if (v.GoalGranted && v.Current is { Action: true } c)
                    throw new InvalidOperationException($"{g.Serial} granted {string.Join(",", g.NodeIds)} beyond its goal {c.Node}, where it has an action to do");
                if (g.ReachesGoal) v.GoalGranted = true;
                foreach (var n in g.NodeIds) v.Path.Enqueue(n);
                v.Log.Add($"{Now:0.0} grant {string.Join(",", g.NodeIds)}{(g.Continues ? " (append)" : "")}");
                break;
            }
            case RideLift r:
            {
                var v = V(r.Serial);
                if (v.Path.Count > 0 || v.Node != r.FromNodeId) throw new InvalidOperationException($"{r.Serial} asked to ride from {r.FromNodeId} while at {v.Node} with {v.Path.Count} nodes to drive");
                v.RideUntil = Now + LiftRideSeconds;
                v.RideToNode = r.ToNodeId;
                v.RideToMap = r.ToMapId;
                break;
            }
            case GoalReached gr:
            {
                var v = V(gr.Serial);
                if (v.Current is not { } cur || cur.Node != gr.NodeId) throw new InvalidOperationException($"{gr.Serial} reached {gr.NodeId}, not its goal {v.Current}");
                if (cur.Action) v.ActionUntil = Now + 1 + _rng.NextDouble() * 3;
                else NextGoal(v);
                break;
            }
            case Waiting w:
                V(w.Serial).Log.Add($"{Now:0.0} {w.Text}");
                break;
            case Unreachable u:
                UnreachableReports++;
                Events.Add($"{Now:0.0} unreachable: {u.Reason}");
                break;
            case Refused f:
                throw new InvalidOperationException($"kernel refused {f.Input}: {f.Reason}");
        }
    }

    private void NextGoal(Vehicle v)
    {
        if (v.Current is not null) v.Done++;
        v.Current = null;
        v.GoalGranted = false;
        if (v.Goals.Count == 0) return;
        var g = v.Goals.Dequeue();
        v.Current = g;
        Feed(new GoalSet(v.Serial, g.Node, 0, g.Action));
    }

    /// <summary>Gives every AGV its first goal.</summary>
    public void Start()
    {
        foreach (var v in Vehicles) NextGoal(v);
    }

    public bool AllDone => Vehicles.All(v => v.Current is null && v.Goals.Count == 0);

    /// <summary>Runs until every goal is done or <paramref name="seconds"/> pass; throws on a collision.</summary>
    public void Run(double seconds)
    {
        double end = Now + seconds;
        double nextTick = Now;
        const double dt = 0.05;
        while (Now < end && !AllDone)
        {
            Now += dt;
            foreach (var v in Vehicles) Drive(v, dt);
            foreach (var v in Vehicles)
                if (Now >= v.NextReport)
                {
                    v.NextReport += v.ReportMs / 1000.0;
                    if (v.FaultUntil < 0 && v.Reported != v.Node)
                    {
                        v.Reported = v.Node;
                        Feed(new Progress(v.Serial, v.Node));
                    }
                }
            if (Now >= nextTick)
            {
                nextTick += TickSeconds;
                Feed(new Tick(Clock));
            }
            CheckApart();
            MeasureWaits();
            if (_trace is not null && Now % 10 < dt)
                foreach (var t in _trace) V(t).Log.Add($"{Now:0.0} state: {Kernel.Describe(t)}");
        }
    }

    private void Drive(Vehicle v, double dt)
    {
        if (v.FaultUntil >= 0)
        {
            if (Now < v.FaultUntil) return;
            v.FaultUntil = -1;
            if (v.Along > 0) throw new InvalidOperationException("faults only happen on nodes in this simulation");
            v.Reported = v.Node;
            Feed(new Moving(v.Serial, v.Node));
            return;
        }
        if (v.ActionUntil >= 0)
        {
            if (Now < v.ActionUntil) return;
            v.ActionUntil = -1;
            Feed(new ActionFinished(v.Serial));
            NextGoal(v);
            return;
        }
        if (v.RideUntil >= 0)
        {
            if (Now < v.RideUntil) return;
            v.RideUntil = -1;
            v.Node = v.RideToNode;
            v.Map = v.RideToMap;
            v.Reported = 0; // reported at once
            v.NextReport = Now;
            return;
        }
        if (Now < v.PausedUntil) return;
        if (v.Path.Count > 0 && _rng.NextDouble() < PauseChancePerSecond * dt)
        {
            v.PausedUntil = Now + 1 + _rng.NextDouble() * 3; // a person in front, a short stop
            return;
        }
        if (v.Along == 0 && v.Path.Count == 0 && v.Current is not null && _rng.NextDouble() < FaultChancePerSecond * dt)
        {
            v.FaultUntil = Now + 5 + _rng.NextDouble() * 20;
            Feed(new StandingStill(v.Serial, StandReason.Fault));
            return;
        }
        double left = dt;
        while (left > 0 && v.Path.Count > 0)
        {
            uint next = v.Path.Peek();
            var a = _nodes[v.Node];
            var b = _nodes[next];
            if (!_edges.TryGetValue((v.Node, next), out var edge)) throw new InvalidOperationException($"{v.Serial} granted {v.Node}→{next}, which is no edge");
            if (edge.MaxWidthMm is { } w && v.Footprint.WidthMm > w) throw new InvalidOperationException($"{v.Serial} ({v.Footprint}) granted the narrow edge {v.Node}→{next} ({w} mm)");
            double len = Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
            double speed = Math.Min(v.SpeedMmS, edge.MaxSpeed);
            double step = speed * left;
            if (v.Along + step < len)
            {
                v.Along += step;
                v.LastMoved = Now;
                return;
            }
            left -= (len - v.Along) / speed;
            v.Along = 0;
            v.Node = next;
            v.Path.Dequeue();
            v.LastMoved = Now;
        }
    }

    public (double X, double Y) Position(Vehicle v)
    {
        var a = _nodes[v.Node];
        if (v.Path.Count == 0 || v.Along == 0) return (a.X, a.Y);
        var b = _nodes[v.Path.Peek()];
        double len = Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
        double t = len == 0 ? 0 : v.Along / len;
        return (a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t);
    }

    private uint? Cabin(Vehicle v)
    {
        var n = _nodes[v.Node];
        if (n.Kind != MapNodeKind.Lift || v.Along > 0) return null;
        return Math.Min(v.Node, n.Link ?? v.Node);
    }

    private void CheckApart()
    {
        for (int i = 0; i < Vehicles.Count; i++)
            for (int j = i + 1; j < Vehicles.Count; j++)
            {
                var a = Vehicles[i];
                var b = Vehicles[j];
                if (Cabin(a) is { } ca && Cabin(b) == ca)
                    throw new CollisionException($"t={Now:0.00}: {a.Serial} and {b.Serial} are both in lift cabin {ca}");
                if (a.Map != b.Map) continue;
                var (ax, ay) = Position(a);
                var (bx, by) = Position(b);
                double d = Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by)), need = Radii(a, b) - Tolerance;
                if (d >= need)
                {
                    if (_joinedNear.Count > 0) _joinedNear.Remove(Pair(a, b)); // apart once: from now on held to their radii
                    continue;
                }
                if (!_joinedNear.TryGetValue(Pair(a, b), out var joined) || d < joined - Tolerance)
                    throw new CollisionException($"t={Now:0.00}: {a.Serial} ({ax:0},{ay:0}, at {a.Node}→{(a.Path.Count > 0 ? a.Path.Peek() : a.Node)}) and {b.Serial} ({bx:0},{by:0}, at {b.Node}→{(b.Path.Count > 0 ? b.Path.Peek() : b.Node)}) are {d:0} mm apart, need {need:0}\n{a.Serial}: {string.Join(" | ", a.Log.TakeLast(6))}\n{b.Serial}: {string.Join(" | ", b.Log.TakeLast(6))}");
            }
    }

    private readonly Dictionary<(string, string), double> _joinedNear = [];

    private static (string, string) Pair(Vehicle a, Vehicle b) => string.CompareOrdinal(a.Serial, b.Serial) < 0 ? (a.Serial, b.Serial) : (b.Serial, a.Serial);

    /// <summary>mm: positions are interpolated along edges in steps of the tick; distances are compared with this slack.</summary>
    private const double Tolerance = 0.5;

    private double Distance(Vehicle a, Vehicle b)
    {
        var (ax, ay) = Position(a);
        var (bx, by) = Position(b);
        return Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
    }

    /// <summary>What the kernel promises: its radii (half-diagonal and margin) apart, not only not touching.</summary>
    private double Radii(Vehicle a, Vehicle b) => a.Footprint.RadiusMm(_margin) + b.Footprint.RadiusMm(_margin);

    private void MeasureWaits()
    {
        foreach (var v in Vehicles)
        {
            bool waiting = v.Current is not null && v.ActionUntil < 0 && v.FaultUntil < 0 && v.RideUntil < 0 && Now >= v.PausedUntil && Now - v.LastMoved > 0.2;
            if (!waiting) { v.WaitingSince = -1; continue; }
            if (v.WaitingSince < 0) v.WaitingSince = v.LastMoved;
            if (Now - v.WaitingSince > v.LongestWait) { v.LongestWait = Now - v.WaitingSince; v.LongestWaitAt = v.WaitingSince; }
        }
    }

    public string Trace(string serial, double from, double to) =>
        string.Join("\n", V(serial).Log.Where(l => double.TryParse(l.Split(' ')[0], out var t) && t >= from && t <= to));

    public string Describe() => (Environment.GetEnvironmentVariable("AGV_KERNEL_TRACE") is { } tr ? string.Join("\n", tr.Split(',').Select(x => $"--- {x}:\n" + Trace(x, 0, 1e9))) + "\n" : "") + $"searches started {Kernel.SearchesStarted}, found {Kernel.SearchesFound} ({Kernel.SearchSteps} steps), last search {Kernel.SearchGenerations} generations\n" + string.Join("\n", Vehicles.Select(v =>
        $"{v.Serial} ({v.Footprint}, {v.SpeedMmS} mm/s, {v.ReportMs} ms) at {v.Node} map {v.Map} path [{string.Join(",", v.Path)}] goal {v.Current} done {v.Done} left {v.Goals.Count} longest wait {v.LongestWait:0.0} s from {v.LongestWaitAt:0}" +
        $"{(v.FaultUntil >= 0 ? " FAULT" : "")}{(v.ActionUntil >= 0 ? " ACTION" : "")}{(v.RideUntil >= 0 ? " RIDING" : "")} last: {string.Join(" | ", v.Log.TakeLast(3))}\n    kernel: {Kernel.Describe(v.Serial)}"));
}

public sealed class CollisionException(string message) : Exception(message);
