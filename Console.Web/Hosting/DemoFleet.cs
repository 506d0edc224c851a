using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Web.Options;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Demo:SimulatedAgvs simulated AGVs inside the console process. They connect to the AGV port over
/// real TCP like any vendor's AGV (no shortcut), start where they were last seen, and the demo
/// traffic sends them around the site.
/// </summary>
public sealed class DemoFleet(
    IOptions<DemoOptions> demo,
    AgvListener listener,
    FleetRegistry registry,
    SiteMaps maps,
    DemoTraffic traffic,
    ILogger<DemoFleet> logger) : BackgroundService
{
    public FleetSimulator? Simulator { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int count = demo.Value.SimulatedAgvs;
        if (count <= 0) return;
        var agvs = Build(count).ToList();
        await using var sim = new FleetSimulator(new FleetSimulatorOptions
        {
            Host = "127.0.0.1",
            Port = listener.Server.Port,
            RcsId = listener.RcsId,
            RcsPublicKey = listener.RcsKey?.PublicKeyBytes,
        }, agvs, logger);
        Simulator = sim;
        sim.Start();
        logger.LogInformation("Started {Count} simulated AGVs against 127.0.0.1:{Port}", count, listener.Server.Port);
        try
        {
            if (demo.Value.Traffic) await traffic.RunAsync(stoppingToken);
            else await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) { }
        Simulator = null;
    }

    private IEnumerable<SimulatedAgvOptions> Build(int count)
    {
        var taken = new HashSet<uint>();
        var allNodes = maps.All.SelectMany(m => m.Nodes.Where(n => n.Kind is MapNodeKind.Normal or MapNodeKind.Parking).Select(n => (Map: m, Node: n))).ToList();
        for (int i = 0; i < count; i++)
        {
            string serial = $"{DemoSite.SerialPrefix}{i + 1:D2}";
            var v = registry.Find(serial);
            var known = DemoSite.Fleet().FirstOrDefault(f => f.Serial == serial);
            var model = DemoSite.Models[(known.Serial is null ? i : known.Model) % DemoSite.Models.Length];
            // Where it was last seen (a restarted console finds its AGVs where they stood), else a free node.
            (SiteMap Map, MapNode Node)? start = null;
            if (v is not null && maps.Find(v.State.MapId) is { } lastMap)
            {
                var p = v.State.Pose;
                var nearest = lastMap.Nodes.Where(n => !taken.Contains(n.Id)).MinBy(n => Math.Pow(n.X - p.X, 2) + Math.Pow(n.Y - p.Y, 2));
                if (nearest is not null) start = (lastMap, nearest);
            }
            // A new AGV starts on the map with the most room per AGV, as far as it can from the others.
            start ??= allNodes.Where(x => !taken.Contains(x.Node.Id))
                .OrderBy(x => (double)taken.Count(t => x.Map.Contains(t)) / x.Map.Nodes.Count)
                .ThenByDescending(x => taken.Where(x.Map.Contains).Select(t => SiteMap.Distance(x.Map.Node(t)!, x.Node)).DefaultIfEmpty(double.MaxValue).Min())
                .Select(x => ((SiteMap Map, MapNode Node)?)x).FirstOrDefault();
            if (start is null) yield break;
            taken.Add(start.Value.Node.Id);
            yield return new SimulatedAgvOptions
            {
                Serial = serial,
                Vendor = v?.Vendor is { Length: > 0 } vendor ? vendor : model.Vendor,
                Model = model.Model,
                AgvType = model.Type,
                MaxSpeed = model.Speed,
                LengthMm = (ushort)(model.Type == AgvType.Forklift ? 2000 : 1200),
                WidthMm = (ushort)(model.Type == AgvType.Forklift ? 1000 : 800),
                MapId = start.Value.Map.MapId,
                StartNodeId = start.Value.Node.Id,
                StartPose = new Pose(start.Value.Node.X, start.Value.Node.Y, 0),
                StartBatteryPct = (byte)(60 + i * 37 % 40),
                Seed = i + 1,
                TimeScale = demo.Value.TimeScale > 0 ? demo.Value.TimeScale : 1,
            };
        }
    }
}
