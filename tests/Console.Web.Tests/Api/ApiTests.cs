using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgvConsole.Web.Tests.Api;

public sealed class ApiTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        // NotificationTests post alarm webhooks to a receiver on this machine.
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 3, settings: new() { ["Alarms:AllowLocalWebhookTargets"] = "true" });
        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = Factory.CreateClient();
            // Wait for the simulated AGVs to come online over real TCP.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                var h = await Client.GetFromJsonAsync<JsonElement>("/api/v1/health");
                if (h.GetProperty("connectedAgvs").GetInt32() == 3) return;
                await Task.Delay(100);
            }
            throw new TimeoutException("simulated AGVs did not connect");
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    private HttpClient Client => fixture.Client;

    private static HttpRequestMessage Get(string url, string? key = ConsoleFactory.ApiKey)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null) r.Headers.Add("X-Api-Key", key);
        return r;
    }

    [Fact]
    public async Task Health_needs_no_key_and_reports_the_agv_port_and_connections()
    {
        var r = await Client.GetAsync("/api/v1/health");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var h = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", h.GetProperty("status").GetString());
        Assert.True(h.GetProperty("agvPort").GetInt32() > 0);
        Assert.Equal(3, h.GetProperty("connectedAgvs").GetInt32());
    }

    [Fact]
    public async Task System_status_needs_a_key_and_counts_state_reports_as_they_arrive()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(Get("/api/v1/system", null))).StatusCode);
        var first = await (await Client.SendAsync(Get("/api/v1/system"))).Content.ReadFromJsonAsync<JsonElement>();
        await Task.Delay(600); // three AGVs report every 200 ms
        var second = await (await Client.SendAsync(Get("/api/v1/system"))).Content.ReadFromJsonAsync<JsonElement>();
        long Reports(JsonElement s) => s.GetProperty("protocol").GetProperty("stateReports").GetInt64();
        Assert.True(Reports(second) - Reports(first) >= 3, $"{Reports(first)} then {Reports(second)}");
        Assert.Equal(3, second.GetProperty("agvsOnline").GetInt32());
        Assert.True(second.GetProperty("protocol").GetProperty("framesIn").GetInt64() >= Reports(second));
        Assert.True(second.GetProperty("process").GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.StartsWith("handled ", second.GetProperty("traffic").GetString()); // the traffic host's own line, for the load harnesses
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Missing_or_wrong_key_gets_401_problem(string? key)
    {
        var r = await Client.SendAsync(Get("/api/v1/agvs", key));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("X-Api-Key", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Lists_every_known_agv_in_the_documented_shape()
    {
        var r = await Client.SendAsync(Get("/api/v1/agvs"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var agvs = (await r.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(8, agvs.Count); // the seeded demo fleet, three of them simulated
        string[] fields = ["serial", "agvId", "vendor", "model", "agvType", "online", "state", "mapId", "x", "y", "theta", "batteryPct", "charging",
            "taskId", "lastNodeId", "locConfidence", "lastReportAt"];
        foreach (var f in fields) Assert.True(agvs[0].TryGetProperty(f, out _), $"missing field {f}");
        Assert.Equal(3, agvs.Count(a => a.GetProperty("online").GetBoolean()));
        Assert.All(agvs.Where(a => !a.GetProperty("online").GetBoolean()), a => Assert.Equal("offline", a.GetProperty("state").GetString()));
        Assert.Contains(agvs, a => a.GetProperty("agvType").GetString() == "forklift");
        Assert.True(agvs.Select(a => a.GetProperty("vendor").GetString()).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task One_agv_by_serial_and_404_for_an_unknown_one()
    {
        var ok = await Client.SendAsync(Get("/api/v1/agvs/DEMO-01"));
        var a = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("DEMO-01", a.GetProperty("serial").GetString());
        Assert.True(a.GetProperty("online").GetBoolean());

        var missing = await Client.SendAsync(Get("/api/v1/agvs/NOPE-9"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NOPE-9", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Maps_are_listed_with_nodes_and_edges_and_joined_by_a_lift_pair()
    {
        var maps = (await (await Client.SendAsync(Get("/api/v1/maps"))).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(2, maps.Count);
        Assert.All(maps, m => Assert.True(m.GetProperty("nodes").GetArrayLength() >= 60));
        var lifts = maps.SelectMany(m => m.GetProperty("nodes").EnumerateArray()).Where(n => n.GetProperty("kind").GetString() == "lift").ToList();
        Assert.Equal(2, lifts.Count);
        Assert.Equal(lifts[1].GetProperty("id").GetUInt32(), lifts[0].GetProperty("linkedNodeId").GetUInt32());
        Assert.Contains(maps[0].GetProperty("nodes").EnumerateArray(), n => n.GetProperty("kind").GetString() == "charging");
        var edge = maps[0].GetProperty("edges")[0];
        foreach (var f in new[] { "from", "to", "bidirectional", "maxSpeed" }) Assert.True(edge.TryGetProperty(f, out _));

        var one = await Client.SendAsync(Get("/api/v1/maps/2"));
        Assert.Equal(2u, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mapId").GetUInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(Get("/api/v1/maps/99"))).StatusCode);
        var bad = await Client.SendAsync(Get("/api/v1/maps/floor-one"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Publishes_an_openapi_document()
    {
        var doc = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/agvs/{serial}", out _));
    }

    [Fact]
    public async Task Pages_and_the_hub_require_sign_in()
    {
        var noRedirect = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var page in new[] { "/", "/map", "/agvs/DEMO-01" })
        {
            var r = await noRedirect.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        var hub = await noRedirect.PostAsync("/hubs/fleet/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await noRedirect.GetAsync("/account/login")).StatusCode);
    }
}
