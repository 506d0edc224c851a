using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Sim;

// Console.Sim: N simulated AGVs against a console, for demos and load tests.
//   dotnet run --project Console.Sim -- --host 127.0.0.1 --port 7070 --agvs 50 [--secure]
var options = SimCommandLine.Parse(args);
if (options is null)
{
    SimCommandLine.PrintUsage();
    return 2;
}

var agvs = SimCommandLine.BuildFleet(options);
if (options.Secure && options.EnrolUrl is not null)
    await Enrolment.EnrolAsync(options, agvs);

var sim = new FleetSimulator(new FleetSimulatorOptions
{
    Host = options.Host,
    Port = options.Port,
    RcsId = options.RcsId,
    RcsPublicKey = options.RcsPublicKey,
}, agvs);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
// SIGTERM (a service manager, `kill`, the load harness) stops it the same way, so the total is printed: the default would end the process at once.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
if (options.DurationS > 0) stop.CancelAfter(TimeSpan.FromSeconds(options.DurationS));

Console.WriteLine($"Simulating {agvs.Count} AGVs against {options.Host}:{options.Port} in {(options.Secure ? $"secure mode (profile {(int)options.Profile})" : "normal mode")}. Ctrl+C stops.");
sim.Start();
var clock = Stopwatch.StartNew();
long lastSent = 0;
double lastT = 0;
try
{
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(options.StatsS), stop.Token);
        long sent = sim.StatesSent;
        double t = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"[{t,6:0}s] connected {sim.Connected}/{agvs.Count}  states {sent} ({(sent - lastSent) / (t - lastT):0}/s)  " +
                          $"skipped {sim.StatesSkipped}  reconnects {sim.Reconnects}  connect failures {sim.ConnectFailures}  timeouts {sim.Counters.Timeouts}");
        lastSent = sent;
        lastT = t;
    }
}
catch (OperationCanceledException) { }
// Stop every AGV before counting: the total is then exactly what went out (the load harness compares it with what the console received).
await sim.DisposeAsync();
Console.WriteLine($"Done: {sim.StatesSent} state reports sent, {sim.Counters.FramesOut} frames out, {sim.Counters.FramesIn} frames in.");
return 0;

namespace AgvConsole.Sim
{
    internal sealed record SimOptions(
        string Host, int Port, int Agvs, bool Secure, IntegrityProfile Profile, string RcsId, byte[]? RcsPublicKey,
        string KeyDir, string Prefix, string[] Vendors, int DurationS, int StatsS, uint MapId, int SpacingMm, string? EnrolUrl, string? ApiKey, int Floors = 1);

    internal static class SimCommandLine
    {
        public static void PrintUsage() => Console.Error.WriteLine("""
            usage: Console.Sim [--host 127.0.0.1] [--port 7070] [--agvs 50] [--secure] [--profile 0|1]
                               [--rcs-key HEX] [--rcs-id RCS] [--key-dir sim-keys] [--prefix SIM-]
                               [--vendors SimWorks,RoboLift,Kivo] [--map 1] [--floors 1] [--spacing 2000]
                               [--duration SECONDS] [--stats SECONDS]
                               [--enrol http://localhost:5000 --api-key KEY]   (secure: enrol the AGVs' keys first)
            """);

