using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace AgvConsole.Benchmarks;

/// <summary>
/// The whole console under a large site's load, end to end, in one command: the console (Release
/// build, its own process, SQLite in a temporary folder), Console.Sim in a second process driving
/// N AGVs at the given report rate over TCP, and the live map open in headless Chromium (a third).
/// Reports state reports sent by the simulator against those the console received (over the whole
/// run: nothing may be lost), the console's CPU and memory, and the latency from each AGV's report
/// timestamp to the moment the browser applied the update (median, p99). Runs in normal mode, then
/// in secure mode (integrity profile 1), and gives the ratio.
/// </summary>
public static class ConsoleLoad
{
    internal const string Key = "load-harness-key";

    public sealed record Result(string Mode, int Floors, int Agvs, double OnlineAfterS, long Sent, long Received, double ReceivedPerS, double Expected,
        double ServerCpuPct, double SimCpuPct, double BrowserCpuPct, long WorkingSetMb, long GcHeapMb, int BrowserUpdates, double BrowserUpdatesPerS,
        double LatencyMedian, double LatencyP99, double LatencyMax, double Fps, double DrawnFps, string Renderer, long HistoryPending, long DecodeErrors, long CrcErrors);

    public static async Task<int> RunAsync(string[] args)
    {
        int agvs = ProtocolLoad.Arg(args, "--agvs", 2000), hz = ProtocolLoad.Arg(args, "--hz", 10), seconds = ProtocolLoad.Arg(args, "--seconds", 30);
        // Passes: all AGVs on the one floor the browser shows (the worst case for the browser), then the
        // same AGVs over several floors with the browser on one (a site of that size), in normal and in secure mode.
        int floors = ProtocolLoad.Arg(args, "--floors", 10);
        (string Mode, int Floors)[] passes = args.Contains("--one-floor") ? [("normal", 1)]
            : args.Contains("--many-floors") ? [("normal", floors)]
            : args.Contains("--normal-only") ? [("normal", 1), ("normal", floors)]
            : args.Contains("--secure-only") ? [("secure", floors)]
            : [("normal", 1), ("normal", floors), ("secure", floors)];
        var view = new Viewport(ProtocolLoad.Arg(args, "--width", 1400), ProtocolLoad.Arg(args, "--height", 860), Value(args, "--renderer"));
        int fleetPages = ProtocolLoad.Arg(args, "--fleet-pages", 0);
        var root = ProtocolLoad.FindRoot();
        if (!args.Contains("--no-build"))
        {
            Console.WriteLine("building Console.Web and Console.Sim (Release)…");
            foreach (var project in new[] { "Console.Web", "Console.Sim" })
                if (await Run("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", Path.Combine(root, project)], root) != 0)
                    throw new InvalidOperationException($"building {project} failed");
            // The console runs as a site runs it: the publish output (its styles and scripts beside it; a build's bin has none outside Development).
            if (await Run("dotnet", ["publish", Path.Combine(root, "Console.Web"), "-c", "Release", "--no-build", "--nologo", "-v", "q", "-o", Published], root) != 0)
                throw new InvalidOperationException("publishing Console.Web failed");
        }
        if (fleetPages > 0) return await FleetPages.RunAsync(root, agvs, hz, seconds, fleetPages);
        var results = new List<Result>();
        foreach (var (mode, n) in passes.Distinct())
            results.Add(await RunOnceAsync(root, agvs, hz, seconds, mode == "secure", n, view));

