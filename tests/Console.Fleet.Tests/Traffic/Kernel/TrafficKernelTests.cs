using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

public class TrafficKernelTests
{
    private static readonly Footprint Carrier = new(800, 600), Forklift = new(2000, 1000);

    [Fact]
    public void Two_agvs_swap_halls_through_a_one_lane_aisle_without_meeting_in_it()
    {
        var s = new SiteBuilder();
        var west = s.Hall(1, 0, 0, 3, 3, 3000);
        var east = s.Hall(1, 30000, 0, 3, 3, 3000);
        s.Chain(west[2, 1], east[0, 1], 6);
        var sim = new KernelSim(s.Build(), seed: 1);
        var a = sim.Add("A", Carrier, 1500, 1000, west[0, 1]);
        var b = sim.Add("B", Forklift, 400, 200, east[2, 1]);
        a.Goals.Enqueue((east[2, 2], false));
        b.Goals.Enqueue((west[0, 0], true));
        sim.Start();
        sim.Run(600);
        Assert.True(sim.AllDone, sim.Describe());
        Assert.Contains(sim.Kernel.Analysis.Sections, x => x.Kind == SectionKind.OneLaneAisle);
    }

    [Fact]
    public void Agvs_on_a_grid_reach_every_goal()
    {
        var s = new SiteBuilder();
        var hall = s.Hall(1, 0, 0, 6, 5, 3000);
        var sim = new KernelSim(s.Build(), seed: 2);
        var rng = new Random(2);
        var all = hall.Cast<uint>().ToList();
        var starts = all.OrderBy(_ => rng.Next()).Take(8).ToList();
        for (int i = 0; i < starts.Count; i++)
        {
            var v = sim.Add($"A{i}", i % 3 == 0 ? Forklift : Carrier, 400 + 300 * (i % 4), 100 * (1 + i % 10), starts[i]);
            for (int k = 0; k < 4; k++) v.Goals.Enqueue((all[rng.Next(all.Count)], rng.Next(2) == 0));
        }
        sim.Start();
        sim.Run(1800);
        Assert.True(sim.AllDone, sim.Describe());
    }
}

public class TrafficKernelDebugTests
{
    [Fact]
    public void An_idle_agv_on_a_dead_ends_doorway_is_pushed_aside()
    {
        var s = new SiteBuilder();
        var hall = s.Hall(1, 0, 0, 3, 2, 2800);
        var spur = s.Spur(hall[0, 0], 2, 0, -1, 2800);
        var sim = new KernelSim(s.Build(), seed: 5) { PauseChancePerSecond = 0, FaultChancePerSecond = 0 };
        var idle = sim.Add("A1", new Footprint(800, 600), 1500, 500, hall[0, 0]);
        var busy = sim.Add("A0", new Footprint(2000, 1000), 400, 900, hall[1, 0]);
        busy.Goals.Enqueue((spur[1], true));
        sim.Start();
        sim.Run(120);
        Assert.True(sim.AllDone, sim.Describe() + "\n" + string.Join("\n", sim.Outputs.Take(30)));
    }
}
