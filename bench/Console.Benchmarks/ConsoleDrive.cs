using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;

namespace AgvConsole.Benchmarks;

/// <summary>
/// The whole console driving a fleet (issue 13): the console as its own process (Release publish, SQLite
/// in a temporary folder, its own API key), a generated rack warehouse imported through POST /api/v1/maps,
/// N simulated AGVs of the demo's three vendors connecting over TCP (the simulator library in this
/// process, so the harness can read their true poses), and transport orders POSTed to /api/v1/orders at a
/// steady rate for a fixed time, then a drain. Prints orders finished per hour, orders stuck, footprint
/// overlaps (from the simulator's poses), the console's CPU (user + system seconds per wall second, from
/// /proc) and memory, and the traffic host's own line (its slowest message).
/// </summary>
public static class ConsoleDrive
{
    private const string Key = "drive-harness-key";
    private const uint MapId = 7;

    /// <summary>The demo's three models (Console.Web/Hosting/DemoSite.Models, which this project does not reference): vendor, model, type, mm/s, footprint.</summary>
    private static readonly (string Vendor, string Model, AgvType Type, int Speed, ushort Length, ushort Width)[] Models =
    [
        ("Acme Robotics", "AR-L600 latent lifter", AgvType.LatentLifting, 1500, 1200, 800),
        ("Kivo", "KF-1200 forklift", AgvType.Forklift, 1200, 2000, 1000),
        ("RoboLift", "RL-R300 roller", AgvType.Roller, 1300, 1200, 800),
    ];

    private static readonly string Published = Path.Combine(Path.GetTempPath(), "agv-console-drive", "published");

    private sealed record Order(long Id, string ExternalId, DateTime PostedAt)
    {
        public string Status = "queued";
        public string? Agv;
        public string? UpdatedAt;
        public TimeSpan? Took; // created → finished, as the console recorded it
        public DateTime ChangedAt = DateTime.UtcNow;
        public bool Ended => Status is "finished" or "failed" or "cancelled";
    }

