using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

public class RotationPibtTests
{
    private static readonly int[] Dc = [1, 0, -1, 0], Dr = [0, 1, 0, -1];

    /// <summary>A grid from rows of text ('@' wall) as the planner sees it: place ids and the cell ahead per heading.</summary>
    private sealed class Grid
    {
        public readonly KernelGraph Graph;
        public readonly int[] Neighbour;
        public readonly int Width;

        public Grid(params string[] rows)
        {
            Width = rows[0].Length;
            int h = rows.Length;
            Graph = KernelGraph.Grid(Width, h, (c, r) => rows[r][c] != '@');
            Neighbour = new int[Graph.NodeCount * 4];
            for (int p = 0; p < Graph.NodeCount; p++)
            {
                int cell = (int)Graph.SiteId(p);
                for (int d = 0; d < 4; d++)
                {
                    int c = cell % Width + Dc[d], r = cell / Width + Dr[d];
                    Neighbour[p * 4 + d] = c < 0 || c >= Width || r < 0 || r >= h || rows[r][c] == '@' ? -1 : Graph.PlaceOf((uint)(r * Width + c));
                }
            }
        }

        public int At(int row, int col) => Graph.PlaceOf((uint)(row * Width + col));
        public int[] To(int place) => HeadingDistances.To(place, Graph.NodeCount, Neighbour);
    }

    /// <summary>Plans and executes one timestep; fails the test on a shared cell or a swap.</summary>
    private static void Step(RotationPibt p)
    {
        var before = p.Cell[..p.Count];
        p.Plan();
        for (int a = 0; a < p.Count; a++) p.Execute(a);
        var after = p.Cell[..p.Count];
        Assert.Equal(after.Length, after.Distinct().Count());
        for (int a = 0; a < after.Length; a++)
            for (int b = 0; b < after.Length; b++)
                Assert.False(a != b && after[a] == before[b] && after[b] == before[a] && before[a] != after[a], $"agents {a} and {b} swapped");
    }

    [Fact]
    public void The_agent_in_a_dead_end_comes_out_past_the_one_that_wants_in()
    {
        // The dead end is (0,3); C stands in it facing north and must get to (1,0); A faces it from below and wants in.
        var g = new Grid(
            "@@@.@",
            ".....");
        var p = new RotationPibt(g.Graph.NodeCount, g.Neighbour);
        int a = p.Add(g.At(1, 3), 3), c = p.Add(g.At(0, 3), 3);
        p.Dist[a] = g.To(g.At(0, 3));
        p.Dist[c] = g.To(g.At(1, 0));
        p.Priority[a] = 10;
        p.Priority[c] = 1;
        bool aIn = false, cOut = false;
        for (int t = 0; t < 40 && !(aIn && cOut); t++)
        {
            Step(p);
            aIn |= p.Cell[a] == g.At(0, 3);
            cOut |= p.Cell[c] == g.At(1, 0);
        }
        Assert.True(aIn, "A never got into the dead end");
        Assert.True(cOut, "C never got out to its goal");
    }

    [Fact]
    public void A_chain_of_agents_that_face_the_wrong_way_turns_and_makes_way()
    {
        // A corridor with side pockets; T wants its far end, three goalless agents facing the wrong way stand in between.
        var g = new Grid(
            "@.@.@.",
            "......",
            "@@@@@@");
        var p = new RotationPibt(g.Graph.NodeCount, g.Neighbour);
        int top = p.Add(g.At(1, 0), 0);
        p.Add(g.At(1, 1), 2);
        p.Add(g.At(1, 2), 2);
        p.Add(g.At(1, 3), 2);
        p.Dist[top] = g.To(g.At(1, 5));
        p.Priority[top] = 10;
        int steps = 0;
        while (p.Cell[top] != g.At(1, 5) && steps < 40) { Step(p); steps++; }
        Assert.True(p.Cell[top] == g.At(1, 5), $"T is at {g.Graph.SiteId(p.Cell[top])} after {steps} timesteps");
    }

    [Theory]
    [InlineData(1, 24)]
    [InlineData(2, 30)]
    [InlineData(3, 36)]
    public void In_a_crowd_every_agent_keeps_finishing_errands(int seed, int agents)
    {
        // An 8 x 8 room with pillars (no dead ends), lifelong goals; priorities grow while a goal is open, as PIBT requires.
        var g = new Grid(
            "........",
            ".@..@...",
            "......@.",
            "..@.....",
            ".....@..",
            ".@......",
            "....@.@.",
            "........");
        var rng = new Random(seed);
        var free = Enumerable.Range(0, g.Graph.NodeCount).ToArray();
        rng.Shuffle(free);
        var p = new RotationPibt(g.Graph.NodeCount, g.Neighbour);
        var goal = new int[agents];
        var since = new int[agents];
        var errands = new int[agents];
        for (int a = 0; a < agents; a++)
        {
            p.Add(free[a], rng.Next(4));
            goal[a] = rng.Next(g.Graph.NodeCount);
            p.Dist[a] = g.To(goal[a]);
        }
        for (int t = 0; t < 600; t++)
        {
            for (int a = 0; a < agents; a++) p.Priority[a] = t - since[a] + a / (double)agents;
            Step(p);
            for (int a = 0; a < agents; a++)
            {
                if (p.Cell[a] != goal[a]) continue;
                errands[a]++;
                since[a] = t + 1;
                goal[a] = rng.Next(g.Graph.NodeCount);
                p.Dist[a] = g.To(goal[a]);
            }
        }
        Assert.All(errands, e => Assert.True(e >= 3, $"errands per agent: {string.Join(' ', errands)}"));
    }
}
