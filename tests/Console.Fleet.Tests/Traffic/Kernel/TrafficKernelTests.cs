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

public class JoinedTooNearTests
{
    /// <summary>
    /// Two forklifts (radius 1 268 mm with the margin) join on neighbouring nodes 2.5 m apart, as an operator
    /// may park them: nearer than the kernel keeps them. Neither may be stuck for it: a move that keeps the
    /// distance they have, or widens it, is allowed between the two (KernelSim: never nearer than they
    /// joined until they have been apart). Before, every move of either began inside the other's radius and
    /// was refused, so both stood for ever.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_forklifts_that_join_too_near_each_other_drive_apart(bool bothBusy)
    {
        var s = new SiteBuilder();
        var hall = s.Hall(1, 0, 0, 4, 3, 2500);
        var sim = new KernelSim(s.Build(), seed: 4) { PauseChancePerSecond = 0, FaultChancePerSecond = 0 };
        Footprint forklift = new(2000, 1000);
        var a = sim.Add("A", forklift, 1200, 250, hall[1, 1]);
        var b = sim.Add("B", forklift, 1200, 250, hall[2, 1]);
        a.Goals.Enqueue((hall[3, 1], false)); // past the other one
        if (bothBusy) b.Goals.Enqueue((hall[0, 1], false));
        sim.Start();
        sim.Run(600);
        Assert.True(sim.AllDone, sim.Describe());
    }
}

public class GoalWithActionTests
{
    /// <summary>
    /// An AGV that drives through its goal on moves granted before that goal was set (a push, the end of
    /// another trip) has not arrived there: its action must not go out where it passes, or the console would
    /// pick or drop at the wrong node (the fleet run's jam of 2026-11-30: the action was sent while it drove
    /// on, and the kernel held it "doing its action" at a goal it had left). It arrives when it stops there.
    /// </summary>
    [Fact]
    public void An_agv_passing_its_goal_on_earlier_moves_arrives_only_when_it_stops_there()
    {
        var s = new SiteBuilder();
        uint west = s.Node(1, 0, 0), east = s.Node(1, 12000, 0);
        List<uint> line = [west, .. s.Chain(west, east, 3), east]; // five nodes 3 m apart
        var kernel = new TrafficKernel(s.Build(), new KernelOptions { Lookahead = 4 });
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        List<KernelOutput> Step(KernelInput input) => [.. kernel.Step(input)];
        List<KernelOutput> Tick() => Step(new Tick(now = now.AddMilliseconds(100)));
        List<uint> Granted(IEnumerable<KernelOutput> outputs) => [.. outputs.OfType<Grant>().SelectMany(g => g.NodeIds)];

        Step(new AgvJoined("A", new Footprint(800, 600), 1000, line[0]));
        Step(new GoalSet("A", line[4]));
        var granted = new List<uint>();
        for (int i = 0; i < 20 && !granted.Contains(line[4]); i++) granted.AddRange(Granted(Tick()));
        Assert.Equal(line.Skip(1).ToList(), granted); // all the way, in flight
        // Its trip ends on the console's side; another one, with an action, wants the second node.
        Step(new GoalCancelled("A"));
        Assert.DoesNotContain(Step(new GoalSet("A", line[1], ActionAtGoal: true)), o => o is Refused);

        Assert.DoesNotContain(Step(new Progress("A", line[1])), o => o is GoalReached); // passing by
        Step(new Progress("A", line[2]));
        Step(new Progress("A", line[3]));
        Step(new Progress("A", line[4]));
        var back = new List<KernelOutput>();
        for (int i = 0; i < 40 && !back.OfType<Grant>().Any(g => g.ReachesGoal); i++) back.AddRange(Tick());
        Assert.Equal([line[3], line[2], line[1]], Granted(back));
        Assert.True(back.OfType<Grant>().Last().ReachesGoal);
        Step(new Progress("A", line[3]));
        Step(new Progress("A", line[2]));
        Assert.Contains(Step(new Progress("A", line[1])), o => o is GoalReached r && r.NodeId == line[1]);
    }

    [Fact]
    public void A_goal_an_agv_stands_still_on_is_unreachable_naming_that_agv()
    {
        var s = new SiteBuilder();
        uint west = s.Node(1, 0, 0), east = s.Node(1, 12000, 0);
        List<uint> line = [west, .. s.Chain(west, east, 3), east];
        var kernel = new TrafficKernel(s.Build());
        kernel.Step(new AgvJoined("A", new Footprint(800, 600), 1000, line[0]));
        kernel.Step(new AgvJoined("B", new Footprint(800, 600), 1000, line[4]));
        kernel.Step(new StandingStill("B", StandReason.Fault));
        var why = Assert.Single(kernel.Step(new GoalSet("A", line[4])).OfType<Unreachable>());
        Assert.Equal(["B"], why.BlockedBy);
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
