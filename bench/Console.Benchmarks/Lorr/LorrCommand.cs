namespace AgvConsole.Benchmarks.Lorr;

/// <summary>
/// <c>lorr &lt;instance.json | all&gt; [--dir path] [--lookahead k] [--steps n]</c>: runs the instances
/// (all = the ones in the README's table, each with the options its figures were recorded with, where not given)
/// and prints one Markdown row per instance; the exit code is 1 when a run was invalid or left an agent stuck.
/// The instances stay in ../shared/benchmarks/lorr2023 (relative to the repository root).
/// </summary>
public static class LorrCommand
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: lorr <instance.json | all> [--dir ../shared/benchmarks/lorr2023] [--lookahead 2] [--steps n] [--quiet] [--cells [--replan] | --states | --planner auto|ops|pibt --window 3 --restless 8 --flow 30 --through 5 --refresh 5 --highway 80 --floor 20 --improve 20 --hood 8]");
            return 2;
        }
        string dir = Option(args, "--dir") ?? Path.GetFullPath(Path.Combine(ProtocolLoad.FindRoot(), "..", "shared", "benchmarks", "lorr2023"));
        int lookahead = int.Parse(Option(args, "--lookahead") ?? "2");
        int? steps = Option(args, "--steps") is { } s ? int.Parse(s) : null;
        bool quiet = args.Contains("--quiet");
        var files = args[0] == "all"
            ? LorrInstance.Known.Keys.Select(name => Directory.EnumerateFiles(dir, name + ".json", SearchOption.AllDirectories).FirstOrDefault()
                ?? throw new FileNotFoundException($"{name}.json not found under {dir}")).ToList()
            : [File.Exists(args[0]) ? args[0] : Directory.EnumerateFiles(dir, args[0].EndsWith(".json") ? args[0] : args[0] + ".json", SearchOption.AllDirectories).First()];
        Console.WriteLine($"lorr {string.Join(' ', args)}: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| instance | agents | timesteps | errands | best-known (share) | planning per step p50 / p99 / max (ms) | stuck agents | longest open task (steps) | steps checked | wall |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---|---:|");
        int failures = 0;
        foreach (var file in files)
        {
            var inst = LorrInstance.Load(file, steps);
            Action<string>? log = quiet ? null : line => Console.Error.WriteLine(line);
            // "all" runs each instance with the options its figures in bench/README.md were recorded with (the turning
            // planners' options only); options given on the command line come first, so they win (Option takes the first).
            bool turning = !args.Contains("--cells") && !args.Contains("--states");
            string[] a = args[0] == "all" && turning && LorrInstance.Recorded.TryGetValue(inst.Name, out var recorded) ? [.. args, .. recorded.Split(' ')] : args;
            if (a != args) Console.Error.WriteLine($"{inst.Name}: options as recorded, {string.Join(' ', a.Skip(args.Length))} (those given first win)");
            int window = int.Parse(Option(a, "--window") ?? "3");
            int Int(string name, int fallback) => int.Parse(Option(a, name) ?? fallback.ToString());
            var r = a.Contains("--cells") ? LorrRun.Run(inst, lookahead, a.Contains("--replan"), log)
                : a.Contains("--states") ? LorrRun.RunStates(inst, log)
                : LorrRun.RunOperations(inst, new LorrRun.OperationOptions(window, Int("--restless", 8), Option(a, "--flow") is { } f ? int.Parse(f) : null, Option(a, "--through") is { } th ? int.Parse(th) : null, Option(a, "--refresh") is { } rf ? int.Parse(rf) : null, Option(a, "--planner") ?? "auto", Int("--highway", 0), Int("--improve", 20), Int("--hood", 8), Int("--floor", 0)), log);
            Console.WriteLine(r.Row());
            if (r.Invalid is not null || r.StuckAgents > 0) failures++;
        }
        return failures == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
