using AgvConsole.Tests;
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
    public async Task A_path_whose_first_step_is_held_is_refused_and_one_through_a_standing_agv_is_driven_around_it()
    {
        var services = fixture.Factory.Services;
        var registry = services.GetRequiredService<FleetRegistry>();
        var traffic = services.GetRequiredService<TrafficController>();
        await Wait.Until(() => traffic.HolderOf(1007) == "DEMO-03" && traffic.HolderOf(1005) == "DEMO-02", 10, "the AGVs holding the nodes they stand on");

        async Task<(HttpStatusCode, JsonElement)> Path(string serial, uint[] nodes)
        {
            var r = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agvs/{serial}/path") { Content = JsonContent.Create(new { mapId = 1, nodeIds = nodes }) };
            r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
            var response = await fixture.Client.SendAsync(r);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        // DEMO-01 is granted its first nodes: a path whose first step is among them is refused, nothing sent.
        var (first, _) = await Path("DEMO-01", [1004, 1014]);
        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal("DEMO-01", traffic.HolderOf(1004));
        var (status, body) = await Path("DEMO-02", [1004, 1003]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Route blocked", body.GetProperty("title").GetString());
        Assert.Contains("held by DEMO-01", body.GetProperty("detail").GetString());
        Assert.Equal("DEMO-01", traffic.HolderOf(1004)); // nothing of the refused route is held by DEMO-02
        var audit = await services.GetRequiredService<IAuditSink>().RecentAsync(20, "DEMO-02");
        Assert.Contains(audit, a => a.Outcome.StartsWith("not sent") && a.Outcome.Contains("held by DEMO-01"));

        // A path through DEMO-03, which stands idle on 1007, is accepted: DEMO-02 is granted up to
        // 1006, waits, and traffic control takes it around DEMO-03 (or moves DEMO-03 aside).
        var (ok, _) = await Path("DEMO-02", [1006, 1007, 1008]);
        Assert.Equal(HttpStatusCode.Accepted, ok);
        Assert.Equal("DEMO-02", traffic.HolderOf(1006));
        Assert.Equal("DEMO-03", traffic.HolderOf(1007));
        await Wait.Until(() => registry.Find("DEMO-02")!.State.LastNodeId == 1008 && traffic.HeldBy("DEMO-02").SequenceEqual([1008u]), 40,
            () => $"DEMO-02 holding only 1008 (at {registry.Find("DEMO-02")!.State.LastNodeId}, holds {string.Join(",", traffic.HeldBy("DEMO-02"))})");
        Assert.Null(traffic.HolderOf(1005));
        Assert.Null(traffic.HolderOf(1006));
        audit = await services.GetRequiredService<IAuditSink>().RecentAsync(50, "DEMO-02");
        Assert.Contains(audit, a => a.Action == "path" && a.Detail.Contains("granted so far")); // sent piece by piece
    }
}