        Console.WriteLine();
        Console.WriteLine($"console-load: {agvs} AGVs at {hz} Hz, {seconds} s measured per mode, {Environment.ProcessorCount} cores, browser {view.Width}×{view.Height}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before {LoadAverage()}");
        Console.WriteLine("| mode | floors (browser shows one) | online after | sent / received (whole run) | lost | received /s (expected) | server CPU | server memory (working set / GC heap) | simulator CPU | browser CPU | browser updates /s | latency median / p99 / max (state → screen) | frames drawn /s (animation frames /s) | renderer |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Mode} | {r.Floors} ({r.Agvs / r.Floors} AGVs on it) | {r.OnlineAfterS:0.0} s | {r.Sent:N0} / {r.Received:N0} | {r.Sent - r.Received} | {r.ReceivedPerS:N0} ({r.Expected:N0}) | {r.ServerCpuPct:0} % | {r.WorkingSetMb} MB / {r.GcHeapMb} MB | " +
                              $"{r.SimCpuPct:0} % | {r.BrowserCpuPct:0} % | {r.BrowserUpdatesPerS:N0} | {r.LatencyMedian:0} / {r.LatencyP99:0} / {r.LatencyMax:0} ms | {r.DrawnFps:0} ({r.Fps:0}) | {r.Renderer} |");
        Console.WriteLine($"load average after: {LoadAverage()}");
        if (results.FirstOrDefault(r => r.Mode == "secure") is { } secureRun && results.FirstOrDefault(r => r.Mode == "normal" && r.Floors == secureRun.Floors) is { } normalRun)
        {
            double cores = Environment.ProcessorCount * 100.0;
            double headroomNormal = cores - normalRun.ServerCpuPct - normalRun.SimCpuPct - normalRun.BrowserCpuPct;
            double headroomSecure = cores - secureRun.ServerCpuPct - secureRun.SimCpuPct - secureRun.BrowserCpuPct;
            Console.WriteLine($"secure / normal ({secureRun.Floors} floors): server CPU ×{secureRun.ServerCpuPct / normalRun.ServerCpuPct:0.00}; machine headroom left {headroomSecure:0} % vs {headroomNormal:0} % " +
                              $"({headroomSecure / headroomNormal * 100:0} % of the normal-mode headroom)");
        }
        bool lost = results.Any(r => r.Sent != r.Received || r.DecodeErrors > 0 || r.CrcErrors > 0);
        if (lost) Console.WriteLine("FRAMES LOST or damaged: see the table.");
        return lost ? 1 : 0;
    }

    private static async Task<Result> RunOnceAsync(string root, int agvs, int hz, int seconds, bool secure, int floors, Viewport view)
    {
        string mode = $"{(secure ? "secure" : "normal")}, {floors} floor{(floors > 1 ? "s" : "")}";
        using var site = await StartSiteAsync(root, agvs, hz, secure, floors, mode);
        var (console, simulator, client, baseUrl, dir, onlineAfter) = (site.Console, site.Sim, site.Client, site.BaseUrl, site.Dir, site.OnlineAfter);
        const uint mapId = FirstMap;

        // The live map in Chromium, signed in as the supervisor, on the load floor.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = view.Width, Height = view.Height } });
        await page.GotoAsync($"{baseUrl}/map?map={mapId}{(view.Renderer is null ? "" : "&renderer=" + view.Renderer)}");
        await page.FillAsync("#username", "supervisor");
        await page.FillAsync("#password", "Supervisor1!");
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(u => !u.Contains("/account/login"));
        await WaitAsync(async () => await page.EvaluateAsync<int>("() => window.__liveMap ? window.__liveMap.onFloor : 0") >= (agvs + floors - 1) / floors,
            60, "every AGV on the live map", console, simulator);
        await Task.Delay(3000); // settle

        // The measured window.
        var system0 = await client.GetFromJsonAsync<JsonElement>("/api/v1/system");
        console.Process.Refresh();
        simulator.Process.Refresh();
        var serverCpu0 = console.Process.TotalProcessorTime;
        var simCpu0 = simulator.Process.TotalProcessorTime;
        var browserCpu0 = BrowserCpu();
        await page.EvaluateAsync("() => window.__liveMap.latencies.splice(0)");
        await page.EvaluateAsync("""
            () => {
              const m = window.__liveMap;
              window.__load = { frames: 0, drawn: m.framesDrawn, timing: { ...m.timing }, start: performance.now(), applied: Object.values(m.updateCounts).reduce((a, b) => a + b, 0) };
              const tick = () => { window.__load.frames++; if (!window.__load.stop) requestAnimationFrame(tick); };
              requestAnimationFrame(tick);
            }
            """);
        var window = Stopwatch.StartNew();
        // The page keeps its last 50 000 latencies; take them every 100 ms so that none is dropped.
        var latencies = new List<double>();
        int truncated = 0;
        while (window.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await Task.Delay(100);
            var chunk = await page.EvaluateAsync<double[]>("() => window.__liveMap.latencies.splice(0)");
            if (chunk.Length >= 50000) truncated++;
            latencies.AddRange(chunk);
        }
        var inPage = await page.EvaluateAsync<JsonElement>("""
            () => {
              const m = window.__liveMap, l = window.__load;
              l.stop = true;
              const applied = Object.values(m.updateCounts).reduce((a, b) => a + b, 0) - l.applied;
              const s = (performance.now() - l.start) / 1000;
              const t = m.timing, t0 = l.timing;
              return { applied, fps: l.frames / s, drawn: (m.framesDrawn - l.drawn) / s, renderer: m.renderer,
                batchMsPerS: (t.batchMs - t0.batchMs) / s, batchesPerS: (t.batches - t0.batches) / s, drawMsPerFrame: (t.drawMs - t0.drawMs) / Math.max(1, t.frames - t0.frames) };
            }
            """);
        double elapsed = window.Elapsed.TotalSeconds;
        latencies.Sort();
        if (truncated > 0) Console.WriteLine($"[{mode}] the page's latency buffer overflowed {truncated} times: some samples are missing");
        double Pct(double q) => latencies.Count == 0 ? -1 : latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))];
        var system1 = await client.GetFromJsonAsync<JsonElement>("/api/v1/system");
        console.Process.Refresh();
        simulator.Process.Refresh();
        double serverCpu = (console.Process.TotalProcessorTime - serverCpu0).TotalSeconds / elapsed * 100;
        double simCpu = (simulator.Process.TotalProcessorTime - simCpu0).TotalSeconds / elapsed * 100;
        double browserCpu = (BrowserCpu() - browserCpu0).TotalSeconds / elapsed * 100;
        long Reports(JsonElement s) => s.GetProperty("protocol").GetProperty("stateReports").GetInt64();
        double receivedPerS = (Reports(system1) - Reports(system0)) / elapsed;
        var shot = Path.Combine(Path.GetTempPath(), $"console-load-{(secure ? "secure" : "normal")}-{floors}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        Console.WriteLine($"[{mode}] live map: {shot}");
        Console.WriteLine($"[{mode}] page script: {inPage.GetProperty("batchesPerS").GetDouble():0} batches/s taking {inPage.GetProperty("batchMsPerS").GetDouble():0} ms/s (decode and apply), " +
                          $"{inPage.GetProperty("drawMsPerFrame").GetDouble():0.0} ms per frame drawn (the script's part of drawing; rasterising and compositing are the browser's)");
        await browser.CloseAsync();

        // Loss over the whole run: stop the simulator (it prints its total), let the last frames land, compare.
        // SIGTERM, not SIGINT: a process started in the background by a non-interactive shell inherits SIGINT ignored, and
        // .NET then leaves it ignored (the harness run that way never got the simulator's total).
        await Run("kill", ["-TERM", simulator.Process.Id.ToString()], root);
        if (!simulator.Process.WaitForExit(30_000)) simulator.Process.Kill(true);
        await Task.Delay(1000);
        long sent = simulator.SentTotal() ?? throw new InvalidOperationException("the simulator did not report its total:\n" + simulator.Tail());
        var system2 = await client.GetFromJsonAsync<JsonElement>("/api/v1/system");
        long received = Reports(system2);
        var protocol = system2.GetProperty("protocol");
        console.Process.Kill(true);
        console.Process.WaitForExit(10_000);

        var result = new Result(secure ? "secure" : "normal", floors, agvs, onlineAfter, sent, received, receivedPerS, agvs * (double)hz, serverCpu, simCpu, browserCpu,
            system1.GetProperty("process").GetProperty("workingSetBytes").GetInt64() >> 20, system1.GetProperty("process").GetProperty("gcHeapBytes").GetInt64() >> 20,
            latencies.Count, inPage.GetProperty("applied").GetInt32() / elapsed,
            Pct(0.5), Pct(0.99), Pct(1), inPage.GetProperty("fps").GetDouble(), inPage.GetProperty("drawn").GetDouble(), inPage.GetProperty("renderer").GetString()!,
            system1.GetProperty("history").GetProperty("pending").GetInt64(), protocol.GetProperty("decodeErrors").GetInt64(), protocol.GetProperty("crcErrors").GetInt64());
        Console.WriteLine($"[{mode}] {result}");
        return result;
    }

    /// <summary>Where the harness publishes the console it runs.</summary>
    internal static readonly string Published = Path.Combine(Path.GetTempPath(), "agv-console-load", "published");

    /// <summary>The maps the harness imports are numbered from here, one per floor.</summary>
    internal const uint FirstMap = 90;

    /// <summary>A console, its floors, and the simulator with every AGV online.</summary>
    internal sealed record Site(Child Console, Child Sim, HttpClient Client, string BaseUrl, string Dir, double OnlineAfter) : IDisposable
    {
        public void Dispose()
        {
            Sim.Dispose();
            Console.Dispose();
            Client.Dispose();
            try { Directory.Delete(Dir, true); } catch (IOException) { }
        }
    }

    /// <summary>Starts the console (Release build, its own process, SQLite in a temporary folder), imports the floors, starts Console.Sim and waits until every AGV is online.</summary>
    internal static async Task<Site> StartSiteAsync(string root, int agvs, int hz, bool secure, int floors, string mode)
    {
        var dir = Path.Combine(Path.GetTempPath(), "agv-console-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        int http = FreePort(), agvPort = FreePort();
        var baseUrl = $"http://127.0.0.1:{http}";
        Console.WriteLine($"[{mode}] console on {baseUrl}, AGV port {agvPort}, data in {dir}");

        var console = Start("dotnet", [Path.Combine(Published, "Console.Web.dll"),
            "--urls", baseUrl, "--ConnectionStrings:Console", $"Data Source={Path.Combine(dir, "console.db")}",
            "--Agv:Port", agvPort.ToString(), "--Agv:Bind", "127.0.0.1", "--Agv:RcsKeyFile", Path.Combine(dir, "rcs-sm2.key"),
            "--Agv:ReportPeriodMs", (1000 / hz).ToString(), "--Agv:HeartbeatPeriodMs", "1000", "--Agv:AllowNormalMode", (!secure).ToString(),
            "--Demo:SeedSite", "true", "--Agv:AllowUnknownAgvs", "true", "--Agv:MaxUnknownAgvs", "100000", "--Demo:SimulatedAgvs", "0", "--Demo:Traffic", "false", "--Api:Keys:0", $"load={Key}", "--Logging:LogLevel:Default", "Warning"], Published, "console");
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        await WaitAsync(async () => (await TryGet(client, "/api/v1/health")) is not null, 60, "the console to answer", console);

        // Floors big enough for their AGVs where the simulator puts them: grids 2 m apart.
        const uint mapId = FirstMap;
        int perFloor = (agvs + floors - 1) / floors, columns = (int)Math.Ceiling(Math.Sqrt(perFloor));
        for (uint f = 0; f < floors; f++)
        {
            var imported = await client.PostAsJsonAsync("/api/v1/maps", LoadMap(mapId + f, columns, (perFloor + columns - 1) / columns, 2000));
            if (!imported.IsSuccessStatusCode) throw new InvalidOperationException($"map import: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
        }

        var sim = Path.Combine(root, "Console.Sim", "bin", "Release", "net10.0", "Console.Sim.dll");
        var simArgs = new List<string> { sim, "--port", agvPort.ToString(), "--agvs", agvs.ToString(), "--map", mapId.ToString(), "--floors", floors.ToString(), "--spacing", "2000",
            "--prefix", "LOAD-", "--stats", "5", "--duration", "0" };
        if (secure)
        {
            var rcs = (await client.GetFromJsonAsync<JsonElement>("/api/v1/security/rcs-key"));
            simArgs.AddRange(["--secure", "--profile", "1", "--rcs-key", rcs.GetProperty("publicKey").GetString()!, "--rcs-id", rcs.GetProperty("rcsId").GetString()!,
                "--key-dir", Path.Combine(dir, "sim-keys"), "--enrol", baseUrl, "--api-key", Key]);
        }
        var setup = Stopwatch.StartNew();
        var simulator = Start("dotnet", simArgs, root, "sim");
        await WaitAsync(async () => (await TryGet(client, "/api/v1/health"))?.GetProperty("connectedAgvs").GetInt32() >= agvs, 300,
            $"{agvs} AGVs online", console, simulator);
        var onlineAfter = setup.Elapsed.TotalSeconds;
        Console.WriteLine($"[{mode}] {agvs} AGVs online after {onlineAfter:0.0} s");
        return new Site(console, simulator, client, baseUrl, dir, onlineAfter);

    }

    internal static object LoadMap(uint mapId, int columns, int rows, int spacing)
    {
        uint Id(int c, int r) => mapId * 100_000 + (uint)(r * columns + c + 1);
        var nodes = new List<object>();
        var edges = new List<object>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                nodes.Add(new { id = Id(c, r), x = c * spacing, y = r * spacing, kind = "normal" });
                if (c + 1 < columns) edges.Add(new { from = Id(c, r), to = Id(c + 1, r), bidirectional = true, maxSpeed = 1500 });
                if (r + 1 < rows) edges.Add(new { from = Id(c, r), to = Id(c, r + 1), bidirectional = true, maxSpeed = 1500 });
            }
        return new { mapId, name = $"Load hall {mapId}", building = "Load", floor = (int)mapId, nodes, edges };
    }

    /// <summary>
    /// CPU time of the Chromium processes this harness started (the browser, its renderers, GPU and
    /// utility helpers): the descendants of this process. Other chromiums on a shared machine do not count.
    /// </summary>
    internal static TimeSpan BrowserCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var pid in Descendants(Environment.ProcessId))
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                if (p.ProcessName.StartsWith("chrom", StringComparison.Ordinal)) total += p.TotalProcessorTime;
            }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
        return total;
    }

    /// <summary>Every process below <paramref name="root"/> (Linux: the parent in /proc/[pid]/stat).</summary>
    internal static List<int> Descendants(int root)
    {
        var parent = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parent[pid] = int.Parse(fields[1]);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            int p = queue.Dequeue();
            foreach (var (child, of) in parent)
                if (of == p) { found.Add(child); queue.Enqueue(child); }
        }
        return found;
    }

    internal static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record Viewport(int Width, int Height, string? Renderer);

    internal sealed class Child(Process process, string name) : IDisposable
    {
        private readonly List<string> _lines = [];
        public Process Process { get; } = process;

        public void Attach()
        {
            Process.OutputDataReceived += (_, e) => Add(e.Data);
            Process.ErrorDataReceived += (_, e) => Add(e.Data);
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        private void Add(string? line)
        {
            if (line is null) return;
            lock (_lines) _lines.Add(line);
            if (line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal) || line.StartsWith("[", StringComparison.Ordinal))
                Console.WriteLine($"  {name}: {line}");
        }

        /// <summary>Every line the process has written so far.</summary>
        public string[] Lines()
        {
            lock (_lines) return _lines.ToArray();
        }

        public string Tail()
        {
            lock (_lines) return string.Join("\n", _lines.TakeLast(30));
        }

        /// <summary>The simulator's last line: "Done: N state reports sent, …".</summary>
        public long? SentTotal()
        {
            lock (_lines)
            {
                var done = _lines.LastOrDefault(l => l.StartsWith("Done: ", StringComparison.Ordinal));
                return done is null ? null : long.Parse(done["Done: ".Length..done.IndexOf(' ', "Done: ".Length)]);
            }
        }

        public void Dispose()
        {
            try { if (!Process.HasExited) Process.Kill(true); } catch (InvalidOperationException) { }
            Process.Dispose();
        }
    }

    internal static Child Start(string file, IEnumerable<string> args, string workingDirectory, string name)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var child = new Child(Process.Start(psi)!, name);
        child.Attach();
        return child;
    }

    internal static async Task<int> Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode;
    }

    internal static async Task WaitAsync(Func<Task<bool>> condition, int seconds, string what, params Child[] children)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            foreach (var c in children)
                if (c.Process.HasExited) throw new InvalidOperationException($"waiting for {what}: a process exited with {c.Process.ExitCode}:\n{c.Tail()}");
            if (DateTime.UtcNow > end) throw new TimeoutException($"waited {seconds} s for {what}");
            await Task.Delay(250);
        }
    }

    internal static async Task<JsonElement?> TryGet(HttpClient client, string path)
    {
        try { return await client.GetFromJsonAsync<JsonElement>(path); }
        catch (HttpRequestException) { return null; }
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