        public static SimOptions? Parse(string[] args)
        {
            var o = new SimOptions("127.0.0.1", 7070, 50, false, IntegrityProfile.SignedAndMac, "RCS", null, "sim-keys", "SIM-",
                ["SimWorks", "RoboLift", "Kivo"], 0, 5, 1, 2000, null, null);
            try
            {
                for (int i = 0; i < args.Length; i++)
                {
                    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                    o = args[i] switch
                    {
                        "--host" => o with { Host = Next() },
                        "--port" => o with { Port = int.Parse(Next()) },
                        "--agvs" => o with { Agvs = int.Parse(Next()) },
                        "--secure" => o with { Secure = true },
                        "--profile" => o with { Profile = (IntegrityProfile)byte.Parse(Next()) },
                        "--rcs-key" => o with { RcsPublicKey = Convert.FromHexString(Next()) },
                        "--rcs-id" => o with { RcsId = Next() },
                        "--key-dir" => o with { KeyDir = Next() },
                        "--prefix" => o with { Prefix = Next() },
                        "--vendors" => o with { Vendors = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                        "--duration" => o with { DurationS = int.Parse(Next()) },
                        "--stats" => o with { StatsS = Math.Max(1, int.Parse(Next())) },
                        "--map" => o with { MapId = uint.Parse(Next()) },
                        "--floors" => o with { Floors = Math.Max(1, int.Parse(Next())) }, // maps --map … --map + floors − 1, AGVs dealt round
                        "--spacing" => o with { SpacingMm = int.Parse(Next()) },
                        "--enrol" => o with { EnrolUrl = Next() },
                        "--api-key" => o with { ApiKey = Next() },
                        "-h" or "--help" => null,
                        _ => throw new ArgumentException($"unknown option {args[i]}"),
                    };
                    if (o is null) return null;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
            return o.Agvs < 1 ? null : o;
        }

        /// <summary>AGVs on a grid, vendors and types mixed; in secure mode each with a key kept in the key directory.</summary>
        public static List<SimulatedAgvOptions> BuildFleet(SimOptions o)
        {
            if (o.Secure) Directory.CreateDirectory(o.KeyDir);
            // AGVs are dealt round the floors (maps MapId, MapId + 1, …) and stand in a grid on each.
            int columns = (int)Math.Ceiling(Math.Sqrt(Math.Ceiling(o.Agvs / (double)o.Floors)));
            AgvType[] types = [AgvType.LatentLifting, AgvType.Forklift, AgvType.Roller];
            var list = new List<SimulatedAgvOptions>();
            for (int i = 0; i < o.Agvs; i++)
            {
                string serial = $"{o.Prefix}{i + 1:D4}";
                list.Add(new SimulatedAgvOptions
                {
                    Serial = serial,
                    Vendor = o.Vendors[i % o.Vendors.Length],
                    AgvType = types[i % types.Length],
                    MapId = o.MapId + (uint)(i % o.Floors),
                    StartPose = new Pose(i / o.Floors % columns * o.SpacingMm, i / o.Floors / columns * o.SpacingMm, 0),
                    Mode = o.Secure ? AccessMode.Secure : AccessMode.Normal,
                    Key = o.Secure ? Sm2KeyPair.LoadOrCreate(Path.Combine(o.KeyDir, serial + ".key")) : null,
                    Integrity = o.Profile,
                    Seed = i + 1,
                });
            }
            if (o.Secure)
                File.WriteAllLines(Path.Combine(o.KeyDir, "enrolment.csv"),
                    ["serial,vendor,publicKey", .. list.Select(a => $"{a.Serial},{a.Vendor},{a.Key!.PublicKeyHex}")]);
            return list;
        }
    }

    internal static class Enrolment
    {
        /// <summary>Enrols every AGV's key through the console's REST API (POST /api/v1/agvs; 409 means already enrolled).</summary>
        public static async Task EnrolAsync(SimOptions o, IEnumerable<SimulatedAgvOptions> agvs)
        {
            using var http = new HttpClient { BaseAddress = new Uri(o.EnrolUrl!) };
            if (o.ApiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", o.ApiKey);
            foreach (var a in agvs)
            {
                var r = await http.PostAsJsonAsync("/api/v1/agvs", new
                {
                    serial = a.Serial, vendor = a.Vendor, agvType = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(a.AgvType.ToString()), publicKey = a.Key!.PublicKeyHex,
                });
                if (!r.IsSuccessStatusCode && (int)r.StatusCode != 409)
                    Console.Error.WriteLine($"enrolling {a.Serial}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
        }
    }
}
