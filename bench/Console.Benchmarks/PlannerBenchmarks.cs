using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Fleet.Traffic;
using BenchmarkDotNet.Attributes;

namespace AgvConsole.Benchmarks;

/// <summary>
/// The planner on a 10 000-node site (a 100 × 100 grid, 2.5 m apart, every edge both ways), and a
/// full re-plan of 200 AGVs through traffic control (plan around held nodes, grant the first piece).
/// Targets (DESIGN.md): ≤ 2 ms per route; 200 AGVs re-planned within one report period.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class PlannerBenchmarks
{
    private SiteMap _map = null!;
    private SiteMaps _maps = null!;
    private (uint From, uint To)[] _pairs = [];
    private uint[] _starts = [];
    private TrafficController _traffic = null!;

    [GlobalSetup]
    public void Setup()
    {
        const int n = 100;
        uint Id(int c, int r) => (uint)(100_000 + r * n + c);
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                nodes.Add(new MapNode(Id(c, r), c * 2500, r * 2500, MapNodeKind.Normal));
                if (c + 1 < n) edges.Add(new MapEdge(Id(c, r), Id(c + 1, r), true, r % 10 == 0 ? 2000 : 1000));
                if (r + 1 < n) edges.Add(new MapEdge(Id(c, r), Id(c, r + 1), true, 1000));
            }
        _map = new SiteMap(1, "10k", "b", 1, nodes, edges);
        _maps = new SiteMaps();
        _maps.Set(_map);
        var rng = new Random(42);
        _pairs = Enumerable.Range(0, 64).Select(_ => (Id(rng.Next(n), rng.Next(n)), Id(rng.Next(n), rng.Next(n)))).ToArray();
        _starts = Enumerable.Range(0, 200).Select(i => Id(i % 20 * 5, i / 20 * 10)).ToArray();
        _traffic = new TrafficController(_maps);
        _traffic.BlockedFor("warm-up", 100_000); // the conflict table is built once per map version, not per re-plan
        PathPlanner.Fastest(_map, 100_000, 100_001, 1500); // …and so are the planner's arrays and landmarks
    }

    [Benchmark(Description = "map preparation: planning arrays, 8 landmarks, conflict table (once per map version)")]
    public int PrepareMap()
    {
        var copy = new SiteMap(2, "copy", "b", 1, _map.Nodes, _map.Edges);
        var maps = new SiteMaps();
        maps.Set(copy);
        new TrafficController(maps).BlockedFor("x", 100_000);
        return PathPlanner.Fastest(copy, 100_000, 100_001, 1500)!.NodeIds.Count;
    }

    [Benchmark(Baseline = true, Description = "one route, corner to corner (198 edges)")]
    public int CornerToCorner() => PathPlanner.Fastest(_map, 100_000, 100_000 + 99 * 100 + 99, 1500)!.NodeIds.Count;

    [Benchmark(Description = "one route, random pair (mean of 64)", OperationsPerInvoke = 64)]
    public int RandomPairs()
    {
        int total = 0;
        foreach (var (from, to) in _pairs) total += PathPlanner.Fastest(_map, from, to, 1500)?.NodeIds.Count ?? 0;
        return total;
    }

    [Benchmark(Description = "200 AGVs: plan around the others' holdings + grant the first 3 nodes, all")]
    public int ReplanFleet()
    {
        var traffic = _traffic;
        for (int i = 0; i < _starts.Length; i++) traffic.Release($"A{i}");
        for (int i = 0; i < _starts.Length; i++) traffic.Occupy($"A{i}", _starts[i]);
        int granted = 0;
        for (int i = 0; i < _starts.Length; i++)
        {
            string serial = $"A{i}";
            var goal = _starts[(i + 37) % _starts.Length] + 1;
            var route = PathPlanner.Fastest(_map, _starts[i], goal, 1500, node => traffic.BlockedFor(serial, node));
            if (route is not null && traffic.Extend(serial, route.NodeIds, 0, 3).Granted > 0) granted++;
        }
        return granted;
    }
}
