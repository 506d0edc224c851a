using AgvConsole.Fleet.Maps;
using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>A part of the map traffic control treats as a whole.</summary>
public enum SectionKind
{
    /// <summary>Places off the rest that have only one way in and out (a spur, a tree of spurs): AGVs come back the way they came.</summary>
    DeadEnd,
    /// <summary>A one-lane aisle that is the only link between two parts of the site, used both ways: one direction at a time.</summary>
    OneLaneAisle,
    /// <summary>A lift cabin: one place on every floor it serves, entered only to ride.</summary>
    Lift,
}

/// <summary>A section: its places (node ids), the places it is entered from, and what traffic control does there, in words.</summary>
public sealed record Section(int Id, SectionKind Kind, IReadOnlyList<uint> NodeIds, IReadOnlyList<uint> DoorwayNodeIds, string Text);

/// <summary>What a finding is about.</summary>
public enum FindingKind { OneWayTrap, Unreachable, DeadEnd, OneLaneAisle, Lift, SingleLink, OneWayNoWayAround, Spacing, Width, Capacity }

/// <summary>
/// Something an administrator should know about a map: where it is, in node ids, and a sentence
/// (<paramref name="Said"/>: which one and its values, for a page to word; <see cref="Text"/>: in English).
/// <paramref name="OutsideGuarantee"/>: the place is outside what the progress guarantee covers
/// (traffic there stays safe; progress relies on the kernel's fallback search or cannot be promised).
/// </summary>
public sealed record MapFinding(FindingKind Kind, IReadOnlyList<uint> NodeIds, TrafficWarningText Said, bool OutsideGuarantee)
{
    public string Text { get; } = Said.English;
}

/// <summary>
/// The map as traffic control sees it: where PIBT's progress argument holds (the core: every
/// place can be left on a way round that does not come back through it) and where it does not —
/// dead ends, one-lane aisles that are the only link between two parts, lifts, places that are
/// the only link between two parts, one-way lanes that leave no way round, one-way traps — and
/// the sections traffic control manages there. <see cref="For"/> is what the map editor and
/// importer call to tell the administrator where a map falls outside the guarantee.
/// </summary>
public sealed class MapAnalysis
{
    public IReadOnlyList<Section> Sections { get; }
    public IReadOnlyList<MapFinding> Findings { get; }

    /// <summary>
    /// How many AGVs the progress guarantee covers on this map: the places of the core, less the largest
    /// section (an AGV must be able to clear a section into the core) and one free place.
    /// </summary>
    public int GuaranteedAgvs { get; }

    // For the section rules, by place: the section whose interior it is (-1 none); for dead ends the
    // place one step nearer the doorway; for one-lane aisles the position along the aisle.
    internal readonly int[] SectionOf;
    internal readonly int[] TowardDoor;
    internal readonly int[] AislePos;
    internal readonly SectionData[] Data;

    internal sealed class SectionData
    {
        public required SectionKind Kind;
        public required int[] Places;       // interior; an aisle in order from end A to end B
        public required int[] Doorways;     // dead end: [door]; aisle: [A, B]; lift: its neighbours
    }

    private MapAnalysis(IReadOnlyList<Section> sections, IReadOnlyList<MapFinding> findings, int guaranteed, int[] sectionOf, int[] towardDoor, int[] aislePos, SectionData[] data)
    {
        Sections = sections;
        Findings = findings;
        GuaranteedAgvs = guaranteed;
        SectionOf = sectionOf;
        TowardDoor = towardDoor;
        AislePos = aislePos;
        Data = data;
    }

    /// <summary>Analyses a site's maps for AGVs of the given footprints (their widths and sizes matter for narrow places and node spacing).</summary>
    public static MapAnalysis For(IEnumerable<SiteMap> maps, IEnumerable<Footprint>? footprints = null, int marginMm = Footprint.DefaultMarginMm) =>
        Of(KernelGraph.FromSite(maps), footprints, marginMm);

