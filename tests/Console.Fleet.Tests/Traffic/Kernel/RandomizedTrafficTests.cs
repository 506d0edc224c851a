using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>
/// The kernel on random sites (<see cref="RandomSite"/>) in virtual time: mixed footprints, speeds
/// and report rates, random stops and faults, up to a third of the places taken by AGVs. Every
/// goal must be reached, no two AGVs may ever come closer than their radii (KernelSim),
/// and no AGV may wait longer than <see cref="WaitBoundSeconds"/>. A failing seed is named in the
/// message; replay one with AGV_KERNEL_SEED=n, change the count with AGV_KERNEL_SEEDS=n.
/// </summary>
public class RandomizedTrafficTests
{
    /// <summary>
    /// The longest an AGV with a goal may stand without its own reason (virtual seconds). Not a theorem
    /// (docs/traffic.md): on these sites — up to 63 places, a third of them taken, AGVs as slow as
    /// 0.4 m/s crossing 20 m one-lane aisles in turns, stations shared by many — queues at bottlenecks
    /// are long. Over 300 seeds the longest wait was 230 s (2026-11-30); the bound leaves a margin.
    /// </summary>
    public const double WaitBoundSeconds = 300;
    private static readonly Footprint[] Sizes = [new(800, 600), new(1200, 800), new(2000, 1000)];
    private static readonly int[] Speeds = [400, 900, 1500];

    [Fact]
    public void Every_goal_is_reached_and_no_footprints_ever_overlap_on_random_sites()
    {
        var run = SeedRuns.Run("AGV_KERNEL_SEED", "AGV_KERNEL_SEEDS", 300, WaitBoundSeconds, RunSeed);
        var worst = run.Worst;
        Console.WriteLine($"kernel: search generations {TrafficKernel.TotalSearchGenerations}, {KernelSim.KernelCalls} steps, {KernelSim.KernelTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency:0} ms; waits p50 {Pct(0.5):0} p90 {Pct(0.9):0} p99 {Pct(0.99):0} max {worst.Wait:0} s");
        double Pct(double p) { var w = run.Waits.Select(x => x.Wait).OrderBy(x => x).ToArray(); return w.Length == 0 ? 0 : w[Math.Min(w.Length - 1, (int)(p * w.Length))]; }
        Assert.True(run.Failures.Count == 0, run.Report);
        Assert.True(worst.Wait <= WaitBoundSeconds, $"longest wait {worst.Wait:0.0} s at seed {worst.Seed}");
    }

    /// <summary>Runs one seed; returns the longest wait; throws with the site and the fleet when something is wrong.</summary>
    public static double RunSeed(int seed)
    {
        var rng = new Random(seed);
        var site = RandomSite.Make(seed);
        var sim = new KernelSim(site.Maps, seed);
        if (Environment.GetEnvironmentVariable("AGV_KERNEL_SEARCHLOG") is not null) sim.Kernel.SearchLog = line => Console.WriteLine($"seed {seed}: {line}");
        var places = site.Places.ToList();
        // Up to a third of the places taken.
        int agvs = Math.Max(2, (int)(places.Count / 3.0 * (0.3 + 0.7 * rng.NextDouble())));
        var starts = places.OrderBy(_ => rng.Next()).Take(agvs).ToList();
        var graph = sim.Kernel.Graph;
        for (int i = 0; i < starts.Count; i++)
        {
            var fp = Sizes[rng.Next(Sizes.Length)];
            var reachable = Reachable(graph, starts[i], fp.WidthMm);
            // A wide AGV is not put where it cannot leave (in a narrow aisle): it would be a wall for the others.
            if (reachable.Count < places.Count / 2) { fp = Sizes[0]; reachable = Reachable(graph, starts[i], fp.WidthMm); }
            var v = sim.Add($"A{i}", fp, Speeds[rng.Next(Speeds.Length)], rng.Next(1, 11) * 100, starts[i]);
            var targets = site.Stations.Concat(places).Where(p => reachable.Contains(p)).ToList();
            for (int k = 0; k < 3; k++)
            {
                bool station = rng.Next(2) == 0;
                var pool = station ? site.Stations.Where(reachable.Contains).ToList() : targets;
                if (pool.Count == 0) pool = targets;
                v.Goals.Enqueue((pool[rng.Next(pool.Count)], station));
            }
        }
        sim.Start();
        try
        {
            sim.Run(3600);
        }
        catch (Exception e) when (e is not CollisionException)
        {
            throw new Exception($"{e.Message}\nsite: {site.Shapes}\n{sim.Describe()}", e);
        }
        catch (CollisionException e)
        {
            throw new Exception($"collision: {e.Message}\nsite: {site.Shapes}", e);
        }
        if (!sim.AllDone) throw new Exception($"not every goal was reached in an hour\nsite: {site.Shapes}\n{sim.Describe()}");
        double wait = sim.Vehicles.Max(v => v.LongestWait);
        if (wait > WaitBoundSeconds) throw new Exception($"an AGV waited {wait:0} s (bound {WaitBoundSeconds} s)\nsite: {site.Shapes}\n{sim.Describe()}");
        return wait;
    }

    private static HashSet<uint> Reachable(KernelGraph g, uint from, int width)
    {
        var seen = new HashSet<int> { g.PlaceOf(from) };
        var queue = new Queue<int>(seen);
        while (queue.Count > 0)
        {
            int u = queue.Dequeue();
            for (int arc = g.OutStart[u]; arc < g.OutStart[u + 1]; arc++)
                if (g.Fits(arc, width) && seen.Add(g.OutTo[arc])) queue.Enqueue(g.OutTo[arc]);
        }
        // Back again too: goals must be both reachable and left.
        return seen.Where(p => !g.IsLift[p]).SelectMany(p => g.Spots[p].Select(s => s.SiteId)).ToHashSet();
    }
}
