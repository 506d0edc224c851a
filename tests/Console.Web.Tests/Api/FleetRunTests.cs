using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AgvConsole.Web.Tests.Api;

/// <summary>
/// The whole RCS at work: 30 simulated AGVs of the demo site's three vendors (latent lifters,
/// forklifts, rollers), connected over TCP, run 300 transport orders sent through the REST API
/// as a WMS would. Every order must finish, and the AGVs' footprints (each AGV's own length and
/// width at its reported pose) must never overlap, sampled every 20 ms. The simulated clock runs
/// 4× faster (Demo:TimeScale) so the run fits in the suite; the protocol's timing does not change.
/// </summary>
public sealed class FleetRunTests(ITestOutputHelper output)
{
    private const int Agvs = 30, Orders = 300;

    [Fact]
    public async Task Thirty_agvs_of_three_vendors_finish_300_orders_without_a_collision()
    {
        await using var factory = new ConsoleFactory(simulatedAgvs: Agvs, settings: new() { ["Demo:TimeScale"] = "4" });
        var client = factory.CreateClient();
        var services = factory.Services;
        var registry = services.GetRequiredService<FleetRegistry>();
        var maps = services.GetRequiredService<SiteMaps>();

        var end = DateTime.UtcNow.AddSeconds(60);
        while (registry.All.Count(v => v.Online && v.State.AgvState == AgvState.Idle && maps.MapOfNode(v.State.LastNodeId) is not null) < Agvs)
        {
            if (DateTime.UtcNow > end) Assert.Fail($"only {registry.All.Count(v => v.Online)} of {Agvs} AGVs came online");
            await Task.Delay(200);
        }
        Assert.Equal(3, registry.All.Select(v => v.Vendor).Distinct().Count());

        var trips = services.GetRequiredService<VehicleCommands>().Trips;
        output.WriteLine($"start {DateTime.UtcNow:HH:mm:ss.fff}");
        // Collision watch: footprints of AGVs on the same map must never overlap.
        var collisions = new List<string>();
        long samples = 0;
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var snap = registry.All.Select(v => v.Snapshot()).Where(s => s.State.MapId != 0).ToList();
                for (int i = 0; i < snap.Count; i++)
                    for (int j = i + 1; j < snap.Count; j++)
                        if (snap[i].State.MapId == snap[j].State.MapId && Overlap(snap[i], snap[j]))
                            lock (collisions) collisions.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {snap[i].Serial} at {snap[i].State.Pose} last {snap[i].State.LastNodeId} {snap[i].State.AgvState} holds {string.Join(",", trips.HeldBy(snap[i].Serial))} trip {string.Join(",", trips.Of(snap[i].Serial)?.Route ?? [])} and {snap[j].Serial} at {snap[j].State.Pose} last {snap[j].State.LastNodeId} {snap[j].State.AgvState} holds {string.Join(",", trips.HeldBy(snap[j].Serial))} trip {string.Join(",", trips.Of(snap[j].Serial)?.Route ?? [])}");
                samples++;
                await Task.Delay(20);
            }
        });

        // 300 orders on the floors the AGVs are on, half of them two-leg deliveries.
        var rng = new Random(2026);
        var perFloor = registry.All.GroupBy(v => v.State.MapId).ToDictionary(g => g.Key, g => g.Count());
        var stops = maps.All.ToDictionary(m => m.MapId, m => m.Nodes.Where(n => n.Kind is MapNodeKind.Normal or MapNodeKind.Parking).Select(n => n.Id).ToArray());
        var floors = perFloor.SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).ToArray();
        var ids = new List<long>();
        for (int i = 0; i < Orders; i++)
        {
            var nodes = stops[floors[rng.Next(floors.Length)]];
            uint to = nodes[rng.Next(nodes.Length)], from = nodes[rng.Next(nodes.Length)];
            while (from == to) from = nodes[rng.Next(nodes.Length)];
            object body = i % 2 == 0
                ? new { externalId = $"WMS-{i}", fromNodeId = from, toNodeId = to, type = "deliver", priority = rng.Next(10) }
                : new { externalId = $"WMS-{i}", toNodeId = to, type = i % 3 == 0 ? "pickup" : "move", priority = rng.Next(10) };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetInt64());
        }

        var dispatcher = services.GetRequiredService<AgvConsole.Fleet.Orders.Dispatcher>();
        var started = DateTime.UtcNow;
        end = started.AddMinutes(Orders / 25.0);
        // A jam fails the run early: no order ended for two minutes while orders are open.
        int lastOpen = dispatcher.Open.Count;
        var lastChange = DateTime.UtcNow;
        while (dispatcher.Open.Count > 0 && DateTime.UtcNow < end && DateTime.UtcNow - lastChange < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
            if (dispatcher.Open.Count != lastOpen) (lastOpen, lastChange) = (dispatcher.Open.Count, DateTime.UtcNow);
        }
        output.WriteLine($"traffic host: {trips.Health()}");
        var took = DateTime.UtcNow - started;
        stop.Cancel();
        await watch;

        var statuses = new Dictionary<string, int>();
        var failures = new List<string>();
        foreach (var id in ids)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{id}");
            request.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
            var order = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            var status = order.GetProperty("status").GetString()!;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status != "finished") failures.Add($"{id}: {status} {order.GetProperty("error")}");
        }
        output.WriteLine($"{Orders} orders in {took.TotalSeconds:0} s; {string.Join(", ", statuses.Select(kv => $"{kv.Value} {kv.Key}"))}; " +
                         $"{samples} collision samples, {collisions.Count} collisions; {trips.Waiting.Count} AGVs waiting at the end");
        foreach (var c in collisions.Take(5)) output.WriteLine("collision: " + c);
        string Dump() => string.Join("\n", registry.All.OrderBy(v => v.Serial).Select(v => trips.Of(v.Serial) is { } t
            ? $"{v.Serial} {v.State.AgvState} at {v.State.LastNodeId} task {v.State.TaskId}: trip {t.Id} ({t.Actor}) to {t.Target} waits {v.Wait?.Text} unreachable {t.Unreachable} at goal {t.AtGoal} goal task {t.GoalTask} done {t.TaskDone} holds {string.Join(",", trips.HeldBy(v.Serial))}"
            : $"{v.Serial} {v.State.AgvState} at {v.State.LastNodeId} battery {v.State.BatteryPct} no trip, holds {string.Join(",", trips.HeldBy(v.Serial))}"));
        if (failures.Count > 0)
        {
            output.WriteLine(await trips.DescribeAsync());
            // What the console last sent each AGV that still has a trip: the way to a jam's cause.
            var audit = services.GetRequiredService<AgvConsole.Fleet.Persistence.IAuditSink>();
            foreach (var v in registry.All.Where(v => trips.Of(v.Serial) is not null).OrderBy(v => v.Serial))
                foreach (var a in (await audit.RecentAsync(8, v.Serial)).Reverse())
                    output.WriteLine($"audit {v.Serial} {a.At:HH:mm:ss.fff} {a.Actor} {a.Action}: {a.Detail} -> {a.Outcome}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)) + "\n" + Dump());
        Assert.Empty(collisions);
        Assert.True(samples > 1000, $"only {samples} samples");
    }

    /// <summary>Whether two AGVs' footprints (oriented rectangles) overlap: separating-axis test.</summary>
    private static bool Overlap(VehicleSnapshot a, VehicleSnapshot b)
    {
        var pa = Corners(a);
        var pb = Corners(b);
        foreach (var poly in new[] { pa, pb })
            for (int i = 0; i < 4; i++)
            {
                var (x1, y1) = poly[i];
                var (x2, y2) = poly[(i + 1) % 4];
                double nx = y2 - y1, ny = x1 - x2;
                double minA = pa.Min(p => p.X * nx + p.Y * ny), maxA = pa.Max(p => p.X * nx + p.Y * ny);
                double minB = pb.Min(p => p.X * nx + p.Y * ny), maxB = pb.Max(p => p.X * nx + p.Y * ny);
                if (maxA < minB || maxB < minA) return false;
            }
        return true;
    }

    private static (double X, double Y)[] Corners(VehicleSnapshot v)
    {
        double t = v.State.Pose.Theta / 1000.0, c = Math.Cos(t), s = Math.Sin(t), hl = v.LengthMm / 2.0, hw = v.WidthMm / 2.0;
        return new[] { (hl, hw), (-hl, hw), (-hl, -hw), (hl, -hw) }.Select(p => (v.State.Pose.X + p.Item1 * c - p.Item2 * s, v.State.Pose.Y + p.Item1 * s + p.Item2 * c)).ToArray();
    }
}