    internal static MapAnalysis Of(KernelGraph g, IEnumerable<Footprint>? footprints = null, int marginMm = Footprint.DefaultMarginMm)
    {
        int n = g.NodeCount;
        var findings = new List<MapFinding>();
        uint Id(int p) => g.SiteId(p);
        NodeList Ids(IEnumerable<int> ps) => NodeList.Of(ps.Select(Id));

        // Undirected skeleton: who is next to whom, either way.
        var nb = new HashSet<int>[n];
        for (int p = 0; p < n; p++) nb[p] = [];
        for (int p = 0; p < n; p++)
            foreach (int q in g.Successors(p)) { nb[p].Add(q); nb[q].Add(p); }

        // One-way traps: strongly connected components (QuikGraph).
        var digraph = new AdjacencyGraph<int, SEdge<int>>();
        for (int p = 0; p < n; p++) digraph.AddVertex(p);
        for (int p = 0; p < n; p++)
            foreach (int q in g.Successors(p)) digraph.AddEdge(new SEdge<int>(p, q));
        var scc = new StronglyConnectedComponentsAlgorithm<int, SEdge<int>>(digraph);
        scc.Compute();
        if (scc.ComponentCount > 1)
        {
            var members = scc.Components.GroupBy(kv => kv.Value, kv => kv.Key).ToDictionary(x => x.Key, x => x.ToList());
            int main = members.MaxBy(kv => kv.Value.Count).Key;
            foreach (var (comp, ps) in members.Where(kv => kv.Key != main).OrderBy(kv => kv.Value.Min()))
            {
                bool canLeave = ps.Any(p => g.Successors(p).ToArray().Any(q => scc.Components[q] != comp));
                bool canEnter = ps.Any(p => g.InStart[p + 1] > g.InStart[p] && Enumerable.Range(g.InStart[p], g.InStart[p + 1] - g.InStart[p]).Any(i => scc.Components[g.ArcFrom[g.InArc[i]]] != comp));
                var sentence = !canEnter && !canLeave ? TrafficSentence.NotConnected
                    : !canLeave ? TrafficSentence.NeverLeft
                    : !canEnter ? TrafficSentence.NeverReached
                    : TrafficSentence.NoWayBack;
                findings.Add(new MapFinding(canEnter && !canLeave ? FindingKind.OneWayTrap : FindingKind.Unreachable, ps.Select(Id).ToList(), new(sentence, Ids(ps)), true));
            }
        }

        // Dead ends: strip leaves until none is left; what was stripped hangs off the rest by one place.
        var deg = new int[n];
        var removed = new bool[n];
        var queue = new Queue<int>();
        for (int p = 0; p < n; p++) { deg[p] = nb[p].Count; if (deg[p] <= 1) queue.Enqueue(p); }
        while (queue.Count > 0)
        {
            int p = queue.Dequeue();
            if (removed[p]) continue;
            removed[p] = true;
            foreach (int q in nb[p])
                if (!removed[q] && --deg[q] <= 1) queue.Enqueue(q);
        }
        bool anyCore = removed.Any(r => !r);

        var sectionOf = Enumerable.Repeat(-1, n).ToArray();
        var towardDoor = Enumerable.Repeat(-1, n).ToArray();
        var aislePos = Enumerable.Repeat(-1, n).ToArray();
        var data = new List<SectionData>();
        var sections = new List<Section>();

        if (anyCore)
        {
            var seen = new bool[n];
            for (int p = 0; p < n; p++)
            {
                if (!removed[p] || seen[p] || g.IsLift[p]) continue;
                // The component of stripped places, and the one kept place it hangs off.
                var comp = new List<int>();
                var stack = new Stack<int>();
                stack.Push(p);
                seen[p] = true;
                int door = -1;
                while (stack.Count > 0)
                {
                    int u = stack.Pop();
                    comp.Add(u);
                    foreach (int v in nb[u])
                    {
                        if (!removed[v] || g.IsLift[v]) { door = v; continue; }
                        if (!seen[v]) { seen[v] = true; stack.Push(v); }
                    }
                }
                if (door < 0) continue;
                int id = data.Count;
                // Toward the door: breadth first from it.
                var bfs = new Queue<int>();
                foreach (int v in nb[door]) if (comp.Contains(v)) { towardDoor[v] = door; bfs.Enqueue(v); }
                var inComp = comp.ToHashSet();
                while (bfs.Count > 0)
                {
                    int u = bfs.Dequeue();
                    foreach (int v in nb[u])
                        if (inComp.Contains(v) && towardDoor[v] < 0 && v != door) { towardDoor[v] = u; bfs.Enqueue(v); }
                }
                foreach (int u in comp) sectionOf[u] = id;
                comp.Sort((a, b) => Id(a).CompareTo(Id(b)));
                data.Add(new SectionData { Kind = SectionKind.DeadEnd, Places = comp.ToArray(), Doorways = [door] });
                var said = new TrafficWarningText(TrafficSentence.DeadEnd, Ids(comp), Id(door));
                sections.Add(new Section(id, SectionKind.DeadEnd, comp.Select(Id).ToList(), [Id(door)], said.English));
                findings.Add(new MapFinding(FindingKind.DeadEnd, comp.Select(Id).ToList(), said, false));
            }
        }

        // Lifts: each cabin is a section of its own.
        for (int p = 0; p < n; p++)
        {
            if (!g.IsLift[p]) continue;
            int id = data.Count;
            sectionOf[p] = id;
            var doors = nb[p].OrderBy(Id).ToArray();
            data.Add(new SectionData { Kind = SectionKind.Lift, Places = [p], Doorways = doors });
            var floors = g.Spots[p].Select(s => s.MapId).Distinct().ToList();
            var said = new TrafficWarningText(TrafficSentence.Lift, string.Join("/", g.Spots[p].Select(s => s.SiteId)), new TextList(floors.Select(f => f.ToString()).ToList()), NodeList.Of(doors.Select(Id)));
            sections.Add(new Section(id, SectionKind.Lift, g.Spots[p].Select(s => s.SiteId).ToList(), doors.Select(Id).ToList(), said.English));
            findings.Add(new MapFinding(FindingKind.Lift, g.Spots[p].Select(s => s.SiteId).ToList(), said, false));
        }

        // The core: what is left, without lifts. Its bridges and articulation places.
        var core = new bool[n];
        for (int p = 0; p < n; p++) core[p] = !removed[p] && !g.IsLift[p];
        var (bridges, cuts) = BridgesAndCuts(n, nb, core);

        // One-lane aisles: chains of places with two neighbours whose edges are bridges.
        var inAisle = new bool[n];
        for (int p = 0; p < n; p++)
        {
            if (!core[p] || inAisle[p] || CoreDegree(p) != 2) continue;
            var ends = nb[p].Where(q => core[q]).ToArray();
            if (!bridges.Contains(Key(p, ends[0])) || !bridges.Contains(Key(p, ends[1]))) continue;
            // Walk both ways to the ends of the chain.
            var chain = new LinkedList<int>();
            chain.AddFirst(p);
            inAisle[p] = true;
            int endA = Walk(p, ends[0], x => chain.AddFirst(x));
            int endB = Walk(p, ends[1], x => chain.AddLast(x));
            var places = chain.ToArray();
            bool twoWay = true;
            var path = new[] { endA }.Concat(places).Append(endB).ToArray();
            for (int i = 0; i + 1 < path.Length; i++)
                if (g.Arc(path[i], path[i + 1]) < 0 || g.Arc(path[i + 1], path[i]) < 0) twoWay = false;
            if (!twoWay) continue; // one way: AGVs drive it through (a trap, if any, is reported above)
            int id = data.Count;
            for (int i = 0; i < places.Length; i++) { sectionOf[places[i]] = id; aislePos[places[i]] = i; }
            data.Add(new SectionData { Kind = SectionKind.OneLaneAisle, Places = places, Doorways = [endA, endB] });
            var said = new TrafficWarningText(TrafficSentence.OneLaneAisle, Ids(places), Id(endA), Id(endB));
            sections.Add(new Section(id, SectionKind.OneLaneAisle, places.Select(Id).ToList(), [Id(endA), Id(endB)], said.English));
            findings.Add(new MapFinding(FindingKind.OneLaneAisle, places.Select(Id).ToList(), said, false));

            int Walk(int from, int to, Action<int> add)
            {
                int prev = from, cur = to;
                while (core[cur] && !inAisle[cur] && CoreDegree(cur) == 2 && nb[cur].Where(q => core[q]).All(q => bridges.Contains(Key(cur, q))))
                {
                    inAisle[cur] = true;
                    add(cur);
                    int next = nb[cur].First(q => core[q] && q != prev);
                    prev = cur;
                    cur = next;
                }
                return cur;
            }
        }

        foreach (int c in cuts.Where(c => !inAisle[c]).OrderBy(Id))
            findings.Add(new MapFinding(FindingKind.SingleLink, [Id(c)], new(TrafficSentence.OnlyLink, Id(c)), true));

        // One-way lanes in the core: from every place, a way on that does not come back through it.
        var oneWayFails = new List<int>();
        var oneWayPlaces = Enumerable.Range(0, n).Where(v => core[v] && !inAisle[v] && nb[v].Any(q => g.Arc(v, q) < 0 || g.Arc(q, v) < 0)).ToList();
        long work = (long)oneWayPlaces.Count * g.ArcCount;
        if (work > 200_000_000)
            findings.Add(new MapFinding(FindingKind.OneWayNoWayAround, [], new(TrafficSentence.OneWayNotChecked, oneWayPlaces.Count), true));
        else
            foreach (int v in oneWayPlaces)
                if (!WayRoundFrom(v)) oneWayFails.Add(v);
        if (oneWayFails.Count > 0)
            findings.Add(new MapFinding(FindingKind.OneWayNoWayAround, oneWayFails.Select(Id).ToList(), new(TrafficSentence.NoWayRound, Ids(oneWayFails)), true));

        // Sizes: narrow places and node spacing for the given footprints.
        var fps = (footprints ?? []).Where(f => f.Valid).Distinct().ToList();
        if (fps.Count > 0) AddSizeFindings(g, fps, marginMm, findings);

        int corePlaces = Enumerable.Range(0, n).Count(p => core[p] && !inAisle[p]);
        int largest = data.Count == 0 ? 0 : data.Max(d => d.Places.Length);
        int guaranteed = Math.Max(0, corePlaces - largest - 1);
        findings.Add(new MapFinding(FindingKind.Capacity, [],
            new(largest == 1 ? TrafficSentence.CapacityOnePlaceSection : TrafficSentence.Capacity, guaranteed, corePlaces, largest), false));
        return new MapAnalysis(sections, findings, guaranteed, sectionOf, towardDoor, aislePos, data.ToArray());

        int CoreDegree(int p) => nb[p].Count(q => core[q]);

        bool WayRoundFrom(int v)
        {
            // From each place v leads to, every other core place must be reachable without passing v.
            int total = Enumerable.Range(0, n).Count(p => core[p] && p != v);
            foreach (int u in g.Successors(v))
            {
                if (!core[u]) continue;
                var seenU = new bool[n];
                var q = new Queue<int>();
                q.Enqueue(u);
                seenU[u] = true;
                int count = 1;
                while (q.Count > 0)
                {
                    int x = q.Dequeue();
                    foreach (int y in g.Successors(x))
                    {
                        if (y == v || seenU[y] || !core[y]) continue;
                        seenU[y] = true;
                        count++;
                        q.Enqueue(y);
                    }
                }
                if (count < total) return false;
            }
            return true;
        }
    }

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);

    /// <summary>Bridges and articulation places of the undirected graph on the places marked <paramref name="inside"/> (iterative Tarjan).</summary>
    private static (HashSet<(int, int)> Bridges, List<int> Cuts) BridgesAndCuts(int n, HashSet<int>[] nb, bool[] inside)
    {
        var bridges = new HashSet<(int, int)>();
        var cuts = new List<int>();
        var disc = new int[n];
        var low = new int[n];
        var parent = Enumerable.Repeat(-1, n).ToArray();
        var adj = nb.Select(s => s.ToArray()).ToArray();
        var iter = new int[n];
        int time = 0;
        for (int root = 0; root < n; root++)
        {
            if (!inside[root] || disc[root] != 0) continue;
            int rootChildren = 0;
            var stack = new Stack<int>();
            stack.Push(root);
            disc[root] = low[root] = ++time;
            var isCut = new HashSet<int>();
            while (stack.Count > 0)
            {
                int u = stack.Peek();
                if (iter[u] < adj[u].Length)
                {
                    int v = adj[u][iter[u]++];
                    if (!inside[v]) continue;
                    if (disc[v] == 0)
                    {
                        parent[v] = u;
                        disc[v] = low[v] = ++time;
                        if (u == root) rootChildren++;
                        stack.Push(v);
                    }
                    else if (v != parent[u]) low[u] = Math.Min(low[u], disc[v]);
                }
                else
                {
                    stack.Pop();
                    int p = parent[u];
                    if (p < 0) continue;
                    low[p] = Math.Min(low[p], low[u]);
                    if (low[u] > disc[p]) bridges.Add(Key(p, u));
                    if (p != root && low[u] >= disc[p]) isCut.Add(p);
                }
            }
            if (rootChildren > 1) isCut.Add(root);
            cuts.AddRange(isCut);
        }
        return (bridges, cuts);
    }

    private static void AddSizeFindings(KernelGraph g, List<Footprint> fps, int marginMm, List<MapFinding> findings)
    {
        var widest = fps.MaxBy(f => f.WidthMm);
        var narrowEdges = new List<(uint, uint, int)>();
        for (int a = 0; a < g.ArcCount; a++)
            if (g.ArcMaxWidth[a] < widest.WidthMm && g.ArcFrom[a] < g.OutTo[a])
                narrowEdges.Add((g.SiteId(g.ArcFrom[a]), g.SiteId(g.OutTo[a]), g.ArcMaxWidth[a]));
        foreach (var grp in narrowEdges.GroupBy(e => e.Item3).OrderBy(x => x.Key))
        {
            var wider = fps.Where(f => f.WidthMm > grp.Key).Select(f => f.ToString()).Distinct();
            var ways = new WayList(grp.Take(8).Select(e => (e.Item1, e.Item2)).ToList(), Math.Max(0, grp.Count() - 8));
            findings.Add(new MapFinding(FindingKind.Width, grp.SelectMany(e => new[] { e.Item1, e.Item2 }).Distinct().ToList(),
                new(TrafficSentence.NarrowWay, ways, grp.Key, new TextList(wider.ToList())), false));
        }
        var geo = new FootprintGeometry(g, 2 * fps.Max(f => f.RadiusMm(marginMm)));
        var largest = fps.MaxBy(f => f.RadiusMm(marginMm));
        double need = 2 * largest.RadiusMm(marginMm);
        var close = new List<(uint, uint, double)>();
        for (int p = 0; p < g.NodeCount; p++)
            for (int k = geo.NodeNodeStart[p]; k < geo.NodeNodeStart[p + 1]; k++)
            {
                int q = geo.NodeNode[k];
                if (q <= p || geo.NodeNodeDist[k] >= need) continue;
                close.Add((g.SiteId(p), g.SiteId(q), geo.NodeNodeDist[k]));
            }
        if (close.Count > 0)
            findings.Add(new MapFinding(FindingKind.Spacing, close.SelectMany(c => new[] { c.Item1, c.Item2 }).Distinct().ToList(),
                new(TrafficSentence.CloseNodes, close.Count, largest.ToString(), need / 1000, new ClosePairs(close.Take(5).Select(c => (c.Item1, c.Item2, c.Item3 / 1000)).ToList())), true));
    }
}
