using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Fleet.Traffic;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>A fault on the AGV side, on a fixture of its own (it moves DEMO-01 wherever it happens to stand).</summary>
public sealed class ConnectionDropTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task An_agv_that_drops_its_connection_mid_path_keeps_its_way_and_finishes_after_reconnecting()
    {
        var services = fixture.Factory.Services;
        var registry = services.GetRequiredService<FleetRegistry>();
        var traffic = services.GetRequiredService<TrafficController>();
        var trips = services.GetRequiredService<AgvConsole.Fleet.Dispatch.VehicleCommands>().Trips;
        var sim = services.GetRequiredService<AgvConsole.Web.Hosting.DemoFleet>().Simulator!;
        var v = registry.Find("DEMO-01")!;
        var end = DateTime.UtcNow.AddSeconds(30);
        while (!(v.Online && v.State.AgvState == Protocol.Messages.AgvState.Idle && trips.Of("DEMO-01") is null))
        {
            if (DateTime.UtcNow > end) Assert.Fail($"DEMO-01 is not idle ({v.State.AgvState} at {v.State.LastNodeId})");
            await Task.Delay(100);
        }
        // A route of at least four edges from wherever the other tests left it.
        var map = services.GetRequiredService<AgvConsole.Fleet.Maps.SiteMaps>().Find(1)!;
        var route = new uint[] { 1061, 1069, 1041, 1049, 1021, 1029 }
            .Select(to => AgvConsole.Fleet.Planning.PathPlanner.Fastest(map, v.State.LastNodeId, to, v.MaxSpeed, n => trips.Obstacle("DEMO-01", n)))
            .First(p => p is { NodeIds.Count: >= 5 })!.NodeIds;
        var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path") { Content = JsonContent.Create(new { mapId = 1, nodeIds = route.Skip(1).ToArray() }) };
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Client.SendAsync(r)).StatusCode);
        var trip = trips.Of("DEMO-01")!;
        end = DateTime.UtcNow.AddSeconds(20);
        while (v.State.LastNodeId != route[1])
        {
            if (DateTime.UtcNow > end) Assert.Fail("DEMO-01 did not start");
            await Task.Delay(50);
        }

        // The radio drops: the socket closes under the AGV, which keeps its task and reconnects.
        var agv = sim.Agvs.Single(a => a.Options.Serial == "DEMO-01");
        await agv.Client!.DisposeAsync();
        end = DateTime.UtcNow.AddSeconds(10);
        while (v.Online) { if (DateTime.UtcNow > end) Assert.Fail("the console did not notice the drop"); await Task.Delay(20); }
        Assert.Contains(route[1], traffic.HeldBy("DEMO-01")); // offline, it keeps where it is and what lies ahead
        Assert.Same(trip, trips.Of("DEMO-01"));

        end = DateTime.UtcNow.AddSeconds(40);
        while (!(v.Online && v.State.LastNodeId == route[^1] && trips.Of("DEMO-01") is null))
        {
            if (DateTime.UtcNow > end) Assert.Fail($"DEMO-01 at {v.State.LastNodeId}, online {v.Online}, trip {trips.Of("DEMO-01")?.Id}");
            await Task.Delay(100);
        }
        Assert.Equal([route[^1]], traffic.HeldBy("DEMO-01"));
        Assert.True(v.Session!.ConnectedAt > DateTimeOffset.UtcNow.AddSeconds(-45)); // a new session
    }
}
