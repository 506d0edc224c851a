using AgvConsole.Tests;
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
        var trips = services.GetRequiredService<AgvConsole.Fleet.Dispatch.VehicleCommands>().Trips;
        var sim = services.GetRequiredService<AgvConsole.Web.Hosting.DemoFleet>().Simulator!;
        var v = registry.Find("DEMO-01")!;
        await Wait.Until(() => v.Online && v.State.AgvState == Protocol.Messages.AgvState.Idle && trips.Of("DEMO-01") is null, 30,
            () => $"DEMO-01 idle ({v.State.AgvState} at {v.State.LastNodeId})");
        // A route of at least four edges from wherever the other tests left it.
        var map = services.GetRequiredService<AgvConsole.Fleet.Maps.SiteMaps>().Find(1)!;
        var route = new uint[] { 1061, 1069, 1041, 1049, 1021, 1029 }
            .Select(to => AgvConsole.Fleet.Planning.PathPlanner.Fastest(map, v.State.LastNodeId, to, v.MaxSpeed, n => trips.Obstacle("DEMO-01", n)))
            .First(p => p is { NodeIds.Count: >= 5 })!.NodeIds;
        var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path") { Content = JsonContent.Create(new { mapId = 1, nodeIds = route.Skip(1).ToArray() }) };
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Client.SendAsync(r)).StatusCode);
        var trip = trips.Of("DEMO-01")!;
        await Wait.Until(() => v.State.LastNodeId == route[1], 20, "DEMO-01 on its way");

        // The radio drops: the socket closes under the AGV, which keeps its task and reconnects.
        var agv = sim.Agvs.Single(a => a.Options.Serial == "DEMO-01");
        await agv.Client!.DisposeAsync();
        await Wait.Until(() => !v.Online, 10, "the console noticing the drop");
        Assert.Contains(route[1], trips.HeldBy("DEMO-01")); // offline, it keeps where it is and what lies ahead
        Assert.Same(trip, trips.Of("DEMO-01"));

        await Wait.Until(() => v.Online && v.State.LastNodeId == route[^1] && trips.Of("DEMO-01") is null, 40,
            () => $"DEMO-01 at the end (at {v.State.LastNodeId}, online {v.Online}, trip {trips.Of("DEMO-01")?.Id})");
        Assert.Equal([route[^1]], trips.HeldBy("DEMO-01"));
        Assert.True(v.Session!.ConnectedAt > DateTimeOffset.UtcNow.AddSeconds(-45)); // a new session
    }
}
