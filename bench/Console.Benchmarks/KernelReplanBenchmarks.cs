using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;
using BenchmarkDotNet.Attributes;

namespace AgvConsole.Benchmarks;

/// <summary>
/// What one AGV stopping and moving again costs the traffic kernel with a large fleet: the kernel
/// replans and brings its distance tables (one per goal and vehicle class) up to date around the
/// places now blocked. 2 000 AGVs of two classes on the generated rack warehouse, every AGV with a
/// goal of its own; the AGV that stops stands in a cross-aisle (the worst kind: many ways pass it).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class KernelReplanBenchmarks
{
    [Params(2000)] public int Agvs;

    private TrafficKernel _kernel = null!;
    private string _stopper = "";
    private uint _stopperNode;
    private DateTimeOffset _now = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        var warehouse = WarehouseLayout.ForFleet(1, Agvs);
        _kernel = new TrafficKernel([warehouse.Map]);
        var starts = warehouse.StartPlaces;
        var rng = new Random(7);
        for (int i = 0; i < Agvs; i++)
        {
            var node = starts[i * starts.Count / Agvs];
            var footprint = i % 3 == 0 ? new Footprint(2000, 1000) : new Footprint(1200, 800);
            Step(new AgvJoined($"K-{i:D4}", footprint, 1500, node));
        }
        for (int i = 0; i < Agvs; i++)
            Step(new GoalSet($"K-{i:D4}", warehouse.Stations[rng.Next(warehouse.Stations.Count)], ActionAtGoal: true));
        for (int t = 0; t < 3; t++) Step(new Tick(_now = _now.AddMilliseconds(100)));
        // An AGV in a cross-aisle, near the middle of the fleet.
        int middle = Agvs / 2;
        while (!IsCross(starts[middle * starts.Count / Agvs])) middle++;
        _stopper = $"K-{middle:D4}";
        _stopperNode = starts[middle * starts.Count / Agvs];

        bool IsCross(uint node)
        {
            var n = warehouse.Map.Node(node)!;
            return warehouse.Map.Edges.Count(e => (e.From == node || e.To == node) && e.Bidirectional) >= 2 && n.Kind == MapNodeKind.Normal;
        }
    }

    private void Step(KernelInput input) => _kernel.Step(input);

    [Benchmark(Description = "an AGV stops in a cross-aisle, then moves again (two replans)")]
    public int StopAndMoveAgain()
    {
        int outputs = _kernel.Step(new StandingStill(_stopper, StandReason.Paused)).Count;
        outputs += _kernel.Step(new Moving(_stopper, _stopperNode)).Count;
        return outputs;
    }
}
