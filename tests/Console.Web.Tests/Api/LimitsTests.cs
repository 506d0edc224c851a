using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Tests;
using AgvConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Web.Tests.Api;

/// <summary>
/// Sizes: a value over its limit gets a 400 problem that names the field and the limit, and
/// changes nothing; a map over the size limit is refused whole; a map at the limit is written
/// without holding up AGV registrations or the audit log.
/// </summary>
public sealed class LimitsTests(LimitsTests.Fixture fixture) : IClassFixture<LimitsTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public HttpClient Client { get; }
        public Fixture()
        {
            Client = Factory.CreateClient();
            Client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleFactory.ApiKey);
            Client.Timeout = TimeSpan.FromMinutes(2);
        }
        public void Dispose() => Factory.Dispose();
    }

    private HttpClient Client => fixture.Client;

    private static async Task AssertRefusedAsync(HttpResponseMessage r, string says)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var detail = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(says, detail);
        Assert.True(detail.Length < 2000, $"the answer is {detail.Length} characters long");
    }

    private static string Long(int n, char c = 'x') => new(c, n);

    [Fact]
    public async Task Oversized_strings_in_api_bodies_are_refused_and_change_nothing()
    {
        var agvs = (await Client.GetFromJsonAsync<JsonElement>("/api/v1/agvs")).GetArrayLength();
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs", new { serial = Long(256), vendor = "Acme" }), "serial is longer than 255 bytes");
        // Bytes, not characters: 128 × "é" is 256 bytes of UTF-8.
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs", new { serial = "LIMIT-1", vendor = Long(128, 'é') }), "vendor is longer than 255 bytes");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs", new { serial = "LIMIT-1", vendor = "Acme", agvType = Long(65) }), "agvType is longer than 64 characters");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs", new { serial = "LIMIT-1", vendor = "Acme", publicKey = Long(261, 'A') }), "publicKey is longer than 260 characters");
        Assert.Equal(agvs, (await Client.GetFromJsonAsync<JsonElement>("/api/v1/agvs")).GetArrayLength());

        // The 5 MB externalId of issue 12.
        var orders = (await Client.GetFromJsonAsync<JsonElement>("/api/v1/orders")).GetArrayLength();
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/orders", new { externalId = Long(5_000_000), toNodeId = 1001, type = "move" }), "externalId is longer than 255 bytes");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/orders", new { externalId = "E-1", toNodeId = 1001, type = Long(100) }), "type is longer than 64 characters");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/orders", new { externalId = "E-1", toNodeId = 1001, type = "move", agvSerial = Long(300) }), "agvSerial is longer than 255 bytes");
        Assert.Equal(orders, (await Client.GetFromJsonAsync<JsonElement>("/api/v1/orders")).GetArrayLength());

        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs/DEMO-01/commands", new { command = Long(1000) }), "command is longer than 64 characters");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs/DEMO-01/path", new { mapId = 1, nodeIds = Enumerable.Repeat(1001, 2001) }), "nodeIds has 2001 entries");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/agvs/DEMO-01/path", new { mapId = 1, nodeIds = new[] { 1001 }, finalAction = new { actuatorType = Long(70), command = "stop" } }), "finalAction.actuatorType is longer");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/alarms/1/ack", new { comment = Long(1001) }), "comment is longer than 1000 characters");

        var parameters = Enumerable.Range(0, 65).ToDictionary(i => $"p{i}", i => i);
        await AssertRefusedAsync(await Client.PutAsJsonAsync("/api/v1/agvs/DEMO-01/parameters", parameters), "the body has 65 entries");
        var longName = new Dictionary<string, int> { [Long(500, 'q')] = 1 };
        var r = await Client.PutAsJsonAsync("/api/v1/agvs/DEMO-01/parameters", longName);
        await AssertRefusedAsync(r, "a parameter name is longer than 64 characters");
    }

    private static object GridMap(uint mapId, int columns, int rows, string name = "Big hall")
    {
        uint Id(int c, int r) => (uint)(mapId * 100_000 + r * columns + c + 1);
        var nodes = new List<object>();
        var edges = new List<object>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                nodes.Add(new { id = Id(c, r), x = c * 2500, y = r * 2500, kind = "normal" });
                if (c + 1 < columns) edges.Add(new { from = Id(c, r), to = Id(c + 1, r), bidirectional = true, maxSpeed = 1000 });
                if (r + 1 < rows) edges.Add(new { from = Id(c, r), to = Id(c, r + 1), bidirectional = true, maxSpeed = 1000 });
            }
        return new { mapId, name, building = "Hall Z", floor = 1, nodes, edges };
    }

    [Fact]
    public async Task A_map_over_the_size_limit_is_refused_whole()
    {
        var before = (await Client.GetFromJsonAsync<JsonElement>("/api/v1/maps")).GetArrayLength();
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/maps", GridMap(7, 201, 100)), $"nodes has 20100 entries, more than the {Limits.MaxNodesPerMap} allowed");
        var manyEdges = new
        {
            mapId = 8, name = "Edges", building = "b", floor = 1,
            nodes = new[] { new { id = 800_001, x = 0, y = 0, kind = "normal" }, new { id = 800_002, x = 1000, y = 0, kind = "normal" } },
            edges = Enumerable.Repeat(new { from = 800_001, to = 800_002, bidirectional = true, maxSpeed = 1000 }, Limits.MaxEdgesPerMap + 1),
        };
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/maps", manyEdges), "edges has 60001 entries");
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/maps", GridMap(6, 2, 2, Long(201))), "name is longer than 200 characters");
        Assert.Equal(before, (await Client.GetFromJsonAsync<JsonElement>("/api/v1/maps")).GetArrayLength());
    }

    [Fact]
    public async Task A_broken_map_lists_its_first_problems_and_how_many_there_are()
    {
        var broken = new
        {
            mapId = 5, name = "Broken", building = "b", floor = 1,
            nodes = new[] { new { id = 500_001, x = 0, y = 0, kind = "normal" } },
            edges = Enumerable.Range(0, 500).Select(i => new { from = 500_001, to = 600_000 + i, bidirectional = true, maxSpeed = 1000 }),
        };
        await AssertRefusedAsync(await Client.PostAsJsonAsync("/api/v1/maps", broken), "… and 480 more problem(s), 500 in all");
    }

    [Fact]
    public async Task An_import_at_the_size_limit_does_not_hold_up_registrations_or_the_audit_log()
    {
        var audit = fixture.Factory.Services.GetRequiredService<IAuditSink>();
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/v1/agvs", new { serial = "LIMIT-AGV", vendor = "Acme" })).StatusCode);
        int port = (await Client.GetFromJsonAsync<JsonElement>("/api/v1/health")).GetProperty("agvPort").GetInt32();

        var map = GridMap(9, 200, 100); // 20 000 nodes, 39 700 edges: the limit
        var import = Client.PostAsJsonAsync("/api/v1/maps", map);
        // While it is written: audit entries, and an AGV registering over TCP (its registration is stored).
        var writes = Enumerable.Range(0, 20).Select(async i =>
        {
            await Task.Delay(i * 50);
            await audit.WriteAsync("test", "during import", $"entry {i}", "", "ok");
        }).ToList();
        await using var sim = new FleetSimulator(new FleetSimulatorOptions { Host = "127.0.0.1", Port = port },
            [new SimulatedAgvOptions { Serial = "LIMIT-AGV", MapId = 1, StartNodeId = 1045, StartPose = new Pose(10000, 10000, 0), EventsPerHour = 0, SpaceRequestsPerHour = 0 }],
            NullLogger.Instance);
        sim.Start();

        var imported = await import;
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        await Task.WhenAll(writes); // none failed
        Assert.True(await sim.WaitConnectedAsync(TimeSpan.FromSeconds(30)), "the AGV did not register");
        await Wait.Until(async () => (await Client.GetFromJsonAsync<JsonElement>("/api/v1/agvs/LIMIT-AGV")).GetProperty("online").GetBoolean(), 10, "LIMIT-AGV online");
        var entries = await audit.SearchAsync(new AuditQuery(Action: "during import", Limit: 100));
        Assert.Equal(20, entries.Count);

        var back = await Client.GetFromJsonAsync<JsonElement>("/api/v1/maps/9");
        Assert.Equal(20_000, back.GetProperty("nodes").GetArrayLength());
        Assert.Equal(39_700, back.GetProperty("edges").GetArrayLength());
    }
}
