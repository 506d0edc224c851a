using System.Diagnostics;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Benchmarks;

/// <summary>
/// Protocol-level load: an <see cref="AgvServer"/> in this process with a handler that only counts
/// and timestamps state reports, and Console.Sim in a separate process driving N AGVs at the
/// given rate. Reports frames sent vs received, server and simulator CPU, and the latency from the
/// AGV's header timestamp to the handler (same machine, same clock).
/// </summary>
public static class ProtocolLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        int agvs = Arg(args, "--agvs", 2000), hz = Arg(args, "--hz", 10), seconds = Arg(args, "--seconds", 30);
        bool secure = args.Contains("--secure");
        int profile = Arg(args, "--profile", 1);
        var root = FindRoot();
        var keyDir = Path.Combine(Path.GetTempPath(), $"agv-load-keys-{agvs}");
        var rcsKey = Sm2.GenerateKeyPair();
        var handler = new CountingHandler(keyDir, (uint)(1000 / hz));
        await using var server = new AgvServer(new AgvServerOptions
        {
            Port = 0, Bind = "127.0.0.1", RcsKey = rcsKey, ReportPeriodMs = (uint)(1000 / hz), HeartbeatPeriodMs = 1000,
        }, handler);
        server.Start();

        var sim = Path.Combine(root, "Console.Sim", "bin", "Release", "net10.0", "Console.Sim.dll");
        if (!File.Exists(sim)) throw new FileNotFoundException("build it first: dotnet build -c Release Console.Sim", sim);
        var psi = new ProcessStartInfo("dotnet", [sim, "--port", server.Port.ToString(), "--agvs", agvs.ToString(), "--duration", "3600",
            "--stats", "5", "--key-dir", keyDir, "--rcs-key", rcsKey.PublicKeyHex, .. secure ? new[] { "--secure", "--profile", profile.ToString() } : []])
        { RedirectStandardOutput = true };
        if (secure)
        {
            // Keys are created by the simulator on first use; enrol them from its key directory as they appear.
            handler.WatchKeys = true;
        }
        using var simProcess = Process.Start(psi)!;
        var simOutput = new List<string>();
        simProcess.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (simOutput) simOutput.Add(e.Data); };
        simProcess.BeginOutputReadLine();

        Console.WriteLine($"protocol-load: {agvs} AGVs at {hz} Hz, {(secure ? $"secure profile {profile}" : "normal mode")}, {seconds} s measured");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        var setup = Stopwatch.StartNew();
        while (server.OnlineCount < agvs && DateTime.UtcNow < deadline) await Task.Delay(200);
        Console.WriteLine($"online: {server.OnlineCount}/{agvs} after {setup.Elapsed.TotalSeconds:0.0} s ({agvs / setup.Elapsed.TotalSeconds:0} connections/s)");
        if (server.OnlineCount == 0)
        {
            lock (simOutput) foreach (var l in simOutput) Console.WriteLine($"sim: {l}");
            return 1;
        }
        await Task.Delay(3000); // settle

        var me = Process.GetCurrentProcess();
        var cpu0 = me.TotalProcessorTime;
        simProcess.Refresh();
        var simCpu0 = simProcess.TotalProcessorTime;
        handler.StartWindow();
        var sw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var window = handler.EndWindow();
        var elapsed = sw.Elapsed.TotalSeconds;
        me.Refresh();
        simProcess.Refresh();
        double serverCpu = (me.TotalProcessorTime - cpu0).TotalSeconds / elapsed * 100;
        double simCpu = (simProcess.TotalProcessorTime - simCpu0).TotalSeconds / elapsed * 100;

        Console.WriteLine($"state reports received: {window.Count} in {elapsed:0.0} s = {window.Count / elapsed:0} /s (expected {agvs * hz} /s)");
        Console.WriteLine($"latency AGV timestamp → server handler: median {window.Median} ms, p99 {window.P99} ms, max {window.Max} ms");
        Console.WriteLine($"server process CPU: {serverCpu:0} % of one core; simulator process CPU: {simCpu:0} % of one core");
        Console.WriteLine($"server counters: {server.Counters}");

        simProcess.Kill(entireProcessTree: true);
        await simProcess.WaitForExitAsync();
        lock (simOutput) foreach (var l in simOutput.TakeLast(4)) Console.WriteLine($"sim: {l}");
        return 0;
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Console.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Console.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class CountingHandler(string keyDir, uint reportPeriodMs) : IAgvServerHandler
    {
        private int _nextId;
        private long[] _latencies = new long[1 << 22];
        private int _count;
        private volatile bool _recording;
        public bool WatchKeys { get; set; }

        public void StartWindow()
        {
            _count = 0;
            _recording = true;
        }

        public (int Count, long Median, long P99, long Max) EndWindow()
        {
            _recording = false;
            int n = Math.Min(_count, _latencies.Length);
            var l = _latencies[..n];
            Array.Sort(l);
            return n == 0 ? (0, 0, 0, 0) : (_count, l[n / 2], l[(int)(n * 0.99)], l[^1]);
        }

        public AgvEnrolment? FindEnrolment(string serial)
        {
            if (!WatchKeys) return null;
            // The simulator writes each key file with its public key on the second line.
            var path = Path.Combine(keyDir, serial + ".key");
            return File.Exists(path) ? new AgvEnrolment(serial, Convert.FromHexString(File.ReadLines(path).Skip(1).First())) : null;
        }

        public ValueTask<RegistrationDecision> OnRegisterAsync(AgvSession s, Register r) =>
            ValueTask.FromResult(new RegistrationDecision(ResultCode.Ok, (uint)Interlocked.Increment(ref _nextId), 1000, reportPeriodMs, 60_000));

        public void OnRegistered(AgvSession session) { }

        public void OnState(AgvSession session, in State state, ulong timestamp)
        {
            if (!_recording) return;
            int i = Interlocked.Increment(ref _count) - 1;
            if (i < _latencies.Length) _latencies[i] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)timestamp;
        }

        public void OnRunData(AgvSession session, RunData data, ulong timestamp) { }
        public void OnEvent(AgvSession session, EventReport report, ulong timestamp) { }
        public void OnTaskReport(AgvSession session, TaskReport report, ulong timestamp) { }
        public ValueTask<SpaceRequestResponse> OnSpaceRequestAsync(AgvSession session, SpaceRequest request) =>
            ValueTask.FromResult(new SpaceRequestResponse(request.RequestId, SpaceDecision.Granted, request.Space, 0));
        public void OnSpaceRelease(AgvSession session, SpaceRelease release) { }
        public void OnOffline(AgvSession session, OfflineReason reason) { }
        public void OnSecurityEvent(SecurityEvent e) { }
    }
}

