using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Fleet.Dispatch;

/// <summary>
/// Every command a person or a business system sends to an AGV goes through here: it is checked
/// (the AGV exists and is online, the values are in range, the path is drivable on the AGV's
/// map) before anything is sent, sent as the protocol message, and written to the audit log with
/// who, what and the AGV's answer. Nothing is ever sent to an offline AGV.
/// </summary>
public sealed class VehicleCommands : Traffic.ITripSender, IDisposable
{
    private readonly FleetRegistry registry;
    private readonly SiteMaps maps;
    private readonly IAuditSink audit;
    private readonly IParameterRepository parameters;
    private readonly ILogger<VehicleCommands> logger;

    public VehicleCommands(FleetRegistry registry, SiteMaps maps, IAuditSink audit, IParameterRepository parameters, ILogger<VehicleCommands> logger,
        TimeProvider? clock = null)
    {
        this.registry = registry;
        this.maps = maps;
        this.audit = audit;
        this.parameters = parameters;
        this.logger = logger;
        Trips = new Traffic.TrafficHost(registry, maps, this, logger, clock);
    }

    /// <summary>Every goal is driven by the traffic kernel's host, which sends what the kernel grants through this class (checked and audited).</summary>
    public Traffic.TrafficHost Trips { get; }

    public void Dispose() => Trips.Dispose();

    bool Traffic.ITripSender.IsOnline(Vehicle v) => v.Online;

    Task<CommandOutcome> Traffic.ITripSender.SwitchMapAsync(string actor, Vehicle v, uint targetMapId) => MapSwitchAsync(actor, v.Serial, targetMapId);

    async Task<CommandOutcome> Traffic.ITripSender.SendAsync(string actor, Vehicle v, MotionControl motion, string detail)
    {
        if (v.Session is not { IsOnline: true } session) return await AuditAsync(actor, "path", v.Serial, detail, CommandOutcome.Offline(v.Serial));
        var r = await session.SendPathAsync(motion);
        // Busy or not possible in its state: the AGV is still finishing the piece before, and traffic
        // control sends it again (a new task, or after a moment); audited, but no "command failed" alarm.
        bool retried = r.Result is ResultCode.Busy or ResultCode.RejectedInState;
        return await AuditAsync(actor, "path", v.Serial, detail, CommandOutcome.FromAnswer(motion.Path.Count > 0 ? $"Path to {motion.Path[^1].NodeId} (task {motion.TaskId})" : $"Final action (task {motion.TaskId})", r.Result),
            alarm: !retried);
    }

    private const uint None = 0xFFFFFFFF;
    private static int _nextTask = (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000_000) * 10;

    /// <summary>Task ids are unique within a console run and, seeded from the clock, across restarts.</summary>
    public static uint NextTaskId() => (uint)Interlocked.Increment(ref _nextTask);

    /// <summary>A command was sent and the AGV refused it or did not answer (the alarm engine listens).</summary>
    public event Action<string, string, CommandOutcome>? CommandFailed;

    private async Task<CommandOutcome> AuditAsync(string actor, string action, string serial, string detail, CommandOutcome outcome, bool alarm = true)
    {
        if (alarm && outcome.Kind == OutcomeKind.AgvRefused) CommandFailed?.Invoke(serial, $"{action}: {detail}", outcome);
        await audit.TryWriteAsync(logger, actor, action, serial, detail, outcome.Sent ? $"{outcome.Result}: {outcome.Message}" : $"not sent: {outcome.Message}");
        return outcome;
    }

    private (Vehicle? Vehicle, CommandOutcome? Refusal) Online(string serial)
    {
        var v = registry.Find(serial);
        if (v is null) return (null, CommandOutcome.Unknown(serial));
        if (v.Session is not { IsOnline: true }) return (v, CommandOutcome.Offline(serial));
        return (v, null);
    }

    public async Task<CommandOutcome> MotionAsync(string actor, string serial, MotionCommandKind command)
    {
        string what = command switch
        {
            MotionCommandKind.Pause => "Pause", MotionCommandKind.Resume => "Resume", MotionCommandKind.Cancel => "Cancel task",
            MotionCommandKind.EmergencyStop => "Emergency stop", MotionCommandKind.ReleaseEmergencyStop => "Release emergency stop",
            _ => command.ToString(),
        };
        if (!Enum.IsDefined(command)) return await AuditAsync(actor, "motion command", serial, $"{(byte)command}", CommandOutcome.Invalid($"Unknown command {(byte)command}."));
        var (v, refusal) = Online(serial);
        if (refusal is not null) return await AuditAsync(actor, "motion command", serial, what, refusal);
        var task = v!.State.TaskId;
        var trip = Trips.Of(serial);
        if (command == MotionCommandKind.Cancel && trip is not null && (task == None || task == 0))
        {
            // The trip waits between pieces: the AGV has no task to cancel, the console ends the trip.
            Trips.Abandon(serial, Protocol.Messages.TaskStatus.Cancelled);
            return await AuditAsync(actor, "motion command", serial, $"{what} (task {trip.Id}, waiting for its way)", new CommandOutcome(OutcomeKind.Done, $"Task {trip.Id} cancelled."));
        }
        var r = await v.Session!.SendMotionCommandAsync(task == None ? 0 : task, command);
        return await AuditAsync(actor, "motion command", serial, what, CommandOutcome.FromAnswer(what, r.Result));
    }

