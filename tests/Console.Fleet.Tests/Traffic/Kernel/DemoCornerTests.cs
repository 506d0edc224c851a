using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

public class DemoCornerTests
{
    /// <summary>The demo's floor 1 (as Console.Web's DemoSite draws it) without its lift: 10 × 7 aisles 2.5 m apart, the top row one-way westbound.</summary>
    internal static SiteMap DemoFloor1() => DemoSiteTrafficTests.DemoFloor(1, columns: 10, rows: 7);

    /// <summary>
    /// PIBT's swap alone, without the complete search to fall back on: the top AGV steps back from the corner's
    /// door and the idle AGV in the corner follows it out, then is pushed aside (not back in). Before the fix the
    /// idle one listed only staying, so the top AGV stepped back and forth for ever (fleet run, 2026-11-30 16:48).
    /// </summary>
    [Theory]
    [InlineData(1041, true)]
    [InlineData(1051, true)]
    [InlineData(1052, true)]
    [InlineData(1041, false)]
    public void The_swap_brings_an_idle_agv_out_of_the_corner_without_the_search(uint from, bool action)
    {
        var sim = new KernelSim([DemoFloor1()], seed: 9, new KernelOptions { FallbackAfterSteps = 1_000_000 }) { PauseChancePerSecond = 0, FaultChancePerSecond = 0 };
        sim.Add("DEMO-03", new Footprint(1000, 700), 1200, 500, 1061);
        var a = sim.Add("DEMO-15", new Footprint(1200, 800), 1000, 500, from);
        a.Goals.Enqueue((1061, action));
        sim.Start();
        sim.Run(120);
        Assert.True(sim.AllDone, sim.Describe());
        Assert.Equal(0, sim.Kernel.SearchesStarted);
    }

    /// <summary>Where the fleet run of 2026-11-30 16:42 stood when it jammed: the one-way top row full of idle AGVs.</summary>
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(7, true)]
    [InlineData(8, true)]
    public void The_fleet_runs_crowded_corner_clears(int seed, bool action)
    {
        // Faults now and then (elsewhere, too) make the kernel plan again often, as a busy fleet does.
        var sim = new KernelSim([DemoFloor1()], seed: seed) { PauseChancePerSecond = 0, FaultChancePerSecond = 0.05 };
        Footprint lifter = new(1000, 700), forklift = new(2000, 1000), roller = new(1200, 800);
        uint[] idle = [1065, 1061, 1063, 1062, 1067, 1066, 1068, 1053, 1022, 1040, 1042];
        string[] names = ["DEMO-01", "DEMO-03", "DEMO-09", "DEMO-11", "DEMO-13", "DEMO-16", "DEMO-22", "DEMO-24", "DEMO-26", "DEMO-27", "DEMO-18"];
        for (int i = 0; i < idle.Length; i++) sim.Add(names[i], (i % 3) switch { 0 => lifter, 1 => forklift, _ => roller }, 1200, 500, idle[i]);
        var goals = new (string Serial, uint From, uint To, Footprint Fp, int Speed)[]
        {
            ("DEMO-15", 1041, 1061, roller, 900), ("DEMO-02", 1049, 1050, lifter, 1500), ("DEMO-04", 1059, 1060, forklift, 400),
            ("DEMO-20", 1058, 1060, lifter, 1500), ("DEMO-29", 1060, 1055, roller, 900),
        };
        foreach (var (serial, from, to, fp, speed) in goals) sim.Add(serial, fp, speed, 500, from).Goals.Enqueue((to, action));
        sim.Start();
        sim.Run(600);
        Assert.True(sim.AllDone, sim.Describe());
    }
}
