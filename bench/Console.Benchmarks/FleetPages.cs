using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static AgvConsole.Benchmarks.ConsoleLoad;

namespace AgvConsole.Benchmarks;

/// <summary>
/// What open browsers cost the console (issue 14 item 7): the console and Console.Sim with N AGVs
/// reporting, first with no browser, then with B browsers on the fleet page (interactive Blazor
/// Server with MudBlazor, each its own circuit, live from the fleet feed). Each phase is measured
/// over the same window: the console's CPU, its working set and its GC heap (the size after the last
/// collection, from /metrics; the median of samples taken every second). Memory per browser is the
/// difference between the phases divided by B. The B pages run in one headless Chromium (one
/// browser context each, signed in once and sharing the cookie) on the same machine, at the lowest
/// CPU priority (started under SCHED_IDLE) so that the console and the simulator are served first.
/// <code>dotnet run -c Release --project bench/Console.Benchmarks -- console-load --fleet-pages 20 [--agvs 2000] [--hz 10] [--seconds 30]</code>
/// </summary>
public static class FleetPages
{
    private sealed record Phase(string Name, double ServerCpuPct, double WorkingSetMb, double HeapMb, double SimCpuPct, double BrowserCpuPct, long Reports,
        double PoolThreads, double PoolQueueMax, double LockContentions);