    public async Task<CommandOutcome> ChargeAsync(string actor, string serial, ChargeCommand command, uint stationNodeId)
    {
        string what = command == ChargeCommand.Start ? $"Start charging at {stationNodeId}" : "Stop charging";
        var (v, refusal) = Online(serial);
        if (refusal is not null) return await AuditAsync(actor, "charge", serial, what, refusal);
        var map = maps.Find(v!.State.MapId);
        if (command == ChargeCommand.Start && map?.Node(stationNodeId) is not { Kind: MapNodeKind.Charging })
            return await AuditAsync(actor, "charge", serial, what, CommandOutcome.Invalid($"Node {stationNodeId} is not a charging station on the AGV's map."));
        var r = await v.Session!.SendChargeAsync(command, stationNodeId);
        return await AuditAsync(actor, "charge", serial, what, CommandOutcome.FromAnswer(what, r.Result));
    }

    public async Task<CommandOutcome> NavigationSwitchAsync(string actor, string serial, NavigationType navType, uint atNodeId)
    {
        string what = $"Switch navigation to {navType} at {atNodeId}";
        if (!Enum.IsDefined(navType) || navType == NavigationType.Unknown)
            return await AuditAsync(actor, "navigation switch", serial, what, CommandOutcome.Invalid($"Unknown navigation type {(byte)navType}."));
        var (v, refusal) = Online(serial);
        if (refusal is not null) return await AuditAsync(actor, "navigation switch", serial, what, refusal);
        if (maps.Find(v!.State.MapId)?.Node(atNodeId) is null)
            return await AuditAsync(actor, "navigation switch", serial, what, CommandOutcome.Invalid($"Node {atNodeId} is not on the AGV's map."));
        var r = await v.Session!.SendNavigationSwitchAsync(navType, atNodeId);
        return await AuditAsync(actor, "navigation switch", serial, what, CommandOutcome.FromAnswer(what, r.Result));
    }

    /// <summary>Switches floors: the AGV must stand on a lift node; it continues on the map of the lift node linked to it.</summary>
    public async Task<CommandOutcome> MapSwitchAsync(string actor, string serial, uint targetMapId)
    {
        string what = $"Switch to map {targetMapId}";
        var (v, refusal) = Online(serial);
        if (refusal is not null) return await AuditAsync(actor, "map switch", serial, what, refusal);
        var s = v!.State;
        var here = maps.Find(s.MapId)?.Node(s.LastNodeId);
        var target = maps.Find(targetMapId);
        if (target is null) return await AuditAsync(actor, "map switch", serial, what, CommandOutcome.Invalid($"There is no map {targetMapId}."));
        if (here is not { Kind: MapNodeKind.Lift, LinkedNodeId: { } linked } || target.Node(linked) is not { } entry)
            return await AuditAsync(actor, "map switch", serial, what,
                CommandOutcome.Invalid($"{serial} must stand on a lift node linked to {target.Name} (it is at node {(s.LastNodeId == None ? "–" : s.LastNodeId)})."));
        var r = await v.Session!.SendMapSwitchAsync(targetMapId, entry.Id, new Pose(entry.X, entry.Y, s.Pose.Theta));
        return await AuditAsync(actor, "map switch", serial, $"{what} via lift {here.Id} → {entry.Id}", CommandOutcome.FromAnswer(what, r.Result));
    }

