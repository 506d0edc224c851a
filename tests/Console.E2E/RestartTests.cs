using AgvConsole.Tests;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AgvConsole.E2E;

/// <summary>
/// The console is killed (SIGKILL, no shutdown of any kind) while AGVs drive and orders are
/// queued, then started again on the same database. Everything accepted must still be there,
/// configuration, maps, orders, alarms and their acknowledgements, and the AGVs, which never
/// stopped, reconnect, register again and finish every order.
/// </summary>
public sealed class RestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Key = "restart-test-key";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "agv-console-restart", Guid.NewGuid().ToString("N"));
    private readonly int _http = Wait.FreePort(), _agv = Wait.FreePort();
    private Process? _console;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_http}"), Timeout = TimeSpan.FromSeconds(10) };
        _client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Kill();
        _client.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    /// <summary>The built console (the same configuration as this test) in a process of its own.</summary>
    private async Task StartConsoleAsync()
    {
        var web = ConsoleHost.FindWebProject();
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(web, "bin", config, "net10.0", "Console.Web.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{_http}", "--ConnectionStrings:Console", $"Data Source={Path.Combine(_dir, "console.db")}",
                     "--Agv:Port", _agv.ToString(), "--Agv:Bind", "127.0.0.1", "--Agv:RcsKeyFile", Path.Combine(_dir, "rcs-sm2.key"),
                     "--Agv:ReportPeriodMs", "200", "--Agv:HeartbeatPeriodMs", "500", "--Demo:SeedSite", "true", "--Agv:AllowUnknownAgvs", "true", "--Demo:SimulatedAgvs", "0", "--Demo:Traffic", "false",
                     "--Api:Keys:0", $"tests={Key}", "--Logging:LogLevel:Default", "Warning",
                 })
            start.ArgumentList.Add(a);
        _console = Process.Start(start)!;
        _console.OutputDataReceived += (_, e) => { };
        _console.ErrorDataReceived += (_, e) => { };
        _console.BeginOutputReadLine();
        _console.BeginErrorReadLine();
        var end = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await _client.GetAsync("/api/v1/agvs")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (_console.HasExited) Assert.Fail($"the console exited with {_console.ExitCode}");
            if (DateTime.UtcNow > end) Assert.Fail("the console did not answer within 60 s");
            await Task.Delay(200);
        }
    }

    private void Kill()
    {
        if (_console is { HasExited: false }) _console.Kill(entireProcessTree: true);
        _console?.WaitForExit(10_000);
        _console?.Dispose();
        _console = null;
    }

    private async Task<JsonElement> GetAsync(string path) => await (await _client.GetAsync(path)).Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_killed_console_restarts_with_everything_it_accepted_and_the_agvs_finish_the_orders()
    {
        await StartConsoleAsync();
        // Four AGVs of the demo site on floor 1, simulated in this process: they outlive the console.
        var agvs = DemoSite.Fleet().Where(f => f.MapId == 1).Select((f, i) =>
        {
            var m = DemoSite.Models[f.Model];
            var node = DemoSite.Floor1().Node(f.Node)!;
            return new SimulatedAgvOptions
            {
                Serial = f.Serial, Vendor = m.Vendor, Model = m.Model, AgvType = m.Type, MaxSpeed = m.Speed, MapId = 1, StartNodeId = node.Id,
                StartPose = new Pose(node.X, node.Y, 0), Seed = i + 1, TimeScale = 4, EventsPerHour = 0, SpaceRequestsPerHour = 0,
            };
        }).ToList();
        await using var sim = new FleetSimulator(new FleetSimulatorOptions { Host = "127.0.0.1", Port = _agv }, agvs, NullLogger.Instance);
        sim.Start();
        await Wait.Until(async () => (await GetAsync("/api/v1/agvs")).EnumerateArray().Count(a => a.GetProperty("online").GetBoolean()) == 4, 30, "4 AGVs online");

        // Configuration, a map, an alarm acknowledged, and orders, some of them still queued.
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync("/api/v1/agvs/DEMO-02/parameters", new { lowBatteryAlarmPct = 33 })).StatusCode);
        var map = new
        {
            mapId = 3, name = "Dock", building = "Hall B", floor = 1,
            nodes = new object[] { new { id = 3001, x = 0, y = 0, kind = "normal" }, new { id = 3002, x = 3000, y = 0, kind = "parking" } },
            edges = new object[] { new { from = 3001, to = 3002, bidirectional = true, maxSpeed = 1000 } },
        };
        Assert.True((await _client.PostAsJsonAsync("/api/v1/maps", map)).IsSuccessStatusCode);
        sim.Agvs.Single(a => a.Options.Serial == "DEMO-04").SilentUntil = Environment.TickCount64 + 10_000; // its heartbeat stops: an alarm
        long alarmId = 0;
        await Wait.Until(async () =>
        {
            var offline = (await GetAsync("/api/v1/alarms?active=true")).EnumerateArray().FirstOrDefault(a => a.GetProperty("serial").GetString() == "DEMO-04");
            if (offline.ValueKind != JsonValueKind.Object) return false;
            alarmId = offline.GetProperty("id").GetInt64();
            return true;
        }, 30, "an alarm for DEMO-04");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/api/v1/alarms/{alarmId}/ack", new { comment = "checked" })).StatusCode);

        uint[] stops = [1012, 1018, 1033, 1037, 1042, 1048, 1053, 1057, 1024, 1026];
        var ids = new List<long>();
        for (int i = 0; i < 16; i++)
        {
            object body = i % 2 == 0
                ? new { externalId = $"R-{i}", fromNodeId = stops[i % stops.Length], toNodeId = stops[(i + 3) % stops.Length], type = "deliver" }
                : new { externalId = $"R-{i}", toNodeId = stops[(i + 5) % stops.Length], type = "move" };
            var r = await _client.PostAsJsonAsync("/api/v1/orders", body);
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            ids.Add((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetInt64());
        }
        await Wait.Until(async () => (await Task.WhenAll(ids.Select(id => GetAsync($"/api/v1/orders/{id}")))).Any(o => o.GetProperty("status").GetString() == "running"), 30, "an order running");

        Kill(); // SIGKILL: nothing is flushed, nothing is said to the AGVs
        await StartConsoleAsync();

        var maps = await GetAsync("/api/v1/maps");
        Assert.Contains(maps.EnumerateArray(), m => m.GetProperty("mapId").GetUInt32() == 3);
        var alarms = await GetAsync("/api/v1/alarms");
        var alarm = alarms.EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == alarmId);
        Assert.Equal("api:tests", alarm.GetProperty("acknowledgedBy").GetString()); // the API key's name
        foreach (var id in ids) Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/orders/{id}")).StatusCode); // none lost
        await Wait.Until(async () => (await GetAsync("/api/v1/agvs")).EnumerateArray().Count(a => a.GetProperty("online").GetBoolean()) == 4, 40, "the 4 AGVs back online");
        Assert.Equal(33, (await GetAsync("/api/v1/agvs/DEMO-02/parameters")).GetProperty("lowBatteryAlarmPct").GetInt32());
        await Wait.Until(async () =>
        {
            var statuses = (await Task.WhenAll(ids.Select(id => GetAsync($"/api/v1/orders/{id}")))).Select(o => o.GetProperty("status").GetString()).ToList();
            output.WriteLine(string.Join(",", statuses));
            Assert.DoesNotContain("failed", statuses);
            return statuses.All(s => s == "finished");
        }, 180, "every order finished after the restart");
    }
}
