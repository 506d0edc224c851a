using AgvConsole.Tests;
using System.Net;
using System.Net.Http.Json;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Traffic control seen from the API, on a fixture of its own (the AGVs stand where the demo site puts them).</summary>
public sealed class TrafficApiTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task A_path_through_an_idle_agv_is_driven_by_the_kernel_piece_by_piece_and_the_idle_agv_makes_way()
    {
        var services = fixture.Factory.Services;
        var registry = services.GetRequiredService<FleetRegistry>();
        var traffic = services.GetRequiredService<VehicleCommands>().Trips;
        await Wait.Until(() => traffic.HolderOf(1007) == "DEMO-03" && traffic.HolderOf(1005) == "DEMO-02", 10, "the AGVs standing where the demo puts them");

        // DEMO-03 stands idle on 1007, in the middle of DEMO-02's path: the kernel has it make way.
        var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agvs/DEMO-02/path") { Content = JsonContent.Create(new { mapId = 1, nodeIds = new uint[] { 1006, 1007, 1008 } }) };
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.Client.SendAsync(r)).StatusCode);
        Assert.NotNull(traffic.Of("DEMO-02"));
        await Wait.Until(() => registry.Find("DEMO-02")!.State.LastNodeId == 1008 && traffic.Of("DEMO-02") is null && traffic.HeldBy("DEMO-02").SequenceEqual([1008u]), 60,
            () => $"DEMO-02 at 1008 with its trip over (at {registry.Find("DEMO-02")!.State.LastNodeId}, holds {string.Join(",", traffic.HeldBy("DEMO-02"))}, waits {registry.Find("DEMO-02")!.Wait?.Text})");
        Assert.NotEqual("DEMO-02", traffic.HolderOf(1005));
        var audit = await services.GetRequiredService<IAuditSink>().RecentAsync(50, "DEMO-02");
        Assert.Contains(audit, a => a.Action == "path" && a.Detail.Contains("granted by traffic control")); // sent as the kernel granted it
        Assert.Contains(audit, a => a.Action == "path" && a.Outcome.Contains("under traffic control")); // the trip's start
    }
}
