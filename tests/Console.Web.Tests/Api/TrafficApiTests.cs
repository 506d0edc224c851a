using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Fleet.Traffic;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Traffic control seen from the API, on a fixture of its own (the AGVs stand where the demo site puts them).</summary>
public sealed class TrafficApiTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task A_path_through_a_node_another_agv_holds_is_refused_and_a_free_one_is_reserved()
    {
        var services = fixture.Factory.Services;
        var registry = services.GetRequiredService<FleetRegistry>();
        var traffic = services.GetRequiredService<TrafficController>();
        var end = DateTime.UtcNow.AddSeconds(10);
        while (traffic.HolderOf(1007) != "DEMO-03" || traffic.HolderOf(1005) != "DEMO-02")
        {
            if (DateTime.UtcNow > end) Assert.Fail("the AGVs do not hold the nodes they stand on");
            await Task.Delay(100);
        }

        async Task<(HttpStatusCode, JsonElement)> Path(string serial, uint[] nodes)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agvs/{serial}/path") { Content = JsonContent.Create(new { mapId = 1, nodeIds = nodes }) };
            r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
            var response = await fixture.Client.SendAsync(r);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var (status, body) = await Path("DEMO-02", [1006, 1007, 1008]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Route blocked", body.GetProperty("title").GetString());
        Assert.Contains("held by DEMO-03", body.GetProperty("detail").GetString());
        Assert.Null(traffic.HolderOf(1006)); // nothing of the refused route is held
        var audit = await services.GetRequiredService<IAuditSink>().RecentAsync(20, "DEMO-02");
        Assert.Contains(audit, a => a.Outcome.StartsWith("not sent") && a.Outcome.Contains("held by DEMO-03"));

        var (ok, _) = await Path("DEMO-02", [1015, 1025]);
        Assert.Equal(HttpStatusCode.Accepted, ok);
        Assert.Equal("DEMO-02", traffic.HolderOf(1025));
        // Another AGV's path into the reserved route is refused while DEMO-02 drives it.
        var (blocked, _) = await Path("DEMO-01", [1013, 1014, 1024, 1025]);
        Assert.Equal(HttpStatusCode.Conflict, blocked);
        // When it has arrived, it holds only where it stands.
        end = DateTime.UtcNow.AddSeconds(20);
        while (!(registry.Find("DEMO-02")!.State.LastNodeId == 1025 && traffic.HeldBy("DEMO-02").SequenceEqual([1025u])))
        {
            if (DateTime.UtcNow > end) Assert.Fail($"DEMO-02 holds {string.Join(",", traffic.HeldBy("DEMO-02"))}");
            await Task.Delay(100);
        }
        Assert.Null(traffic.HolderOf(1005));
    }
}
