using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// The site as the traffic kernel plans on it: places (one per map node, except that the lift
/// nodes linked to each other are one place, the cabin) and the moves between them, as arrays.
/// Arcs are directed moves in compressed rows (the moves out of place p are
/// <c>OutTo[OutStart[p]..OutStart[p+1]]</c>); each arc belongs to an undirected edge (both
/// directions of a two-way edge share it), which is what the footprint geometry is computed for.
/// Closed edges are left out. Immutable: a changed map is a new graph.
/// </summary>
public sealed class KernelGraph
{
    /// <summary>Cost of entering a lift place, in milliseconds (call, doors, ride, map switch): a lift is never a short cut.</summary>
    public const int LiftRideMs = 30_000;

    /// <summary>A point where a place lies on one map (a lift place lies on several).</summary>
    public readonly record struct Spot(uint SiteId, uint MapId, int X, int Y);

    internal readonly Spot[][] Spots;
    internal readonly bool[] IsLift;
    internal readonly int[] NodeMaxWidth;
    internal readonly int[] OutStart, OutTo, OutEdge, ArcFrom, ArcCostMs, ArcMaxWidth;
    internal readonly int[] InStart, InArc;
    /// <summary>Per undirected edge: its two places and the map it lies on.</summary>
    internal readonly int[] EdgeA, EdgeB;
    internal readonly uint[] EdgeMap;
    private readonly Dictionary<uint, int> _bySiteId;

    public int NodeCount => Spots.Length;
    public int ArcCount => OutTo.Length;
    public int EdgeCount => EdgeA.Length;

    /// <summary>Whether every move costs the same (a grid): distances are then counted in moves.</summary>
    public bool UnitCosts { get; }

    private KernelGraph(Spot[][] spots, bool[] isLift, int[] nodeMaxWidth, List<(int From, int To, int CostMs, int Width)> arcs)
    {
        Spots = spots;
        IsLift = isLift;
        NodeMaxWidth = nodeMaxWidth;
        int n = spots.Length;
        _bySiteId = new Dictionary<uint, int>(n);
        for (int p = 0; p < n; p++)
            foreach (var s in spots[p]) _bySiteId[s.SiteId] = p;
        arcs.Sort((a, b) => a.From != b.From ? a.From.CompareTo(b.From) : a.To.CompareTo(b.To));
        OutStart = new int[n + 1];
        OutTo = new int[arcs.Count];
        OutEdge = new int[arcs.Count];
        ArcFrom = new int[arcs.Count];
        ArcCostMs = new int[arcs.Count];
        ArcMaxWidth = new int[arcs.Count];
        var edgeOf = new Dictionary<(int, int), int>();
        var ea = new List<int>();
        var eb = new List<int>();
        for (int i = 0; i < arcs.Count; i++)
        {
            var (from, to, cost, width) = arcs[i];
            OutStart[from + 1]++;
            OutTo[i] = to;
            ArcFrom[i] = from;
            ArcCostMs[i] = Math.Max(1, cost);
            ArcMaxWidth[i] = width;
            var key = (Math.Min(from, to), Math.Max(from, to));
            if (!edgeOf.TryGetValue(key, out int e))
            {
                e = ea.Count;
                edgeOf[key] = e;
                ea.Add(key.Item1);
                eb.Add(key.Item2);
            }
            OutEdge[i] = e;
        }
        for (int p = 0; p < n; p++) OutStart[p + 1] += OutStart[p];
        EdgeA = ea.ToArray();
        EdgeB = eb.ToArray();
        EdgeMap = new uint[EdgeA.Length];
        for (int e = 0; e < EdgeA.Length; e++) EdgeMap[e] = CommonMap(EdgeA[e], EdgeB[e]);
        InStart = new int[n + 1];
        for (int i = 0; i < OutTo.Length; i++) InStart[OutTo[i] + 1]++;
        for (int p = 0; p < n; p++) InStart[p + 1] += InStart[p];
        InArc = new int[OutTo.Length];
        var fill = (int[])InStart.Clone();
        for (int p = 0; p < n; p++)
            for (int a = OutStart[p]; a < OutStart[p + 1]; a++) InArc[fill[OutTo[a]]++] = a;
        UnitCosts = ArcCostMs.Length == 0 || ArcCostMs.All(c => c == ArcCostMs[0]);
    }