    public static async Task<int> RunAsync(string[] args)
    {
        int agvs = ProtocolLoad.Arg(args, "--agvs", 200), minutes = ProtocolLoad.Arg(args, "--minutes", 5), hz = ProtocolLoad.Arg(args, "--hz", 10);
        int perMinute = ProtocolLoad.Arg(args, "--orders-per-minute", Math.Max(1, agvs / 4)), drainMinutes = ProtocolLoad.Arg(args, "--drain-minutes", 5);
        int seed = ProtocolLoad.Arg(args, "--seed", 2026);
        var root = ProtocolLoad.FindRoot();
        if (!args.Contains("--no-build"))
        {
            Console.WriteLine("building and publishing Console.Web (Release)…");
            if (await ConsoleLoad.Run("dotnet", ["publish", Path.Combine(root, "Console.Web"), "-c", "Release", "--nologo", "-v", "q", "-o", Published], root) != 0)
                throw new InvalidOperationException("publishing Console.Web failed");
        }

        var warehouse = WarehouseLayout.ForFleet(MapId, agvs);
        var map = warehouse.Map;
        Console.WriteLine($"site: {map.Name}, {map.Nodes.Count} nodes, {map.Edges.Count} edges, {warehouse.Stations.Count} stations, {warehouse.Chargers.Count} chargers, " +
                          $"{(map.Bounds.MaxX - map.Bounds.MinX) / 1000.0:0} × {(map.Bounds.MaxY - map.Bounds.MinY) / 1000.0:0} m");

        var dir = Path.Combine(Path.GetTempPath(), "agv-console-drive", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        int http = ConsoleLoad.FreePort(), agvPort = ConsoleLoad.FreePort();
        var baseUrl = $"http://127.0.0.1:{http}";
        using var console = ConsoleLoad.Start("dotnet", [Path.Combine(Published, "Console.Web.dll"),
            "--urls", baseUrl, "--ConnectionStrings:Console", $"Data Source={Path.Combine(dir, "console.db")}",
            "--Agv:Port", agvPort.ToString(), "--Agv:Bind", "127.0.0.1", "--Agv:RcsKeyFile", Path.Combine(dir, "rcs-sm2.key"),
            "--Agv:ReportPeriodMs", (1000 / hz).ToString(), "--Agv:HeartbeatPeriodMs", "1000",
            "--Demo:SeedSite", "false", "--Agv:AllowUnknownAgvs", "true", "--Agv:MaxUnknownAgvs", "100000", "--Demo:SimulatedAgvs", "0", "--Demo:Traffic", "false",
            "--Api:Keys:0", $"drive={Key}", "--Logging:LogLevel:Default", "Warning"], Published, "console");
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        FleetSimulator? sim = null;
        bool keep = false;
        try
        {
            Console.WriteLine($"console pid {console.Process.Id} on {baseUrl}, AGV port {agvPort}, data in {dir}");
            await ConsoleLoad.WaitAsync(async () => (await ConsoleLoad.TryGet(client, "/api/v1/health")) is not null, 90, "the console to answer", console);
            var imported = await client.PostAsJsonAsync("/api/v1/maps", MapJson(map));
            if (!imported.IsSuccessStatusCode) throw new InvalidOperationException($"map import: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");

            // The fleet, spread evenly over the aisles and cross-aisles.
            var fleet = Fleet(warehouse, agvs);
            sim = new FleetSimulator(new FleetSimulatorOptions { Host = "127.0.0.1", Port = agvPort }, fleet);
            var setup = Stopwatch.StartNew();
            sim.Start();
            await ConsoleLoad.WaitAsync(async () => (await ConsoleLoad.TryGet(client, "/api/v1/health"))?.GetProperty("connectedAgvs").GetInt32() >= agvs, 300, $"{agvs} AGVs online", console);
            Console.WriteLine($"{agvs} AGVs online after {setup.Elapsed.TotalSeconds:0.0} s; letting them settle 5 s");
            await Task.Delay(5000);

            var watch = new ConsoleDriveWatch(sim.Agvs);
            using var stopWatch = new CancellationTokenSource();
            var watching = Task.Run(() => watch.RunAsync(stopWatch.Token));
            var samples = new List<Sample>();
            var sampling = Task.Run(() => SampleAsync(client, console.Process.Id, samples, stopWatch.Token));

            // Orders at a steady rate: deliveries from one station to another, priority 0–9.
            var rng = new Random(seed);
            var orders = new List<Order>();
            var postLatencies = new List<double>();
            int refused = 0;
            var start = DateTime.UtcNow;
            var cpu0 = ProcCpu(console.Process.Id);
            var self0 = Process.GetCurrentProcess().TotalProcessorTime;
            var ended0 = await Metrics(client);
            var clock = Stopwatch.StartNew();
            int total = perMinute * minutes;
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} posting {total} orders over {minutes} min ({perMinute}/min)");
            for (int i = 0; i < total; i++)
            {
                var due = TimeSpan.FromMinutes(i / (double)perMinute);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                uint from = warehouse.Stations[rng.Next(warehouse.Stations.Count)], to = warehouse.Stations[rng.Next(warehouse.Stations.Count)];
                while (to == from) to = warehouse.Stations[rng.Next(warehouse.Stations.Count)];
                var externalId = $"DRV-{seed}-{i}";
                var sent = Stopwatch.StartNew();
                var response = await client.PostAsJsonAsync("/api/v1/orders", new { externalId, fromNodeId = from, toNodeId = to, type = "deliver", priority = rng.Next(10) });
                postLatencies.Add(sent.Elapsed.TotalMilliseconds);
                if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                {
                    if (refused++ < 5) Console.WriteLine($"order {externalId} refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                orders.Add(new Order((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetInt64(), externalId, DateTime.UtcNow));
            }
            var postingEnd = DateTime.UtcNow;
            var cpuPosting = ProcCpu(console.Process.Id);
            var selfPosting = Process.GetCurrentProcess().TotalProcessorTime;
            var endedPosting = await Metrics(client);
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} posted {orders.Count} orders ({refused} refused) in {(postingEnd - start).TotalSeconds:0} s; finished so far {endedPosting.Finished - ended0.Finished}");

            // Drain: until every order ended, or nothing finished for 2 minutes, or the drain's time is up.
            // Each open order is looked at every 20 s; an order progresses when its status changes or its AGV reaches a new node.
            var drainEnd = DateTime.UtcNow.AddMinutes(drainMinutes);
            long lastFinished = -1;
            var lastFinishChange = DateTime.UtcNow;
            while (true)
            {
                await PollAsync(client, orders, watch);
                int open = orders.Count(o => !o.Ended);
                long finished = orders.Count(o => o.Status == "finished");
                if (finished != lastFinished) (lastFinished, lastFinishChange) = (finished, DateTime.UtcNow);
                Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} drain: {open} open ({string.Join(", ", orders.Where(o => !o.Ended).GroupBy(o => o.Status).Select(g => $"{g.Count()} {g.Key}"))}), {finished} finished");
                if (open == 0 || DateTime.UtcNow > drainEnd || DateTime.UtcNow - lastFinishChange > TimeSpan.FromMinutes(2)) break;
                await Task.Delay(20_000);
            }
            var end = DateTime.UtcNow;
            var cpuEnd = ProcCpu(console.Process.Id);
            var selfEnd = Process.GetCurrentProcess().TotalProcessorTime;
            var system = await client.GetFromJsonAsync<JsonElement>("/api/v1/system");
            stopWatch.Cancel();
            await watching;
            await sampling;

            // Stuck: open at the end, and neither its status nor its AGV's node changed for 2 minutes.
            var stuck = orders.Where(o => !o.Ended && end - o.ChangedAt >= TimeSpan.FromMinutes(2)
                                          && (o.Agv is null || end - watch.LastNewNode(o.Agv) >= TimeSpan.FromMinutes(2))).ToList();
            int finishedAll = orders.Count(o => o.Status == "finished"), failed = orders.Count(o => o.Status == "failed"), cancelled = orders.Count(o => o.Status == "cancelled");
            double postingH = (postingEnd - start).TotalHours, wholeH = (end - start).TotalHours;
            postLatencies.Sort();
            double Pct(List<double> l, double q) => l.Count == 0 ? 0 : l[Math.Min(l.Count - 1, (int)(l.Count * q))];
            double moving = watch.Samples == 0 ? 0 : watch.MovingSamples / (double)(watch.Samples * agvs) * 100;

            Console.WriteLine();
            Console.WriteLine($"console-drive: {agvs} AGVs at {hz} Hz, {perMinute} orders/min for {minutes} min (+ drain ≤ {drainMinutes} min), {Environment.ProcessorCount} cores, " +
                              $"{start:yyyy-MM-dd HH:mm}–{end:HH:mm} UTC, load average at the end {ConsoleLoad.LoadAverage()}");
            Console.WriteLine($"site: {map.Nodes.Count} nodes ({warehouse.Stations.Count} stations), {agvs / (double)map.Nodes.Count * 100:0} % of the nodes occupied");
            Console.WriteLine("| AGVs | orders posted | finished (posting window / whole run) | finished per hour (posting window / whole run) | open at the end | stuck | failed / cancelled | overlaps | AGVs moving | console CPU (posting / whole) | console memory (max RSS / GC heap at end) | harness + simulator CPU | POST p50 / p99 |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine($"| {agvs} | {orders.Count} | {endedPosting.Finished - ended0.Finished} / {finishedAll} | {(endedPosting.Finished - ended0.Finished) / postingH:N0} / {finishedAll / wholeH:N0} | " +
                              $"{orders.Count(o => !o.Ended)} | **{stuck.Count}** | {failed} / {cancelled} | **{watch.OverlapEvents}** | {moving:0} % | " +
                              $"{(cpuPosting - cpu0) / (postingEnd - start).TotalSeconds * 100:0} % / {(cpuEnd - cpu0) / (end - start).TotalSeconds * 100:0} % | " +
                              $"{samples.Select(s => s.RssMb).DefaultIfEmpty(0).Max()} MB / {system.GetProperty("process").GetProperty("gcHeapBytes").GetInt64() >> 20} MB | " +
                              $"{(selfEnd - self0).TotalSeconds / (end - start).TotalSeconds * 100:0} % | {Pct(postLatencies, 0.5):0} / {Pct(postLatencies, 0.99):0} ms |");
            var took = orders.Where(o => o.Took is not null).Select(o => o.Took!.Value.TotalSeconds).Order().ToList();
            Console.WriteLine($"order time, created → finished (finished orders): median {Pct(took, 0.5):0} s, p90 {Pct(took, 0.9):0} s, max {Pct(took, 1):0} s");
            Console.WriteLine($"overlap watch: {watch.Samples} samples every {ConsoleDriveWatch.Period.TotalMilliseconds:0} ms, longest sample {watch.LongestSampleMs:0} ms");
            foreach (var o in watch.Overlaps.Take(10)) Console.WriteLine("overlap: " + o);
            Console.WriteLine($"traffic host: {system.GetProperty("traffic").GetString()}");
            Console.WriteLine("timeline (every 30 s): t | console CPU | RSS | open orders (queued/assigned/running) | finished | AGVs waiting | longest wait");
            foreach (var s in samples.Where((_, i) => i % 3 == 0))
                Console.WriteLine($"  {s.T,5:0} s | {s.CpuPct,4:0} % | {s.RssMb} MB | {s.Queued}/{s.Assigned}/{s.Running} | {s.Finished} | {s.Waiting} | {s.LongestWaitS:0} s");
            Console.WriteLine($"simulator: {sim.Reconnects} reconnects, {sim.ConnectFailures} connect failures, {sim.Counters.Timeouts} timeouts");
            var lines = console.Lines();
            var failures = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains("fail:", StringComparison.Ordinal)).ToList();
            Console.WriteLine($"console: {failures.Count} errors logged");
            foreach (int i in failures.Take(3)) Console.WriteLine("  " + string.Join("\n  ", lines.Skip(i).Take(3)));
            foreach (var o in stuck.Take(10))
                Console.WriteLine($"stuck: order {o.Id} ({o.ExternalId}) {o.Status} AGV {o.Agv ?? "-"} unchanged since {o.ChangedAt:HH:mm:ss}, AGV's last new node at {(o.Agv is null ? "-" : watch.LastNewNode(o.Agv).ToString("HH:mm:ss"))}");
            bool passed = stuck.Count == 0 && watch.OverlapEvents == 0;
            // A failed run keeps its database (the audit log has every command sent to each AGV) for the post-mortem.
            if (!passed) keep = true;
            return passed ? 0 : 1;
        }
        catch (Exception e)
        {
            Console.WriteLine($"console-drive failed: {e.Message}\nconsole's last lines:\n{console.Tail()}");
            keep = true;
            return 2;
        }
        finally
        {
            if (sim is not null) await sim.DisposeAsync();
            console.Dispose(); // the console first: its database is then closed
            if (keep) Console.WriteLine($"kept the console's database for the post-mortem: {dir}");
            else try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static List<SimulatedAgvOptions> Fleet(WarehouseLayout.Warehouse warehouse, int agvs)
    {
        var places = warehouse.StartPlaces;
        if (places.Count < agvs) throw new InvalidOperationException($"the site has {places.Count} start places for {agvs} AGVs");
        var list = new List<SimulatedAgvOptions>();
        for (int i = 0; i < agvs; i++)
        {
            var node = warehouse.Map.Node(places[(int)((long)i * places.Count / agvs)])!;
            var m = Models[i % Models.Length];
            list.Add(new SimulatedAgvOptions
            {
                Serial = $"DRV-{i + 1:D4}", Vendor = m.Vendor, Model = m.Model, AgvType = m.Type, MaxSpeed = m.Speed, LengthMm = m.Length, WidthMm = m.Width,
                MapId = MapId, StartNodeId = node.Id, StartPose = new Pose(node.X, node.Y, 0),
                // Full enough that a run of minutes needs no charging (this measures transport orders, not the charging manager).
                StartBatteryPct = (byte)(85 + i % 15), Seed = i + 1,
            });
        }
        return list;
    }

    private static object MapJson(SiteMap m) => new
    {
        mapId = m.MapId, name = m.Name, building = m.Building, floor = m.Floor,
        nodes = m.Nodes.Select(n => new { id = n.Id, x = n.X, y = n.Y, kind = JsonNamingPolicy.CamelCase.ConvertName(n.Kind.ToString()), name = n.Name }),
        edges = m.Edges.Select(e => new { from = e.From, to = e.To, bidirectional = e.Bidirectional, maxSpeed = e.MaxSpeed }),
    };

    /// <summary>Reads every open order (GET /api/v1/orders/{id}); remembers when its status or update time last changed.</summary>
    private static async Task PollAsync(HttpClient client, List<Order> orders, ConsoleDriveWatch watch)
    {
        foreach (var o in orders.Where(o => !o.Ended))
        {
            var dto = await client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{o.Id}");
            var status = dto.GetProperty("status").GetString()!;
            var updated = dto.TryGetProperty("updatedAt", out var u) ? u.ToString() : null;
            var agv = dto.TryGetProperty("agvSerial", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (status != o.Status || updated != o.UpdatedAt) o.ChangedAt = DateTime.UtcNow;
            if (status == "finished" && DateTimeOffset.TryParse(updated, out var at) && DateTimeOffset.TryParse(dto.GetProperty("createdAt").ToString(), out var created))
                o.Took = at - created;
            (o.Status, o.UpdatedAt, o.Agv) = (status, updated, agv);
        }
    }

    private sealed record Sample(double T, double CpuPct, long RssMb, long Queued, long Assigned, long Running, long Finished, double Waiting, double LongestWaitS);

    private sealed record OrderCounts(long Finished, long Queued, long Assigned, long Running, double Waiting, double LongestWaitS);

    /// <summary>Every 10 s: the console's CPU and RSS from /proc, open orders and traffic waits from /metrics.</summary>
    private static async Task SampleAsync(HttpClient client, int pid, List<Sample> samples, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        double lastCpu = ProcCpu(pid), lastT = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(10_000, stop);
                double cpu = ProcCpu(pid), t = clock.Elapsed.TotalSeconds;
                var m = await Metrics(client);
                lock (samples) samples.Add(new Sample(t, (cpu - lastCpu) / (t - lastT) * 100, RssMb(pid), m.Queued, m.Assigned, m.Running, m.Finished, m.Waiting, m.LongestWaitS));
                (lastCpu, lastT) = (cpu, t);
            }
        }
        catch (OperationCanceledException) { }
        catch (HttpRequestException e) { Console.WriteLine($"sampling stopped: {e.Message}"); }
    }

    /// <summary>The console's own meters in Prometheus text (GET /metrics with the API key).</summary>
    private static async Task<OrderCounts> Metrics(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        double Value(string name, string? label = null)
        {
            double sum = 0;
            foreach (var line in text.Split('\n'))
                if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is '{' or ' ')
                    && (label is null || line.Contains(label, StringComparison.Ordinal)))
                    sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return sum;
        }
        string Name(string prefix) => text.Split('\n').Select(l => l.Split('{', ' ')[0]).FirstOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal)) ?? prefix;
        return new OrderCounts((long)Value(Name("agvconsole_orders_ended"), "status=\"finished\""), (long)Value(Name("agvconsole_orders_open"), "status=\"queued\""),
            (long)Value(Name("agvconsole_orders_open"), "status=\"assigned\""), (long)Value(Name("agvconsole_orders_open"), "status=\"running\""),
            Value(Name("agvconsole_traffic_waiting")), Value(Name("agvconsole_traffic_wait_longest")));
    }

    /// <summary>User + system CPU seconds of a process, from /proc/[pid]/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static double ProcCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static long RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        return 0;
    }
}
