using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Fleet.Dispatch;

/// <summary>
/// Keeps the demo site lively: now and then sends an idle, online AGV of the demo fleet a real
/// MotionControl to a random node of its map (planned with <see cref="PathPlanner"/>), so the
/// live map has something to show. Only AGVs whose serial starts with the demo prefix are moved.
/// Its routes go around nodes other AGVs hold and through traffic control like any other.
/// </summary>
public sealed class DemoTraffic(FleetRegistry registry, SiteMaps maps, VehicleCommands commands, ILogger<DemoTraffic> logger)
{
    public const string Actor = "demo traffic";
    private readonly Random _rng = new(7);

    public string SerialPrefix { get; init; } = "DEMO-";

    /// <summary>AGVs serving transport orders are left alone.</summary>
    public Func<string, bool> IsBusy { get; init; } = _ => false;

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (await timer.WaitForNextTickAsync(ct))
        {
            foreach (var v in registry.All.Where(v => v.Serial.StartsWith(SerialPrefix, StringComparison.Ordinal)))
            {
                try { await MaybeDispatchAsync(v); }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Demo dispatch to {Serial} failed", v.Serial); }
            }
        }
    }

    private async Task MaybeDispatchAsync(Vehicle v)
    {
        if (v.Session is not { IsOnline: true } || !v.AutoDispatch || IsBusy(v.Serial)) return;
        var s = v.State;
        if (s.AgvState != AgvState.Idle || _rng.Next(3) != 0) return;
        var map = maps.Find(s.MapId);
        if (map is null) return;
        if (!map.Contains(s.LastNodeId)) return; // not on a node: nothing to start from
        var here = s.LastNodeId;
        var candidates = map.Nodes.Where(n => n.Kind is MapNodeKind.Normal or MapNodeKind.Parking && n.Id != here && !commands.Trips.BlockedFor(v.Serial, n.Id)).ToList();
        if (candidates.Count == 0) return;
        var goal = candidates[_rng.Next(candidates.Count)];
        var route = PathPlanner.Fastest(map, here, goal.Id, v.MaxSpeed, n => commands.Trips.Obstacle(v.Serial, n), v.WidthMm);
        if (route is null || route.NodeIds.Count < 2) return;
        // Through the same checks and audit log as a person's dispatch.
        await commands.DispatchPathAsync(Actor, v.Serial, map.MapId, route.NodeIds, TaskType.Move, []);
    }
}

/// <summary>Turns a route (node ids on one map) into a MotionControl: one path point per node after the first.</summary>
public static class MotionBuilder
{
    public static MotionControl Build(SiteMap map, uint taskId, TaskType type, IReadOnlyList<uint> nodeIds, int vehicleMaxSpeed, ActuatorCommand[] finalActions)
    {
        var points = new List<PathPoint>();
        for (int i = 1; i < nodeIds.Count; i++)
        {
            var from = map.Node(nodeIds[i - 1])!;
            var to = map.Node(nodeIds[i])!;
            var edge = map.EdgeFor(from.Id, to.Id) ?? throw new ArgumentException($"no edge {from.Id}→{to.Id} on map {map.MapId}");
            double heading = Math.Atan2(to.Y - from.Y, to.X - from.X);
            bool last = i == nodeIds.Count - 1;
            points.Add(new PathPoint(to.Id, new Pose(to.X, to.Y, Pose.ToMilliradians(heading)),
                last ? (finalActions.Length > 0 ? TargetAttribute.Action : TargetAttribute.Stop) : TargetAttribute.PassThrough,
                MoveType.Forward, Trajectory.Line, Math.Min(edge.MaxSpeed, vehicleMaxSpeed), EquatableArray<Pose>.Empty, EquatableArray<ActuatorCommand>.Empty));
        }
        return new MotionControl(taskId, type, false, points.ToArray(), finalActions);
    }
}