    /// <summary>The place of a site node id (a lift node gives its cabin), or -1.</summary>
    public int PlaceOf(uint siteId) => _bySiteId.TryGetValue(siteId, out var p) ? p : -1;

    /// <summary>The site node id of <paramref name="place"/> on <paramref name="mapId"/> (a lift place has one per floor); the first one when not on that map.</summary>
    public uint SiteId(int place, uint mapId = 0)
    {
        foreach (var s in Spots[place]) if (s.MapId == mapId) return s.SiteId;
        return Spots[place][0].SiteId;
    }

    /// <summary>Where the place lies on <paramref name="mapId"/>, or null.</summary>
    public Spot? SpotOn(int place, uint mapId)
    {
        foreach (var s in Spots[place]) if (s.MapId == mapId) return s;
        return null;
    }

    /// <summary>The one map both places lie on (the lift side of a move into or out of a cabin).</summary>
    internal uint CommonMap(int a, int b)
    {
        foreach (var s in Spots[a])
            foreach (var t in Spots[b])
                if (s.MapId == t.MapId) return s.MapId;
        return Spots[a][0].MapId;
    }

    /// <summary>The arc from <paramref name="from"/> to <paramref name="to"/>, or -1.</summary>
    public int Arc(int from, int to)
    {
        for (int a = OutStart[from]; a < OutStart[from + 1]; a++) if (OutTo[a] == to) return a;
        return -1;
    }

    public ReadOnlySpan<int> Successors(int place) => OutTo.AsSpan(OutStart[place], OutStart[place + 1] - OutStart[place]);

    /// <summary>Whether a vehicle <paramref name="widthMm"/> wide may drive <paramref name="arc"/> (the edge and the place it leads to fit it).</summary>
    internal bool Fits(int arc, int widthMm) => widthMm <= ArcMaxWidth[arc];

    /// <summary>
    /// The graph of a site. Each map's nodes become places; linked lift nodes (transitively) become
    /// one place. An edge's cost is its driving time at its speed limit; entering a lift place adds
    /// <see cref="LiftRideMs"/>. Edges that are closed or join unknown nodes are left out.
    /// </summary>
    public static KernelGraph FromSite(IEnumerable<SiteMap> maps)
    {
        var all = maps.ToList();
        var nodes = new List<(MapNode Node, uint MapId)>();
        var index = new Dictionary<uint, int>();
        foreach (var m in all)
            foreach (var n in m.Nodes)
                if (index.TryAdd(n.Id, nodes.Count)) nodes.Add((n, m.MapId));
        // Union the lift nodes that link to each other into cabins.
        var parent = Enumerable.Range(0, nodes.Count).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (int i = 0; i < nodes.Count; i++)
            if (nodes[i].Node is { Kind: MapNodeKind.Lift, LinkedNodeId: { } l } && index.TryGetValue(l, out int j) && nodes[j].Node.Kind == MapNodeKind.Lift)
                parent[Find(i)] = Find(j);
        var placeOfRoot = new Dictionary<int, int>();
        var members = new List<List<int>>();
        var placeOf = new int[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            int r = Find(i);
            if (!placeOfRoot.TryGetValue(r, out int p)) { p = members.Count; placeOfRoot[r] = p; members.Add([]); }
            members[p].Add(i);
            placeOf[i] = p;
        }
        var spots = new Spot[members.Count][];
        var isLift = new bool[members.Count];
        var nodeWidth = new int[members.Count];
        for (int p = 0; p < members.Count; p++)
        {
            spots[p] = members[p].Select(i => new Spot(nodes[i].Node.Id, nodes[i].MapId, nodes[i].Node.X, nodes[i].Node.Y)).ToArray();
            isLift[p] = members[p].Count > 1 || nodes[members[p][0]].Node.Kind == MapNodeKind.Lift;
            nodeWidth[p] = members[p].Min(i => nodes[i].Node.MaxWidthMm ?? int.MaxValue);
        }
        var arcs = new List<(int, int, int, int)>();
        var seen = new HashSet<(int, int)>();
        foreach (var m in all)
            foreach (var e in m.Edges)
            {
                if (e.Closed || e.MaxSpeed <= 0 || !index.TryGetValue(e.From, out int a) || !index.TryGetValue(e.To, out int b)) continue;
                int pa = placeOf[a], pb = placeOf[b];
                if (pa == pb) continue;
                double len = Math.Sqrt(Math.Pow(nodes[a].Node.X - nodes[b].Node.X, 2) + Math.Pow(nodes[a].Node.Y - nodes[b].Node.Y, 2));
                int cost = (int)Math.Ceiling(len * 1000 / e.MaxSpeed);
                int w = e.MaxWidthMm ?? int.MaxValue;
                void Add(int from, int to)
                {
                    if (!seen.Add((from, to))) return;
                    arcs.Add((from, to, cost + (isLift[to] ? LiftRideMs : 0), Math.Min(w, nodeWidth[to])));
                }
                Add(pa, pb);
                if (e.Bidirectional) Add(pb, pa);
            }
        return new KernelGraph(spots, isLift, nodeWidth, arcs);
    }

