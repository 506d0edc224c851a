using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Charging management against simulated AGVs: low batteries go to free stations, charge, and are released.</summary>
public sealed class ChargingTests : IAsyncLifetime
{
    // Every battery counts as low here, so all three simulated AGVs go charging.
    private readonly ConsoleFactory _factory = new(simulatedAgvs: 3, settings: new() { ["Charging:StartBelowPct"] = "101", ["Charging:StopAbovePct"] = "101" });

    public Task InitializeAsync()
    {
        _factory.CreateClient();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Low_batteries_go_to_free_stations_charge_and_are_released_when_charged()
    {
        var registry = _factory.Services.GetRequiredService<FleetRegistry>();
        var maps = _factory.Services.GetRequiredService<SiteMaps>();
        string[] agvs = ["DEMO-01", "DEMO-02", "DEMO-03"];
        var end = DateTime.UtcNow.AddSeconds(60);
        while (!agvs.All(s => registry.Find(s)!.State is { AgvState: AgvState.Charging, Charging: true }))
        {
            if (DateTime.UtcNow > end) Assert.Fail("not all charging: " + string.Join(", ", agvs.Select(s => $"{s} {registry.Find(s)!.State.AgvState} at {registry.Find(s)!.State.LastNodeId}")));
            await Task.Delay(200);
        }
        var stations = agvs.Select(s => registry.Find(s)!.State.LastNodeId).ToList();
        Assert.Equal(3, stations.Distinct().Count()); // one AGV per station
        Assert.All(stations, n => Assert.Equal(MapNodeKind.Charging, maps.Find(1)!.Node(n)!.Kind));
        var audit = await _factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Actor: "charging manager", Action: "charge"));
        Assert.Equal(3, audit.Count(a => a.Outcome.StartsWith("Ok")));

        // Charged enough: charging stops and the AGVs are free for work again.
        _factory.Services.GetRequiredService<ChargingManager>().StopAbovePct = 0;
        _factory.Services.GetRequiredService<ChargingManager>().StartBelowPct = 0;
        end = DateTime.UtcNow.AddSeconds(15);
        while (!agvs.All(s => registry.Find(s)!.State.AgvState == AgvState.Idle))
        {
            if (DateTime.UtcNow > end) Assert.Fail("charging did not stop");
            await Task.Delay(200);
        }
    }
}
