using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Tests;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>An AGV whose connection drops without a Disconnect (cable pulled, process killed) raises "Connection lost" unless it is back quickly.</summary>
public sealed class ConnectionLostAlarmTests : IDisposable
{
    private readonly ConsoleFactory _factory = new();
    private readonly HttpClient _client;

    public ConnectionLostAlarmTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private Task<AgvClient> Connect(string serial) => AgvClient.ConnectAsync(new AgvClientOptions
    {
        Host = "127.0.0.1", Port = _factory.Services.GetRequiredService<AgvListener>().Server.Port,
        Registration = new Register(serial, "Acme Robotics", "AR-L600", "1", AgvType.LatentLifting, NavigationType.LaserSlam, 1200, 800, 300, 0, 500, 1500, 1000,
            Array.Empty<Actuator>(), 1, new Pose(0, 0, 0)),
    }, new Idle());

    private sealed class Idle : IAgvCommandHandler
    {
        public ValueTask<Reply> OnCommandAsync(IMessage command) => ValueTask.FromResult(Reply.Ok());
        public void OnDisconnect(DisconnectReason reason) { }
    }

    private async Task<List<string>> ActiveRules(string serial)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, "/api/v1/alarms?active=true");
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        var list = await (await _client.SendAsync(r)).Content.ReadFromJsonAsync<JsonElement>();
        return list.EnumerateArray().Where(a => a.GetProperty("serial").GetString() == serial).Select(a => a.GetProperty("rule").GetString()!).ToList();
    }

    [Fact]
    public async Task A_dropped_connection_raises_an_alarm_after_its_debounce_and_a_quick_reconnect_raises_none()
    {
        var registry = _factory.Services.GetRequiredService<FleetRegistry>();
        var gone = await Connect("DEMO-05");
        var back = await Connect("DEMO-06");
        // No Disconnect: the sockets just close (the process died, the cable was pulled).
        await gone.DisposeAsync();
        await back.DisposeAsync();
        await Wait.Until(() => registry.Find("DEMO-05") is { Online: false } && registry.Find("DEMO-06") is { Online: false }, 5, "both offline");
        await using var returned = await Connect("DEMO-06"); // back within a second or two

        await Wait.Until(async () => (await ActiveRules("DEMO-05")).Contains("Connection lost"), 20, "the connection-lost alarm");
        Assert.DoesNotContain("Connection lost", await ActiveRules("DEMO-06"));
        Assert.DoesNotContain("Heartbeat lost", await ActiveRules("DEMO-05")); // one cause, one alarm

        // It clears when the AGV registers again.
        await using var again = await Connect("DEMO-05");
        await Wait.Until(async () => !(await ActiveRules("DEMO-05")).Contains("Connection lost"), 10, "the alarm cleared");
    }
}