    public static async Task<int> RunAsync(string root, int agvs, int hz, int seconds, int browsers)
    {
        const int floors = 10;
        string mode = $"fleet pages, {browsers} browsers";
        Console.WriteLine($"[{mode}] load average before: {LoadAverage()}");
        using var site = await StartSiteAsync(root, agvs, hz, secure: false, floors, mode);
        await Task.Delay(5000); // settle

        var without = await MeasureAsync(site, "no browser", seconds);
        Console.WriteLine($"[{mode}] {without}");

        // The pages run only on CPU time nobody else wants: on a 2-core machine twenty of them would otherwise take the
        // CPU the console and the simulator need, and what is measured here is what the pages cost the console, not
        // what Chromium costs the machine. Chromium starts under the SCHED_IDLE policy, which every process and thread
        // it makes later inherits. Nice 19 was not enough: Chromium sets its own threads' nice values (-8 to 5 were
        // seen), and with the browsers at 146 % the console received less than half the reports.
        var idleChromium = Path.Combine(Path.GetTempPath(), $"chromium-idle-{Environment.ProcessId}.sh");
        await File.WriteAllTextAsync(idleChromium, "#!/bin/sh\nexec chrt --idle 0 /usr/bin/chromium \"$@\"\n");
        File.SetUnixFileMode(idleChromium, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = idleChromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        // Sign in once (the console limits sign-ins per address), then open every page with that cookie.
        var first = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        var signIn = await first.NewPageAsync();
        await signIn.GotoAsync($"{site.BaseUrl}/fleet");
        await signIn.FillAsync("#username", "supervisor");
        await signIn.FillAsync("#password", "Supervisor1!");
        await signIn.ClickAsync("#sign-in");
        await signIn.WaitForURLAsync(u => !u.Contains("/account/login"));
        var state = await first.StorageStateAsync();
        await first.CloseAsync();

        var pages = new List<IPage>();
        for (int i = 0; i < browsers; i++)
        {
            var context = await chromium.NewContextAsync(new BrowserNewContextOptions { StorageState = state, ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{site.BaseUrl}/fleet");
            await page.WaitForSelectorAsync("#fleet-grid tr.agv-row", new() { Timeout = 60000 });
            pages.Add(page);
        }
        // Every page is interactive (its circuit is up) and follows the fleet: its count of online AGVs is the whole fleet.
        foreach (var page in pages)
            await page.WaitForFunctionAsync($"() => document.querySelector('#fleet-counts')?.textContent.replace(/[^0-9 ]/g, '').includes('{agvs}')",
                null, new() { Timeout = 60000 });
        await Task.Delay(10000); // settle: every circuit has rendered and subscribed
        var browserProcesses = Descendants(Environment.ProcessId).Where(IsChromium).ToList();
        var policies = browserProcesses.SelectMany(Policies).ToList();
        Console.WriteLine($"[{mode}] {browserProcesses.Count} Chromium processes, {policies.Count} threads, {policies.Count(p => p == "5")} of them SCHED_IDLE");

        var with = await MeasureAsync(site, $"{browsers} browsers", seconds);
        Console.WriteLine($"[{mode}] {with}");
        var shot = Path.Combine(Path.GetTempPath(), "console-load-fleet-page.png");
        await pages[^1].ScreenshotAsync(new() { Path = shot });
        Console.WriteLine($"[{mode}] a fleet page: {shot}");
        await chromium.CloseAsync();
        File.Delete(idleChromium);

        Console.WriteLine();
        Console.WriteLine($"console-load --fleet-pages: {agvs} AGVs at {hz} Hz on {floors} floors, {seconds} s per phase, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average after {LoadAverage()}");
        Console.WriteLine("| phase | console CPU | console working set | console GC heap (after last GC) | simulator CPU | browser CPU | reports received /s | pool threads / longest queue | lock contentions /s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in new[] { without, with })
            Console.WriteLine($"| {p.Name} | {p.ServerCpuPct:0} % | {p.WorkingSetMb:0} MB | {p.HeapMb:0.0} MB | {p.SimCpuPct:0} % | {p.BrowserCpuPct:0} % | {p.Reports / (double)seconds:N0} | {p.PoolThreads:0} / {p.PoolQueueMax:0} | {p.LockContentions:0.0} |");
        Console.WriteLine($"per browser: working set {(with.WorkingSetMb - without.WorkingSetMb) / browsers:0.00} MB, GC heap {(with.HeapMb - without.HeapMb) / browsers:0.00} MB, " +
                          $"console CPU {(with.ServerCpuPct - without.ServerCpuPct) / browsers:0.0} % of one core");
        return 0;
    }

    private static async Task<Phase> MeasureAsync(Site site, string name, int seconds)
    {
        var console = site.Console.Process;
        var sim = site.Sim.Process;
        console.Refresh();
        sim.Refresh();
        var cpu0 = console.TotalProcessorTime;
        var sim0 = sim.TotalProcessorTime;
        var browser0 = BrowserCpu();
        long reports0 = Reports(await site.Client.GetFromJsonAsync<JsonElement>("/api/v1/system"));
        var watch = Stopwatch.StartNew();
        var workingSets = new List<double>();
        var heaps = new List<double>();
        var poolThreads = new List<double>();
        double queueMax = 0;
        double contentions0 = Metric(await site.Client.GetStringAsync("/metrics"), "dotnet_monitor_lock_contentions");
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await Task.Delay(1000);
            console.Refresh();
            workingSets.Add(console.WorkingSet64 / 1048576.0);
            var metrics = await site.Client.GetStringAsync("/metrics");
            heaps.Add(Metric(metrics, "dotnet_gc_last_collection_heap_size_bytes") / 1048576.0);
            poolThreads.Add(Metric(metrics, "dotnet_thread_pool_thread_count"));
            queueMax = Math.Max(queueMax, Metric(metrics, "dotnet_thread_pool_queue_length"));
        }
        double contentions = Metric(await site.Client.GetStringAsync("/metrics"), "dotnet_monitor_lock_contentions") - contentions0;
        double elapsed = watch.Elapsed.TotalSeconds;
        console.Refresh();
        sim.Refresh();
        long reports = Reports(await site.Client.GetFromJsonAsync<JsonElement>("/api/v1/system")) - reports0;
        return new Phase(name, (console.TotalProcessorTime - cpu0).TotalSeconds / elapsed * 100, Median(workingSets), Median(heaps),
            (sim.TotalProcessorTime - sim0).TotalSeconds / elapsed * 100, (BrowserCpu() - browser0).TotalSeconds / elapsed * 100, reports,
            Median(poolThreads), queueMax, contentions / elapsed);
    }

    private static bool IsChromium(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return p.ProcessName.StartsWith("chrom", StringComparison.Ordinal); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>The scheduling policy of each of the process's threads (field 41 of /proc/pid/task/tid/stat; 5 is SCHED_IDLE).</summary>
    private static IEnumerable<string> Policies(int pid)
    {
        var policies = new List<string>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                policies.Add(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[38]);
            }
        }
        catch (IOException) { } // the process or a thread ended meanwhile
        catch (UnauthorizedAccessException) { }
        return policies;
    }

    private static long Reports(JsonElement system) => system.GetProperty("protocol").GetProperty("stateReports").GetInt64();

    /// <summary>
    /// A metric from /metrics summed over its series (every GC generation for the heap after the last collection), matched by
    /// the name's start so that the exporter's unit and <c>_total</c> suffixes do not matter.
    /// </summary>
    private static double Metric(string metrics, string name)
    {
        double sum = 0;
        foreach (var line in metrics.Split('\n'))
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' ' or '_')
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return sum;
    }

    private static double Median(List<double> xs)
    {
        if (xs.Count == 0) return double.NaN;
        xs.Sort();
        return xs[xs.Count / 2];
    }
}