    /// <summary>
    /// Sends a manual path. The nodes must exist on the AGV's current map and each consecutive pair
    /// be joined by an edge drivable in that direction; the route starts at the AGV's current node
    /// (prepended when the first node given is its neighbour).
    /// </summary>
    public async Task<PathOutcome> DispatchPathAsync(string actor, string serial, uint mapId, IReadOnlyList<uint> nodeIds, TaskType taskType, ActuatorCommand[] finalActions)
    {
        string detail = $"map {mapId}, {taskType}, nodes {string.Join("→", nodeIds)}{(finalActions.Length > 0 ? $", final action {finalActions[0].ActuatorType}/{finalActions[0].Command}" : "")}";
        async Task<PathOutcome> Fail(CommandOutcome o) => new(await AuditAsync(actor, "path", serial, detail, o), 0, [], 0, 0);

        var (v, refusal) = Online(serial);
        if (refusal is not null) return await Fail(refusal);
        var (map, route, error) = CheckRoute(v!, mapId, nodeIds);
        if (error is not null) return await Fail(CommandOutcome.Invalid(error));
        if (!Enum.IsDefined(taskType)) return await Fail(CommandOutcome.Invalid($"Unknown task type {(byte)taskType}."));

        var vehicle = v!;
        for (int i = 1; i < route.Count; i++)
        {
            if (!map!.EdgeFor(route[i - 1], route[i])!.Fits(vehicle.WidthMm))
                return await Fail(CommandOutcome.Invalid($"The edge {route[i - 1]}→{route[i]} is closed or too narrow for {serial} ({vehicle.WidthMm} mm wide)."));
            if (map.Node(route[i])!.MaxWidthMm is { } w && vehicle.WidthMm > w)
                return await Fail(CommandOutcome.Invalid($"Node {route[i]} is too narrow for {serial} ({vehicle.WidthMm} mm wide, the node takes {w} mm)."));
        }
        // The traffic kernel drives it to the path's end: it grants the way piece by piece, around the
        // other AGVs (the route given is what is drawn and measured; the kernel may choose another way).
        var (length, seconds) = Measure(map!, route, vehicle.MaxSpeed);
        return await StartTripAsync(actor, vehicle, route[^1], taskType, finalActions, detail, route, length, seconds);
    }

    /// <summary>Starts a trip; its start or refusal is audited here (each piece sent, the AGV's link audits).</summary>
    private async Task<PathOutcome> StartTripAsync(string actor, Vehicle v, uint target, TaskType type, ActuatorCommand[] actions,
        string detail, IReadOnlyList<uint> whole, double length, double seconds, int priority = 0)
    {
        var (outcome, trip) = await Trips.StartAsync(actor, v, target, type, actions, whole, priority);
        await AuditAsync(actor, "path", v.Serial, detail, outcome);
        return trip is null ? new PathOutcome(outcome, 0, [], 0, 0) : new PathOutcome(outcome, trip.Id, whole, length, seconds);
    }

    /// <summary>
    /// Sends a planned journey (one or more floors): each leg is driven under traffic control and
    /// each lift ridden with a MapSwitch; to the caller it is one task. The first leg starts where the AGV stands.
    /// </summary>
    /// <param name="priority">0–9, an order's priority: the kernel lets urgent AGVs go first.</param>
    public async Task<PathOutcome> DispatchJourneyAsync(string actor, string serial, Planning.PlannedJourney journey, TaskType taskType, ActuatorCommand[] finalActions,
        int priority = 0)
    {
        string detail = $"{taskType} to {journey.Target} via " + string.Join(" ⇅ ", journey.Legs.Select(l => $"map {l.MapId}: {string.Join("→", l.NodeIds)}"));
        var (v, refusal) = Online(serial);
        if (refusal is not null) return new(await AuditAsync(actor, "path", serial, detail, refusal), 0, [], 0, 0);
        var first = journey.Legs[0];
        var map = maps.Find(first.MapId);
        if (map is null || v!.State.MapId != first.MapId || v.State.LastNodeId != first.NodeIds[0])
            return new(await AuditAsync(actor, "path", serial, detail, CommandOutcome.Invalid($"{serial} is not at the journey's first node {first.NodeIds[0]}.")), 0, [], 0, 0);
        return await StartTripAsync(actor, v, journey.Target, taskType, finalActions, detail,
            journey.Legs.SelectMany(l => l.NodeIds).ToList(), 0, journey.Seconds, priority);
    }

    /// <summary>
    /// The route the AGV would drive for <paramref name="nodeIds"/>, or why it cannot: the nodes must
    /// be on the AGV's current map, joined in order by edges drivable in that direction, starting
    /// at the AGV's node (prepended when the first node given is its neighbour).
    /// </summary>
    public (SiteMap? Map, List<uint> Route, string? Error) CheckRoute(Vehicle v, uint mapId, IReadOnlyList<uint> nodeIds)
    {
        var route = new List<uint>(nodeIds.Count + 1);
        var map = maps.Find(mapId);
        if (map is null) return (null, route, $"There is no map {mapId}.");
        var s = v.State;
        if (s.MapId != mapId) return (map, route, $"{v.Serial} is on map {s.MapId}, not on map {mapId}.");
        if (nodeIds.Count == 0) return (map, route, "The path has no nodes.");
        foreach (var id in nodeIds)
            if (!map.Contains(id)) return (map, route, $"Node {id} does not exist on {map.Name}.");
        if (!map.Contains(s.LastNodeId)) return (map, route, $"{v.Serial} is not standing on a node of {map.Name}; it cannot be given a path.");
        if (nodeIds[0] != s.LastNodeId) route.Add(s.LastNodeId);
        route.AddRange(nodeIds);
        for (int i = 1; i < route.Count; i++)
            if (map.EdgeFor(route[i - 1], route[i]) is null)
                return (map, route, map.EdgeFor(route[i], route[i - 1]) is not null
                    ? $"The edge {route[i - 1]}→{route[i]} is one-way the other way."
                    : $"Nodes {route[i - 1]} and {route[i]} are not joined by an edge.");
        if (route.Count < 2) return (map, route, $"{v.Serial} is already at node {route[0]}.");
        return (map, route, null);
    }

