using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Fleet.Orders;

/// <summary>
/// Sends AGVs whose battery fell below <see cref="StartBelowPct"/> and that have nothing to do to
/// the nearest free charging station (route through traffic control), starts charging there, and
/// stops charging (releasing the AGV for work) once it is above <see cref="StopAbovePct"/>.
/// </summary>
public sealed class ChargingManager(FleetRegistry registry, SiteMaps maps, VehicleCommands commands,
    Dispatcher dispatcher, ILogger<ChargingManager> logger)
{
    public const string Actor = "charging manager";
    public int StartBelowPct { get; set; } = 25;
    public int StopAbovePct { get; set; } = 90;

    // AGVs on their way to a station, with the station.
    private readonly Dictionary<string, uint> _heading = new();

    public async Task TickAsync()
    {
        foreach (var v in registry.All.Where(v => v.Online).ToList())
        {
            var s = v.State;
            try
            {
                if (s.AgvState == AgvState.Charging)
                {
                    _heading.Remove(v.Serial);
                    if (s.BatteryPct >= StopAbovePct)
                    {
                        var o = await commands.ChargeAsync(Actor, v.Serial, ChargeCommand.Stop, s.LastNodeId);
                        logger.LogInformation("{Serial} charged to {Pct} %: {Message}", v.Serial, s.BatteryPct, o.Message);
                    }
                    continue;
                }
                if (s.AgvState != AgvState.Idle || dispatcher.HasOpenOrder(v.Serial)) continue;
                if (_heading.TryGetValue(v.Serial, out var station))
                {
                    if (s.LastNodeId == station && v.CurrentPath.Count == 0)
                    {
                        _heading.Remove(v.Serial);
                        await commands.ChargeAsync(Actor, v.Serial, ChargeCommand.Start, station);
                    }
                    else if (v.CurrentPath.Count == 0) _heading.Remove(v.Serial); // it did not get there: plan again
                    continue;
                }
                if (s.BatteryPct >= StartBelowPct || !v.AutoDispatch) continue; // held back by an operator: not sent to charge either
                var map = maps.Find(s.MapId);
                if (map is null || !map.Contains(s.LastNodeId)) continue;
                if (map.Node(s.LastNodeId) is { Kind: MapNodeKind.Charging })
                {
                    await commands.ChargeAsync(Actor, v.Serial, ChargeCommand.Start, s.LastNodeId);
                    continue;
                }
                var best = map.Nodes.Where(n => n.Kind == MapNodeKind.Charging && !commands.Trips.BlockedFor(v.Serial, n.Id) && !_heading.ContainsValue(n.Id))
                    .Select(n => (Node: n, Route: PathPlanner.Fastest(map, s.LastNodeId, n.Id, v.MaxSpeed, x => commands.Trips.Obstacle(v.Serial, x), v.WidthMm)))
                    .Where(x => x.Route is not null).OrderBy(x => x.Route!.Seconds).FirstOrDefault();
                if (best.Route is null) continue;
                var sent = await commands.DispatchPathAsync(Actor, v.Serial, map.MapId, best.Route.NodeIds, TaskType.Charge, []);
                if (sent.Outcome.Ok) _heading[v.Serial] = best.Node.Id;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Charging management for {Serial} failed", v.Serial);
            }
        }
    }
}
