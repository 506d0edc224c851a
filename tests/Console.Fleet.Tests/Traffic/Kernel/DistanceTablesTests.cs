using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>
/// The distance tables kept up to date in place when the places blocked for a class change: after
/// every change each table the holders keep equals one computed from scratch for the new blocked
/// places, on the shapes real sites have (one-way aisles, narrow aisles, spurs, lifts; costs in ms)
/// and on a unit-cost grid.
/// </summary>
public sealed class DistanceTablesTests
{
    private static readonly int[] Widths = [600, 900]; // class 0 fits the narrow aisles, class 1 does not

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Tables_brought_up_to_date_equal_tables_computed_afresh_on_random_sites(int seed) =>
        Check(KernelGraph.FromSite(RandomSite.Make(seed).Maps), seed);

    [Fact]
    public void Tables_brought_up_to_date_equal_tables_computed_afresh_on_a_grid() =>
        Check(KernelGraph.Grid(12, 9, (c, r) => !(c % 4 == 2 && r is > 1 and < 7)), 99);

    private static void Check(KernelGraph g, int seed)
    {
        var rng = new Random(seed);
        var tables = new DistanceTables(g, capacity: 64);
        var blocked = new bool[Widths.Length][];
        for (int c = 0; c < Widths.Length; c++) blocked[c] = new bool[g.NodeCount];
        // Goals of one place and goals of several places (a station reached from any of its sides).
        var goals = Enumerable.Range(0, 12).Select(i => i % 4 == 3
            ? Enumerable.Range(0, 3).Select(_ => rng.Next(g.NodeCount)).Distinct().ToArray()
            : [rng.Next(g.NodeCount)]).ToArray();
        var held = new List<(int[] Goals, int Class, int[] Table)>();
        for (int c = 0; c < Widths.Length; c++)
            for (int i = 0; i < goals.Length; i++) held.Add((goals[i], c, tables.To(i, goals[i], c, Widths[c], blocked[c]))); // keyed by the goal's index

        for (int round = 0; round < 40; round++)
        {
            for (int c = 0; c < Widths.Length; c++)
            {
                var next = (bool[])blocked[c].Clone();
                // An AGV stops (its place and neighbours blocked), or one moves on (a blocked cluster freed), or both.
                int flips = rng.Next(1, 4);
                for (int f = 0; f < flips; f++)
                {
                    int p = rng.Next(g.NodeCount);
                    bool block = rng.Next(3) > 0 || !next.Contains(true);
                    if (!block) p = Array.FindIndex(next, rng.Next(g.NodeCount), x => x) is var i and >= 0 ? i : Array.IndexOf(next, true);
                    next[p] = block;
                    for (int arc = g.OutStart[p]; arc < g.OutStart[p + 1]; arc++)
                        if (rng.Next(2) == 0) next[g.OutTo[arc]] = block;
                }
                tables.Reblock(c, blocked[c], next);
                blocked[c] = next;
            }
            foreach (var (set, c, table) in held)
            {
                var fresh = new DistanceTables(g).To(0, set, c, Widths[c], blocked[c]);
                Assert.True(fresh.AsSpan().SequenceEqual(table), $"round {round}: the table to {string.Join("/", set)} for class {c} differs from one computed afresh " +
                    $"at places {string.Join(", ", Enumerable.Range(0, g.NodeCount).Where(p => fresh[p] != table[p]).Take(8).Select(p => $"{p}:{fresh[p]}/{table[p]}"))}");
            }
        }
        // Every table was repaired in place, none computed again.
        Assert.Equal(held.Count, tables.Computed);
        Assert.True(tables.Repaired >= 40 * held.Count / 2, $"only {tables.Repaired} repairs");
    }
}
