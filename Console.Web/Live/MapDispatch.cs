using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Live;

/// <summary>A route the dispatch panel shows before sending: nodes, length and driving time, or why there is none.</summary>
public sealed record RouteProposal(IReadOnlyList<uint> Route, double LengthMm, double Seconds, string? Error)
{
    public static RouteProposal Refused(string why, IReadOnlyList<uint>? route = null) => new(route ?? [], 0, 0, why);
}

/// <summary>What the live map's dispatch panel may do at the last node of a path (the choices it offers).</summary>
public enum FinalAction { None, LiftUp, LiftDown, ForkUp, ForkDown, RollIn, RollOut }

/// <summary>
/// The live map's dispatch: a proposed route to a destination, a check of a path clicked node by
/// node, and the dispatch itself (the same <see cref="VehicleCommands"/> as the REST API, audited as
/// the signed-in user). Role checks are the caller's (every handler of the panel checks first).
/// Faked in component tests.
/// </summary>
public interface IMapDispatch
{
    /// <summary>The fastest free route from where the AGV stands to <paramref name="target"/>.</summary>
    RouteProposal Propose(string serial, uint target);

    /// <summary>The route for nodes clicked in order (the AGV's own node is put first when left out).</summary>
    RouteProposal Check(string serial, uint mapId, IReadOnlyList<uint> nodeIds);

    Task<PathOutcome> DispatchAsync(string actor, string serial, uint mapId, IReadOnlyList<uint> nodeIds, TaskType task, FinalAction action);
}

public sealed class MapDispatch(FleetRegistry registry, SiteMaps maps, TrafficController traffic, VehicleCommands commands) : IMapDispatch
{
    public RouteProposal Propose(string serial, uint target)
    {
        var v = registry.Find(serial);
        if (v is null) return RouteProposal.Refused($"No AGV with serial '{serial}'.");
        var s = v.State;
        var map = maps.Find(s.MapId);
        if (map is null || !map.Contains(s.LastNodeId)) return RouteProposal.Refused($"{serial} is not standing on a node.");
        if (!map.Contains(target)) return RouteProposal.Refused($"Node {target} is not on {map.Name}.");
        // Around AGVs that stand still; AGVs on their way are waited for by traffic control.
        var route = PathPlanner.Fastest(map, s.LastNodeId, target, v.MaxSpeed, n => commands.Trips.Obstacle(serial, n), v.WidthMm);
        if (route is null)
            return RouteProposal.Refused(traffic.BlockedFor(serial, target)
                ? $"Node {target} is held by {traffic.HolderOf(target) ?? "another AGV"}."
                : $"No free route from {s.LastNodeId} to {target} now.");
        return new RouteProposal(route.NodeIds, Math.Round(route.LengthMm), Math.Round(route.Seconds, 1), null);
    }

    public RouteProposal Check(string serial, uint mapId, IReadOnlyList<uint> nodeIds)
    {
        var v = registry.Find(serial);
        if (v is null) return RouteProposal.Refused($"No AGV with serial '{serial}'.");
        var (map, route, error) = commands.CheckRoute(v, mapId, nodeIds);
        if (error is not null || map is null) return RouteProposal.Refused(error ?? $"There is no map {mapId}.", route);
        var (length, seconds) = VehicleCommands.Measure(map, route, v.MaxSpeed);
        return new RouteProposal(route, Math.Round(length), Math.Round(seconds, 1), null);
    }

    public Task<PathOutcome> DispatchAsync(string actor, string serial, uint mapId, IReadOnlyList<uint> nodeIds, TaskType task, FinalAction action) =>
        commands.DispatchPathAsync(actor, serial, mapId, nodeIds, task, Actions(action));

    /// <summary>The actuator command of a final action (index 0: the AGV's first actuator of that type).</summary>
    public static ActuatorCommand[] Actions(FinalAction action) => action switch
    {
        FinalAction.LiftUp => [new ActuatorCommand(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftUp, 0, 0)],
        FinalAction.LiftDown => [new ActuatorCommand(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftDown, 0, 0)],
        FinalAction.ForkUp => [new ActuatorCommand(ActuatorType.Fork, 0, 1, 1000, 0)],
        FinalAction.ForkDown => [new ActuatorCommand(ActuatorType.Fork, 0, 1, 0, 0)],
        FinalAction.RollIn => [new ActuatorCommand(ActuatorType.Roller, 0, 1, 500, 0)],
        FinalAction.RollOut => [new ActuatorCommand(ActuatorType.Roller, 0, 1, -500, 0)],
        _ => [],
    };
}
