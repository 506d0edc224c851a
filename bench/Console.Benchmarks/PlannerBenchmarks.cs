using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using BenchmarkDotNet.Attributes;

namespace AgvConsole.Benchmarks;

/// <summary>
/// The route planner on a 10 000-node site (a 100 × 100 grid, 2.5 m apart, every edge both ways).
/// Target (DESIGN.md): ≤ 2 ms per route. (Traffic control is the kernel's now: bench/Lorr measures its planner.)
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class PlannerBenchmarks
{
    private SiteMap _map = null!;
    private (uint From, uint To)[] _pairs = [];

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
        var rng = new Random(42);
        _pairs = Enumerable.Range(0, 64).Select(_ => (Id(rng.Next(n), rng.Next(n)), Id(rng.Next(n), rng.Next(n)))).ToArray();
        PathPlanner.Fastest(_map, 100_000, 100_001, 1500); // …and so are the planner's arrays and landmarks
    }

    [Benchmark(Description = "map preparation: planning arrays, 8 landmarks (once per map version)")]
    public int PrepareMap()
    {
        var copy = new SiteMap(2, "copy", "b", 1, _map.Nodes, _map.Edges);
        var maps = new SiteMaps();
        maps.Set(copy);
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
}