    /// <summary>
    /// A graph from places and arcs given directly (costs in the planner's unit). Places whose spots
    /// coincide are at distance 0: vehicles on them conflict (e.g. the headings of one grid cell).
    /// </summary>
    public static KernelGraph Build(IReadOnlyList<Spot[]> spots, IEnumerable<(int From, int To, int Cost)> arcs)
    {
        int n = spots.Count;
        return new KernelGraph(spots.ToArray(), new bool[n], Enumerable.Repeat(int.MaxValue, n).ToArray(),
            arcs.Select(a => (a.From, a.To, a.Cost, int.MaxValue)).ToList());
    }

    /// <summary>
    /// A 4-connected grid (the League of Robot Runners' maps): one place per free cell, cells
    /// <paramref name="spacingMm"/> apart, every move costing the same. Site ids are the cells'
    /// linear indices <c>row * width + column</c>.
    /// </summary>
    public static KernelGraph Grid(int width, int height, Func<int, int, bool> free, int spacingMm = 1000, Func<int, int, int>? cost = null)
    {
        cost ??= (_, _) => 1;
        var place = new int[width * height];
        var spots = new List<Spot[]>();
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                int cell = r * width + c;
                if (!free(c, r)) { place[cell] = -1; continue; }
                place[cell] = spots.Count;
                // y grows upwards in the map frame: row 0 is the top.
                spots.Add([new Spot((uint)cell, 1, c * spacingMm, (height - 1 - r) * spacingMm)]);
            }
        var arcs = new List<(int, int, int, int)>();
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                int p = place[r * width + c];
                if (p < 0) continue;
                int cell = r * width + c;
                if (c + 1 < width && place[cell + 1] is var q and >= 0) { arcs.Add((p, q, cost(cell, cell + 1), int.MaxValue)); arcs.Add((q, p, cost(cell + 1, cell), int.MaxValue)); }
                if (r + 1 < height && place[cell + width] is var s and >= 0) { arcs.Add((p, s, cost(cell, cell + width), int.MaxValue)); arcs.Add((s, p, cost(cell + width, cell), int.MaxValue)); }
            }
        int n = spots.Count;
        return new KernelGraph(spots.ToArray(), new bool[n], Enumerable.Repeat(int.MaxValue, n).ToArray(), arcs);
    }
}