    /// <summary>Length and driving time of a route at the edges' limits, capped by the vehicle's maximum.</summary>
    public static (double LengthMm, double Seconds) Measure(SiteMap map, IReadOnlyList<uint> route, int vehicleMaxSpeed)
    {
        double length = 0, seconds = 0;
        for (int i = 1; i < route.Count; i++)
        {
            var a = map.Node(route[i - 1])!;
            var b = map.Node(route[i])!;
            double d = SiteMap.Distance(a, b);
            length += d;
            seconds += d / Math.Max(1, Math.Min(map.EdgeFor(a.Id, b.Id)?.MaxSpeed ?? vehicleMaxSpeed, vehicleMaxSpeed));
        }
        return (length, seconds);
    }

    /// <summary>Checks every value against PROTOCOL.md's ranges; null when all are valid, else the reasons.</summary>
    public static string? ValidateParameters(IReadOnlyDictionary<ParamId, long> values)
    {
        var errors = new List<string>();
        foreach (var (id, value) in values)
        {
            var d = ParameterCatalog.Find(id);
            if (d is null) errors.Add($"unknown parameter 0x{(ushort)id:X4}");
            else if (!d.InRange(value)) errors.Add($"{d.Name} must be between {d.Min} and {d.Max}, got {value}");
        }
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    /// <summary>Sends ParamSet (after checking every range), waits for the AGV's answer, stores what it accepted.</summary>
    /// <param name="store">false for values that are not the AGV's own (type defaults re-applied at registration).</param>
    public async Task<ParameterOutcome> SetParametersAsync(string actor, string serial, IReadOnlyDictionary<ParamId, long> values, string action = "parameters", bool store = true)
    {
        string detail = string.Join(", ", values.Select(kv => $"{ParameterCatalog.Find(kv.Key)?.Name ?? kv.Key.ToString()}={kv.Value}"));
        var empty = new Dictionary<ParamId, ResultCode>();
        if (values.Count == 0) return new(await AuditAsync(actor, action, serial, detail, CommandOutcome.Invalid("No parameter to set.")), empty);
        if (ValidateParameters(values) is { } invalid) return new(await AuditAsync(actor, action, serial, detail, CommandOutcome.Invalid(invalid)), empty);
        var (v, refusal) = Online(serial);
        if (refusal is not null) return new(await AuditAsync(actor, action, serial, detail, refusal), empty);

        var r = await v!.Session!.SetParametersAsync(values.Select(kv => ParameterCatalog.Find(kv.Key)!.With(kv.Value)).ToArray());
        if (!r.IsOk) return new(await AuditAsync(actor, action, serial, detail, CommandOutcome.FromAnswer("Set parameters", r.Result)), empty);
        var results = r.Body!.Results.ToDictionary(x => x.Id, x => x.Result);
        var accepted = values.Where(kv => results.GetValueOrDefault(kv.Key, ResultCode.InternalError) == ResultCode.Ok).ToDictionary();
        if (store) await parameters.SaveForAgvAsync(serial, accepted);
        int refused = values.Count - accepted.Count;
        var outcome = refused == 0
            ? new CommandOutcome(OutcomeKind.Done, $"The AGV accepted all {accepted.Count} parameters.")
            : new CommandOutcome(OutcomeKind.AgvRefused, $"The AGV accepted {accepted.Count} and refused {refused} parameters.", ResultCode.BadParameter);
        await AuditAsync(actor, action, serial, detail + " → " + string.Join(", ", results.Select(x => $"{ParameterCatalog.Find(x.Key)?.Name ?? x.Key.ToString()}: {x.Value}")), outcome);
        return new(outcome, results);
    }

    /// <summary>ParamQuery: what the AGV really holds.</summary>
    public async Task<(CommandOutcome Outcome, IReadOnlyDictionary<ParamId, long> Values)> QueryParametersAsync(string actor, string serial)
    {
        var (v, refusal) = Online(serial);
        if (refusal is not null) return (refusal, new Dictionary<ParamId, long>());
        var r = await v!.Session!.QueryParametersAsync();
        var outcome = CommandOutcome.FromAnswer("Read parameters", r.Result);
        var values = r.Body?.Params.Where(p => p.Type != ParamValueType.Str).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().Value)
                     ?? new Dictionary<ParamId, long>();
        return (outcome, values);
    }
}
