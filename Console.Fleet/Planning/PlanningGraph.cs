using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Planning;

/// <summary>
/// A map as arrays for the planner: nodes by index, directed edges in compressed rows (the edges
/// leaving node i are <c>Targets[Offsets[i]..Offsets[i+1])</c>), each with its length, speed limit
/// and heading. Built once per map version.
/// </summary>
internal sealed class PlanningGraph
{
    public readonly uint[] Ids;
    public readonly Dictionary<uint, int> Index;
    public readonly double[] X, Y;
    public readonly int[] Offsets, Targets, Sources;
    public readonly double[] Length, Speed, Heading;
    /// <summary>Per edge: the widest vehicle that fits (the edge's and its target node's limits); int.MaxValue = any.</summary>
    public readonly int[] Width;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SiteMap, PlanningGraph> Cache = new();

    public static PlanningGraph Of(SiteMap map) => Cache.GetValue(map, m => new PlanningGraph(m));

    private PlanningGraph(SiteMap map)
    {
        int n = map.Nodes.Count;
        Ids = map.Nodes.Select(x => x.Id).Distinct().ToArray();
        n = Ids.Length;
        Index = new Dictionary<uint, int>(n);
        for (int i = 0; i < n; i++) Index[Ids[i]] = i;
        X = new double[n];
        Y = new double[n];
        for (int i = 0; i < n; i++)
        {
            var node = map.Node(Ids[i])!;
            X[i] = node.X;
            Y[i] = node.Y;
        }
        var outgoing = new List<(int To, double Speed, int Width)>[n];
        for (int i = 0; i < n; i++) outgoing[i] = [];
        int NodeWidth(uint id) => map.Node(id)?.MaxWidthMm ?? int.MaxValue;
        foreach (var e in map.Edges)
        {
            if (e.Closed || !Index.TryGetValue(e.From, out var a) || !Index.TryGetValue(e.To, out var b)) continue;
            int w = e.MaxWidthMm ?? int.MaxValue;
            outgoing[a].Add((b, e.MaxSpeed, Math.Min(w, NodeWidth(e.To))));
            if (e.Bidirectional) outgoing[b].Add((a, e.MaxSpeed, Math.Min(w, NodeWidth(e.From))));
        }
        Offsets = new int[n + 1];
        for (int i = 0; i < n; i++) Offsets[i + 1] = Offsets[i] + outgoing[i].Count;
        int m = Offsets[n];
        Targets = new int[m];
        Sources = new int[m];
        Length = new double[m];
        Speed = new double[m];
        Heading = new double[m];
        Width = new int[m];
        for (int i = 0, k = 0; i < n; i++)
            foreach (var (to, speed, width) in outgoing[i])
            {
                Width[k] = width;
                Targets[k] = to;
                Sources[k] = i;
                Speed[k] = speed;
                Length[k] = Math.Sqrt((X[to] - X[i]) * (X[to] - X[i]) + (Y[to] - Y[i]) * (Y[to] - Y[i]));
                Heading[k] = Math.Atan2(Y[to] - Y[i], X[to] - X[i]);
                k++;
            }
    }

    public int EdgeCount => Targets.Length;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<Landmarks>> _landmarks = new();
    /// <summary>The ALT bounds for a vehicle top speed, built on first use (a map never planned on costs nothing).</summary>
    public Landmarks LandmarksFor(int vehicleMaxSpeed) => _landmarks.GetOrAdd(vehicleMaxSpeed, v => new Lazy<Landmarks>(() => new Landmarks(this, v))).Value;
}
