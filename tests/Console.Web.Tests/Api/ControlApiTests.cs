using AgvConsole.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>The command half of the API against simulated AGVs over real TCP.</summary>
public sealed class ControlApiTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private HttpClient Client => fixture.Client;
    private IServiceProvider Services => fixture.Factory.Services;

    private static HttpRequestMessage Req(HttpMethod method, string url, object? body = null)
    {
        var r = new HttpRequestMessage(method, url);
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        if (body is not null) r.Content = JsonContent.Create(body);
        return r;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpMethod method, string url, object? body = null)
    {
        var r = await Client.SendAsync(Req(method, url, body));
        var text = await r.Content.ReadAsStringAsync();
        return (r.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<IReadOnlyList<AuditRecord>> Audit(string target) => await Services.GetRequiredService<IAuditSink>().RecentAsync(50, target);

    [Fact]
    public async Task Parameters_are_set_read_back_and_refused_out_of_range_without_sending()
    {
        var (status, body) = await Send(HttpMethod.Put, "/api/v1/agvs/DEMO-01/parameters", new { stateReportPeriodMs = 500, lowBatteryAlarmPct = 25 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("results").GetProperty("stateReportPeriodMs").GetString());
        Assert.Equal("ok", body.GetProperty("results").GetProperty("lowBatteryAlarmPct").GetString());

        var (_, read) = await Send(HttpMethod.Get, "/api/v1/agvs/DEMO-01/parameters");
        Assert.Equal(500, read.GetProperty("stateReportPeriodMs").GetInt64());
        Assert.Equal(25, read.GetProperty("lowBatteryAlarmPct").GetInt64());
        Assert.Equal(12, read.EnumerateObject().Count());

        int before = (await Audit("DEMO-01")).Count;
        var (bad, problem) = await Send(HttpMethod.Put, "/api/v1/agvs/DEMO-01/parameters", new { stateReportPeriodMs = 10, heartbeatPeriodMs = 1000 });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("stateReportPeriodMs must be between 50 and 60000", problem.GetProperty("detail").GetString());
        Assert.Equal(before, (await Audit("DEMO-01")).Count); // refused by the API before any command: nothing sent

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Put, "/api/v1/agvs/DEMO-01/parameters", new { reportRate = 5 })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Put, "/api/v1/agvs/DEMO-08/parameters", new { stateReportPeriodMs = 500 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Put, "/api/v1/agvs/NOPE/parameters", new { stateReportPeriodMs = 500 })).Status);
        Assert.Contains(await Audit("DEMO-01"), a => a.Actor == "api:tests" && a.Action == "parameters" && a.Outcome.StartsWith("Ok"));
    }

    [Fact]
    public async Task Stored_parameters_are_re_applied_when_the_agv_registers_again()
    {
        var (status, _) = await Send(HttpMethod.Put, "/api/v1/agvs/DEMO-02/parameters", new { stateReportPeriodMs = 700 });
        Assert.Equal(HttpStatusCode.OK, status);
        var demo = Services.GetRequiredService<DemoFleet>();
        var registry = Services.GetRequiredService<FleetRegistry>();
        var first = registry.Find("DEMO-02")!.Session;
        await demo.Simulator!.DropConnectionAsync("DEMO-02");
        await Wait.Until(() => registry.Find("DEMO-02")!.Session is { IsOnline: true } s && !ReferenceEquals(s, first), 10, "DEMO-02 back in a new session");
        await Wait.Until(async () => (await Send(HttpMethod.Get, "/api/v1/agvs/DEMO-02/parameters")).Body.GetProperty("stateReportPeriodMs").GetInt64() == 700, 10, "the stored period re-applied");
        Assert.Contains(await Audit("DEMO-02"), a => a.Actor.StartsWith("console (re-apply") && a.Outcome.StartsWith("Ok"));
    }

    [Fact]
    public async Task Motion_commands_are_answered_and_audited()
    {
        var (stop, stopBody) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands", new { command = "emergencyStop" });
        Assert.Equal(HttpStatusCode.OK, stop);
        Assert.Equal("ok", stopBody.GetProperty("result").GetString());
        var (again, refused) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands", new { command = "resume" });
        Assert.Equal(HttpStatusCode.Conflict, again); // the simulated AGV refuses resume in emergency stop
        Assert.Equal("rejectedInState", refused.GetProperty("agvResult").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands", new { command = "releaseEmergencyStop" })).Status);

        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands", new { command = "jump" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands", new { command = "2" })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-07/commands", new { command = "pause" })).Status);
        var audit = await Audit("DEMO-03");
        Assert.Contains(audit, a => a.Detail == "Emergency stop" && a.Outcome.StartsWith("Ok"));
        Assert.Contains(audit, a => a.Detail == "Resume" && a.Outcome.StartsWith("RejectedInState"));
    }

    [Fact]
    public async Task A_valid_path_is_sent_as_motion_control_and_a_broken_one_is_refused()
    {
        var registry = Services.GetRequiredService<FleetRegistry>();
        await Wait.Until(() => registry.Find("DEMO-01")!.State.LastNodeId == 1003, 10, "DEMO-01 at 1003");
        // 1003 → 1004 → 1014: along the bottom row, then up a column.
        var (status, body) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path",
            new { mapId = 1, nodeIds = new[] { 1004, 1014 }, taskType = "pickUp", finalAction = new { actuatorType = "lift", index = 0, command = "liftUp" } });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(body.GetProperty("taskId").GetUInt32() > 0);
        Assert.Equal([1003u, 1004u, 1014u], body.GetProperty("route").EnumerateArray().Select(e => e.GetUInt32()));
        Assert.Equal(5000, body.GetProperty("lengthMm").GetDouble());
        await Wait.Until(() => registry.Find("DEMO-01")!.State is { LastNodeId: 1014, Loaded: true }, 20, "DEMO-01 loaded at 1014");

        var (gap, gapBody) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path", new { mapId = 1, nodeIds = new[] { 1014, 1036 } });
        Assert.Equal(HttpStatusCode.BadRequest, gap);
        Assert.Contains("not joined by an edge", gapBody.GetProperty("detail").GetString());
        var (missing, _) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path", new { mapId = 1, nodeIds = new[] { 1015, 4242 } });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        var (wrongMap, wrongBody) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path", new { mapId = 2, nodeIds = new[] { 2001 } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongMap);
        Assert.Contains("is on map 1", wrongBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path", new { mapId = 1, nodeIds = new[] { 1024 }, taskType = "fly" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-01/path", new { mapId = 1 })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-06/path", new { mapId = 2, nodeIds = new[] { 2010 } })).Status);
    }

    [Fact]
    public async Task One_way_edges_are_refused_against_their_direction()
    {
        var registry = Services.GetRequiredService<FleetRegistry>();
        // DEMO-02 starts at 1005; drive to the top row (one-way westbound), then try to go east.
        await Wait.Until(() => registry.Find("DEMO-02")!.State.LastNodeId == 1005, 10, "DEMO-02 at 1005");
        var up = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-02/path", new { mapId = 1, nodeIds = new[] { 1015, 1025, 1035, 1045, 1055, 1065 } });
        Assert.Equal(HttpStatusCode.Accepted, up.Status);
        await Wait.Until(() => registry.Find("DEMO-02")!.State is { LastNodeId: 1065, AgvState: Protocol.Messages.AgvState.Idle }, 30, "DEMO-02 idle at 1065");
        var (east, body) = await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-02/path", new { mapId = 1, nodeIds = new[] { 1066 } });
        Assert.Equal(HttpStatusCode.BadRequest, east);
        Assert.Contains("one-way", body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await Send(HttpMethod.Post, "/api/v1/agvs/DEMO-02/path", new { mapId = 1, nodeIds = new[] { 1064 } })).Status);
    }

    [Fact]
    public async Task Enrolment_removal_and_the_rcs_key()
    {
        var key = Protocol.Security.Sm2.GenerateKeyPair().PublicKeyHex;
        var (created, _) = await Send(HttpMethod.Post, "/api/v1/agvs", new { serial = "NEW-1", vendor = "Acme", agvType = "forklift", publicKey = key });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Post, "/api/v1/agvs", new { serial = "NEW-1", vendor = "Acme" })).Status);
        var (badKey, badBody) = await Send(HttpMethod.Post, "/api/v1/agvs", new { serial = "NEW-2", vendor = "Acme", publicKey = "04ABCD" });
        Assert.Equal(HttpStatusCode.BadRequest, badKey);
        Assert.Contains("65-byte", badBody.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/agvs", new { vendor = "Acme" })).Status);
        var (_, agv) = await Send(HttpMethod.Get, "/api/v1/agvs/NEW-1");
        Assert.Equal("forklift", agv.GetProperty("agvType").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, "/api/v1/agvs/NEW-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/v1/agvs/NEW-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Delete, "/api/v1/agvs/NEW-1")).Status);

        var (_, rcs) = await Send(HttpMethod.Get, "/api/v1/security/rcs-key");
        Assert.Equal("RCS", rcs.GetProperty("rcsId").GetString());
        Assert.Equal(130, rcs.GetProperty("publicKey").GetString()!.Length);
        Assert.Contains(await Audit("NEW-1"), a => a.Action == "enrol" && a.Outcome == "ok");
    }

    [Fact]
    public async Task Maps_are_imported_after_validation()
    {
        object Node(uint id, int x, string kind = "normal") => new { id, x, y = 0, kind };
        var map = new
        {
            mapId = 7, name = "Mezzanine", building = "Hall B", floor = 3,
            nodes = new[] { Node(7001, 0), Node(7002, 2000, "charging"), Node(7003, 4000, "parking") },
            edges = new[] { new { from = 7001, to = 7002, bidirectional = true, maxSpeed = 1000 }, new { from = 7002, to = 7003, bidirectional = false, maxSpeed = 800 } },
        };
        Assert.Equal(HttpStatusCode.Created, (await Send(HttpMethod.Post, "/api/v1/maps", map)).Status);
        var (_, back) = await Send(HttpMethod.Get, "/api/v1/maps/7");
        Assert.Equal(3, back.GetProperty("nodes").GetArrayLength());
        Assert.Equal("charging", back.GetProperty("nodes")[1].GetProperty("kind").GetString());

        var broken = new
        {
            mapId = 8, name = "Broken", building = "B", floor = 1,
            nodes = new[] { Node(8001, 0), Node(8001, 10), Node(1001, 5) },
            edges = new[] { new { from = 8001, to = 8999, bidirectional = true, maxSpeed = 1000 } },
        };
        var (status, problem) = await Send(HttpMethod.Post, "/api/v1/maps", broken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("node id 8001 is used 2 times", detail);
        Assert.Contains("node 8999 does not exist", detail);
        Assert.Contains("node id 1001 is already used on map 1", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/v1/maps/8")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/maps", new { mapId = 9, name = "x", nodes = new[] { Node(9001, 0, "trampoline") } })).Status);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_and_changes_nothing()
    {
        var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agvs") { Content = new StringContent("{ \"serial\": ", System.Text.Encoding.UTF8, "application/json") };
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        var response = await Client.SendAsync(r);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
