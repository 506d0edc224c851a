using System.Collections.Concurrent;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>
/// A kernel scenario over many seeds, two at a time: a seed fails when its run throws (a goal not reached, AGVs too
/// near) or an AGV waited longer than the bound; failures name their seed, so one can be replayed alone.
/// </summary>
internal static class SeedRuns
{
    public sealed record Result(int[] Seeds, IReadOnlyList<string> Failures, IReadOnlyList<(int Seed, double Wait)> Waits, string ReplayVariable)
    {
        public (int Seed, double Wait) Worst => Waits.OrderByDescending(x => x.Wait).FirstOrDefault();

        public string Report => $"{Failures.Count} of {Seeds.Length} seeds failed (replay with {ReplayVariable}=n):\n" +
            $"{string.Join("\n", Failures.Select(f => f.Split('\n')[0]).OrderBy(f => f))}\n\n{string.Join("\n\n", Failures.OrderBy(f => f).Take(3))}";
    }

    /// <param name="seedVariable">an environment variable naming the one seed to run (a replay).</param>
    /// <param name="countVariable">an environment variable giving how many seeds to run instead of <paramref name="count"/>.</param>
    /// <param name="runSeed">runs one seed; returns its longest wait (s).</param>
    public static Result Run(string seedVariable, string countVariable, int count, double waitBound, Func<int, double> runSeed)
    {
        var one = Environment.GetEnvironmentVariable(seedVariable);
        int n = int.Parse(Environment.GetEnvironmentVariable(countVariable) ?? count.ToString());
        var seeds = one is not null ? [int.Parse(one)] : Enumerable.Range(1, n).ToArray();
        var failures = new ConcurrentBag<string>();
        var waits = new ConcurrentBag<(int Seed, double Wait)>();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            try
            {
                double wait = runSeed(seed);
                waits.Add((seed, wait));
                if (wait > waitBound) failures.Add($"seed {seed}: an AGV waited {wait:0} s (bound {waitBound} s)");
            }
            catch (Exception e)
            {
                failures.Add($"seed {seed}: {e.Message}" + (e is IndexOutOfRangeException or NullReferenceException or InvalidOperationException or ArgumentException ? "\n" + e.StackTrace : ""));
            }
        });
        return new Result(seeds, failures.ToList(), waits.ToList(), seedVariable);
    }
}
