using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Drives every trip under traffic control. A trip's route is granted <see cref="Lookahead"/>
/// nodes ahead of the AGV and sent as it is granted: the first piece as a MotionControl, each
/// further piece as a MotionControl with append (PROTOCOL.md leaves open what an AGV does at
/// the end of its path; if it finished the task there, the next piece goes out as a new task).
/// Its reports release what lies behind. An AGV that stands at the end of its grant while the
/// next piece is held by another AGV waits; a wait that lasts <see cref="DeadlockAfter"/> is
/// examined: a cycle of waiting AGVs is a deadlock, broken by re-planning one of them around
/// the others or, when no way around exists, backing one off to a free node; an AGV waiting on
/// an idle AGV gets a way around it or has it moved aside.
/// </summary>
public sealed class TripDriver(FleetRegistry registry, SiteMaps maps, TrafficController traffic, ITripSender sender, ILogger logger) : ITrafficWaits
{
    public int Lookahead { get; init; } = 3;
    public TimeSpan DeadlockAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>mm: an AGV this close to its last node stands on it.</summary>
    public int StandingToleranceMm { get; init; } = 150;

    private readonly object _gate = new();
    private readonly Dictionary<string, Trip> _trips = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _run = new(1, 1);

    /// <summary>Task reports in the trips' terms (task id = trip id; a piece finishing mid-trip is not reported). Orders listen.</summary>
    public event Action<Vehicle, TaskReport>? Reported;

    /// <summary>A deadlock or a wait on an idle AGV was resolved: a description, for the log, tests and counters.</summary>
    public event Action<string>? Resolved;

    public long DeadlocksResolved;

    public Trip? Of(string serial)
    {
        lock (_gate) return _trips.GetValueOrDefault(serial);
    }

    public IReadOnlyList<Trip> All
    {
        get { lock (_gate) return _trips.Values.ToArray(); }
    }

    public IReadOnlyList<TrafficWait> Waiting
    {
        get
        {
            // Trips change on the traffic tick, not under _gate: each field is read once (a gauge may be a tick behind).
            var waits = new List<TrafficWait>();
            lock (_gate)
                foreach (var t in _trips.Values)
                    if (t.WaitingSince is { } since && t.WaitingFor is not null) waits.Add(new TrafficWait(t.Serial, since));
            return waits;
        }
    }

    /// <summary>
    /// For planning a new route: whether <paramref name="node"/> is blocked for <paramref name="serial"/>
    /// by an AGV that is not driving a trip (standing, charging, offline, or holding a space).
    /// AGVs on trips move on and are waited for, not planned around.
    /// </summary>
    public bool Obstacle(string serial, uint node)
    {
        var by = traffic.BlockerOf(serial, node);
        return by is not null && Of(by) is null;
    }

    /// <summary>Starts a trip on a checked route (first node = where the AGV stands). Nothing is sent unless its first piece can be granted.</summary>
    /// <param name="then">legs on other floors, after riding the lift <paramref name="route"/> ends on.</param>
    /// <param name="waitForWay">when the first step is held, start anyway: the trip waits for it like any wait
    /// (an idle AGV there is moved aside). Otherwise nothing starts and the outcome says who holds it.</param>
    public async Task<(CommandOutcome Outcome, Trip? Trip)> StartAsync(string actor, Vehicle v, SiteMap map, List<uint> route, TaskType type, ActuatorCommand[] finalActions,
        IEnumerable<PlannedLeg>? then = null, bool waitForWay = false)
    {
        await _run.WaitAsync();
        try
        {
            HoldStanding();
            return await StartCoreAsync(actor, v, map, route, type, finalActions, then, waitForWay);
        }
        finally
        {
            _run.Release();
        }
    }

    private async Task<(CommandOutcome Outcome, Trip? Trip)> StartCoreAsync(string actor, Vehicle v, SiteMap map, List<uint> route, TaskType type, ActuatorCommand[] finalActions,
        IEnumerable<PlannedLeg>? then = null, bool waitForWay = false)
    {
        if (Of(v.Serial) is { } running)
            return (new CommandOutcome(OutcomeKind.Blocked, $"{v.Serial} is driving task {running.Id} to node {running.Target}: cancel it first.", ResultCode.Busy), null);
        traffic.Occupy(v.Serial, route[0]);
        var trip = new Trip { Id = VehicleCommands.NextTaskId(), Serial = v.Serial, Actor = actor, MapId = map.MapId, Type = type, FinalActions = finalActions, Route = route, Then = new(then ?? []) };
        trip.TaskId = trip.Id;
        CommandOutcome outcome;
        if (route.Count == 1 && !trip.LastLeg)
            outcome = new CommandOutcome(OutcomeKind.Done, $"Task {trip.Id}: rides the lift from {route[0]}."); // the ride is the first thing the tick does
        else
        {
            var (granted, by, at) = traffic.Extend(v.Serial, route, 0, Lookahead);
            if (granted == 0 && !waitForWay)
            {
                traffic.Settle(v.Serial, route[0]);
                return (new CommandOutcome(OutcomeKind.Blocked,
                    $"The way out ({at}) is held by {by}: the path was not sent. Try again when it has moved, or choose another way.", ResultCode.Busy), null);
            }
            trip.Granted = granted;
            // Held (and waiting for it): nothing is sent yet; the tick sends the first piece as a new task once it is granted.
            outcome = granted == 0
                ? new CommandOutcome(OutcomeKind.Done, $"Task {trip.Id}: waits for its way out ({at}), held by {by}.")
                : await SendAsync(trip, v, map, 0, append: false);
            if (!outcome.Ok)
            {
                traffic.Settle(v.Serial, route[0]);
                return (outcome, null);
            }
        }
        lock (_gate) _trips[v.Serial] = trip;
        v.CurrentPath = route;
        registry.Touch(v);
        return (outcome, trip);
    }

    /// <summary>Sends <c>Route[from..Granted]</c>: appended to the AGV's task, or as a new task.</summary>
    private async Task<CommandOutcome> SendAsync(Trip trip, Vehicle v, SiteMap map, int from, bool append)
    {
        var nodes = trip.Route.GetRange(from, trip.Granted - from + 1);
        bool last = trip.Granted == trip.Route.Count - 1 && trip.LastLeg;
        var motion = MotionBuilder.Build(map, trip.TaskId, trip.LastLeg ? trip.Type : TaskType.Move, nodes, v.MaxSpeed, last ? trip.FinalActions : []) with { Append = append };
        string detail = $"task {trip.TaskId}{(trip.TaskId != trip.Id ? $" (continues {trip.Id})" : "")}{(append ? ", append" : "")}: map {trip.MapId}, {trip.Type}, nodes {string.Join("→", nodes)}"
                        + (last ? $" (end{(trip.FinalActions.Length > 0 ? $", final action {trip.FinalActions[0].ActuatorType}" : "")})" : $" (granted so far; to {trip.Target})");
        var outcome = await sender.SendAsync(trip.Actor, v, motion, detail);
        if (outcome.Ok)
        {
            trip.Sent = trip.Granted;
            trip.TaskOpen = true;
            trip.SentOn = v.Session;
        }
        return outcome;
    }

    /// <summary>Follows the AGVs on trips: release behind, grant and send ahead, notice waits and resolve deadlocks.</summary>
    public async Task TickAsync(DateTimeOffset now)
    {
        await _run.WaitAsync();
        try
        {
            HoldStanding();
            foreach (var trip in All)
            {
                try { await AdvanceAsync(trip, now); }
                catch (Exception e) { logger.LogWarning(e, "Traffic control for {Serial}'s task {Id} failed", trip.Serial, trip.Id); }
            }
            await ResolveWaitsAsync(now);
        }
        finally
        {
            _run.Release();
        }
    }

    /// <summary>
    /// Every online AGV not on a trip holds the node it reports standing on, before anything is
    /// granted: an AGV that has just connected stands somewhere even if nothing was sent to it yet.
    /// </summary>
    public void HoldStanding()
    {
        foreach (var v in registry.All)
        {
            if (!sender.IsOnline(v) || Of(v.Serial) is not null) continue;
            var s = v.State;
            if (maps.Find(s.MapId)?.Node(s.LastNodeId) is not { } node) continue;
            // Only an AGV standing on its node gives up the rest: one stopped between nodes (a cancelled task) keeps the edge it is on.
            if (Math.Abs(s.Pose.X - node.X) > StandingToleranceMm || Math.Abs(s.Pose.Y - node.Y) > StandingToleranceMm) continue;
            traffic.Settle(v.Serial, s.LastNodeId);
        }
    }

    private async Task AdvanceAsync(Trip trip, DateTimeOffset now)
    {
        var v = registry.Find(trip.Serial);
        var map = maps.Find(trip.MapId);
        if (v is null || map is null) { End(trip, null); return; }
        if (!sender.IsOnline(v)) { trip.WaitingFor = null; trip.WaitingSince = null; return; } // keeps what it holds
        var s = v.State;
        int at = trip.Route.IndexOf(s.LastNodeId, trip.Reached);
        if (at >= 0 && at <= trip.Sent)
        {
            trip.Reached = at;
            traffic.Progress(trip.Serial, s.LastNodeId);
        }
        // A new session (the AGV reconnected) whose AGV reports no task lost it: what is granted goes out again.
        if (trip.TaskOpen && !ReferenceEquals(trip.SentOn, v.Session) && s.TaskId != trip.TaskId && s.AgvState == AgvState.Idle) trip.TaskOpen = false;
        if (trip.Arrived)
        {
            Finish(trip, v, new TaskReport(trip.Id, TaskStatus.Finished, (ushort)(trip.Route.Count - 2), 0));
            return;
        }
        if (!trip.LastLeg && await RideAsync(trip, v, s)) return;

        int limit = trip.Route.Count - 1;
        if (trip.AsideIndex is { } aside)
        {
            // Backing off: hold at the aside node until the AGV it made way for has passed, then plan the rest afresh.
            limit = aside;
            if (trip.Reached == aside)
            {
                trip.AsideSince ??= now;
                // The idle AGV it stepped back for may have its way out now (a dead-end corner's only exit was this AGV's node).
                if (trip.AsideFor is { } idle && await MakeWayAsync(idle, trip.Route.Skip(aside + 1).ToHashSet(), $"make way for {trip.Serial}"))
                {
                    Announce($"{trip.Serial} stepped back for {idle}: {idle} moves aside");
                    trip.AsideFor = null;
                }
                if (now - trip.AsideSince >= DeadlockAfter)
                {
                    trip.AsideIndex = null;
                    trip.AsideSince = null;
                    trip.AsideFor = null;
                    var rest = PathPlanner.Fastest(map, trip.Route[aside], trip.Target, v.MaxSpeed, n => Obstacle(trip.Serial, n), v.WidthMm);
                    if (rest is not null) trip.Route = trip.Route.Take(aside).Concat(rest.NodeIds).ToList();
                    v.CurrentPath = trip.Route;
                    registry.Touch(v);
                    limit = trip.Route.Count - 1;
                }
            }
        }
        if (trip.Granted < limit && trip.Granted - trip.Reached < Lookahead)
        {
            var (granted, by, _) = traffic.Extend(trip.Serial, trip.Route, trip.Granted, Math.Min(limit - trip.Granted, Lookahead - (trip.Granted - trip.Reached)));
            trip.Granted = granted;
            if (by is not null && trip.Reached == trip.Granted)
            {
                if (trip.WaitingFor != by) trip.WaitingSince = now;
                trip.WaitingFor = by;
            }
            else
            {
                trip.WaitingFor = null;
                trip.WaitingSince = null;
            }
        }
        if (trip.Sent < trip.Granted)
        {
            if (trip.TaskOpen)
            {
                var o = await SendAsync(trip, v, map, trip.Sent, append: true);
                if (o.Kind == OutcomeKind.AgvRefused) trip.TaskOpen = false; // it finished the last piece meanwhile: a new task below
            }
            if (!trip.TaskOpen && s.AgvState == AgvState.Idle && s.LastNodeId == trip.Route[trip.Reached])
            {
                trip.TaskId = VehicleCommands.NextTaskId();
                await SendAsync(trip, v, map, trip.Reached, append: false);
            }
        }
    }

    /// <summary>
    /// At the end of a leg that ends on a lift: MapSwitch to the next floor; once the AGV reports
    /// standing on the next leg's first node there, that leg starts. Returns whether the trip is riding (nothing else to do).
    /// </summary>
    private async Task<bool> RideAsync(Trip trip, Vehicle v, State s)
    {
        var next = trip.Then.Peek();
        if (trip.Switching)
        {
            if (s.MapId != next.MapId || s.LastNodeId != next.NodeIds[0] || s.AgvState != AgvState.Idle) return true;
            trip.Then.Dequeue();
            trip.Switching = false;
            trip.MapId = next.MapId;
            trip.Route = next.NodeIds.ToList();
            trip.Reached = trip.Granted = trip.Sent = 0;
            trip.TaskOpen = false;
            trip.TaskId = VehicleCommands.NextTaskId();
            traffic.Settle(trip.Serial, next.NodeIds[0]); // off the lift on the floor it left
            v.CurrentPath = trip.Route;
            registry.Touch(v);
            if (trip.Route.Count == 1 && trip.LastLeg) Finish(trip, v, new TaskReport(trip.Id, TaskStatus.Finished, 0, 0));
            return true;
        }
        if (!trip.FullySent || trip.TaskOpen || trip.Reached != trip.Route.Count - 1 || s.AgvState != AgvState.Idle) return false;
        var o = await sender.SwitchMapAsync(trip.Actor, v, next.MapId);
        if (o.Ok) trip.Switching = true;
        return true;
    }

    /// <summary>An AGV's TaskReport: pieces of a trip are folded into the trip; reports of other tasks pass through unchanged.</summary>
    public void OnTaskReport(Vehicle v, TaskReport report)
    {
        Trip? trip;
        lock (_gate) trip = _trips.GetValueOrDefault(v.Serial);
        if (trip is null || (report.TaskId != trip.TaskId && report.TaskId != trip.Id))
        {
            if (trip is null && report.Status is TaskStatus.Finished or TaskStatus.Failed or TaskStatus.Cancelled && v.CurrentPath.Count > 0)
            {
                v.CurrentPath = [];
                registry.Touch(v);
            }
            Reported?.Invoke(v, report);
            return;
        }
        var asTrip = report with { TaskId = trip.Id };
        switch (report.Status)
        {
            case TaskStatus.Accepted or TaskStatus.Running:
                if (report.TaskId == trip.Id) Reported?.Invoke(v, asTrip);
                break;
            case TaskStatus.Finished when report.TaskId == trip.TaskId:
                trip.TaskOpen = false;
                if (trip.FullySent && trip.LastLeg) Finish(trip, v, asTrip with { PointIndex = (ushort)(trip.Route.Count - 2) });
                break; // a piece ended: the next one goes out as a new task when granted
            case TaskStatus.Failed or TaskStatus.Cancelled when report.TaskId == trip.TaskId:
                Finish(trip, v, asTrip);
                break;
        }
    }

    /// <summary>Ends the AGV's trip on the console's side (it was cancelled while the AGV had no piece to cancel, or its holdings were released).</summary>
    public bool Abandon(string serial, TaskStatus status)
    {
        var trip = Of(serial);
        if (trip is null) return false;
        var v = registry.Find(serial);
        if (v is null) End(trip, null);
        else Finish(trip, v, new TaskReport(trip.Id, status, (ushort)Math.Max(0, trip.Reached - 1), 0));
        return true;
    }

    private void Finish(Trip trip, Vehicle v, TaskReport report)
    {
        if (!End(trip, v, report.Status == TaskStatus.Finished)) return;
        Reported?.Invoke(v, report);
    }

    /// <param name="arrived">the AGV finished at the route's end: it keeps that node. Otherwise it keeps
    /// what it holds until it reports standing on a node (it may have stopped between two).</param>
    private bool End(Trip trip, Vehicle? v, bool arrived = false)
    {
        lock (_gate)
            if (!_trips.TryGetValue(trip.Serial, out var t) || t != trip || !_trips.Remove(trip.Serial)) return false;
        // The task report can come before the state report that shows the last node: the route's end is where it is.
        if (arrived) traffic.Settle(trip.Serial, trip.Route[^1]);
        if (v is not null)
        {
            v.CurrentPath = [];
            registry.Touch(v);
        }
        return true;
    }

    // ---- Waits and deadlocks ----

    private async Task ResolveWaitsAsync(DateTimeOffset now)
    {
        var trips = All.ToDictionary(t => t.Serial);
        var handled = new HashSet<string>();
        foreach (var w in trips.Values.Where(t => t.WaitingFor is not null && now - t.WaitingSince >= DeadlockAfter).OrderBy(t => t.WaitingSince))
        {
            if (handled.Contains(w.Serial)) continue;
            var blocker = w.WaitingFor!;
            if (!trips.TryGetValue(blocker, out var bt))
            {
                handled.Add(w.Serial);
                await AroundStandingAsync(w, blocker, now);
                continue;
            }
            // Follow who waits for whom; coming back to w is a cycle.
            var cycle = new List<Trip> { w };
            var cur = bt;
            while (cur is not null && cur != w && !cycle.Contains(cur) && cur.WaitingFor is { } next && now - cur.WaitingSince >= DeadlockAfter)
            {
                cycle.Add(cur);
                cur = trips.GetValueOrDefault(next);
            }
            if (cur != w)
            {
                // Waiting on a moving AGV, or at the end of a chain: it will move on. A wait far longer
                // than that (a chain ending in a stuck AGV, a gridlock) gets a way around or a step back.
                if (now - w.WaitingSince >= 3 * DeadlockAfter)
                {
                    handled.Add(w.Serial);
                    Unstick(w, $"{w.Serial} waited {(now - w.WaitingSince!.Value).TotalSeconds:0} s on {blocker}");
                }
                continue;
            }
            foreach (var t in cycle) handled.Add(t.Serial);
            await BreakCycleAsync(cycle);
        }
    }

    /// <summary>Re-plans <paramref name="w"/> around every other AGV's holding or, failing that, backs it off to a free node.</summary>
    private void Unstick(Trip w, string why)
    {
        if (Replan(w, n => traffic.BlockedFor(w.Serial, n)))
            Announce($"{why}: re-planned around the others");
        else if (BackOff(w, All.Where(o => o != w).SelectMany(o => o.Route.Skip(o.Reached)).ToHashSet()) is { } aside)
            Announce($"{why}: backs off to node {aside}, then goes on to {w.Target}");
    }

    /// <summary>A cycle of waiting AGVs: re-plan one around the others; failing that, back one off to a free node.</summary>
    private async Task BreakCycleAsync(List<Trip> cycle)
    {
        string who = string.Join(" → ", cycle.Select(t => t.Serial)) + " → " + cycle[0].Serial;
        foreach (var t in cycle.OrderBy(t => t.Detours))
            if (Replan(t, n => traffic.BlockedFor(t.Serial, n)))
            {
                Announce($"deadlock {who}: {t.Serial} re-planned around the others, now via {string.Join("→", t.Route.Skip(t.Reached).Take(6))}…");
                return;
            }
        foreach (var t in cycle.OrderBy(t => t.Detours))
        {
            var others = cycle.Where(o => o != t).SelectMany(o => o.Route.Skip(o.Reached)).ToHashSet();
            if (BackOff(t, others) is { } aside)
            {
                Announce($"deadlock {who}: {t.Serial} backs off to node {aside}, then goes on to {t.Target}");
                return;
            }
        }
        // Walled in by idle AGVs as well: the first idle one on a way round the others moves aside; the next try re-plans through the gap.
        foreach (var t in cycle.OrderBy(t => t.Detours))
        {
            if (registry.Find(t.Serial) is not { } v || maps.Find(t.MapId) is not { } map) continue;
            var way = PathPlanner.Fastest(map, t.Route[t.Reached], t.Target, v.MaxSpeed, n => traffic.BlockerOf(t.Serial, n) is { } by && !IdleStanding(by), v.WidthMm);
            if (way?.NodeIds.Select(n => traffic.BlockerOf(t.Serial, n)).FirstOrDefault(b => b is not null) is { } idle
                && await MakeWayAsync(idle, way.NodeIds.ToHashSet(), $"make way for {t.Serial}"))
            {
                Announce($"deadlock {who}: {idle} moves aside to open a way round for {t.Serial}");
                return;
            }
        }
        // Nothing can move yet; the next tick tries again (an AGV of the cycle may be re-planned once another moves).
        logger.LogWarning("Deadlock {Cycle} could not be resolved yet: no way around and no free node to back off to", who);
    }

    /// <summary>An AGV waits on one that is not driving: plan around it, or have it moved aside when it is idle.</summary>
    private async Task AroundStandingAsync(Trip w, string blocker, DateTimeOffset now)
    {
        if (Replan(w, n => Obstacle(w.Serial, n) || traffic.BlockerOf(w.Serial, n) == blocker))
        {
            Announce($"{w.Serial} waited on {blocker}, which is not moving: re-planned around it");
            return;
        }
        var avoid = w.Route.Skip(w.Reached).ToHashSet();
        if (await MakeWayAsync(blocker, avoid, $"make way for {w.Serial}"))
        {
            w.WaitingSince = now; // give it time to move
            Announce($"{w.Serial} waited on {blocker}, which was idle: {blocker} moves aside");
        }
        else if (now - w.WaitingSince >= 3 * DeadlockAfter)
        {
            Unstick(w, $"{w.Serial} waited on {blocker}, which cannot move aside");
            if (w.AsideIndex is not null) w.AsideFor = blocker; // its step back may free the idle AGV's way out: asked again from the aside node
        }
    }

    /// <summary>
    /// Replaces what is left of <paramref name="t"/>'s route (from where it stands) with the fastest route to
    /// its target that avoids <paramref name="blocked"/>. Only a waiting trip (nothing granted ahead) is re-planned.
    /// </summary>
    private bool Replan(Trip t, Func<uint, bool> blocked)
    {
        var v = registry.Find(t.Serial);
        var map = maps.Find(t.MapId);
        if (v is null || map is null || t.Granted != t.Reached) return false;
        var here = t.Route[t.Reached];
        var route = PathPlanner.Fastest(map, here, t.Target, v.MaxSpeed, blocked, v.WidthMm);
        if (route is null || route.NodeIds.SequenceEqual(t.Route.Skip(t.Reached))) return false;
        Splice(t, v, route.NodeIds);
        return true;
    }

    /// <summary>Sends <paramref name="t"/>'s AGV to the nearest free node off <paramref name="avoid"/>, then on to its target.</summary>
    private uint? BackOff(Trip t, HashSet<uint> avoid)
    {
        var v = registry.Find(t.Serial);
        var map = maps.Find(t.MapId);
        if (v is null || map is null || t.Granted != t.Reached) return null;
        var here = map.Node(t.Route[t.Reached]);
        if (here is null) return null;
        bool Blocked(uint n) => traffic.BlockedFor(t.Serial, n) || (avoid.Contains(n) && n != here.Id);
        foreach (var aside in map.Nodes.Where(n => n.Id != here.Id && !Blocked(n.Id) && n.Kind != MapNodeKind.Lift).OrderBy(n => SiteMap.Distance(here, n)).Take(12))
        {
            var away = PathPlanner.Fastest(map, here.Id, aside.Id, v.MaxSpeed, Blocked, v.WidthMm);
            if (away is null) continue;
            var back = PathPlanner.Fastest(map, aside.Id, t.Target, v.MaxSpeed, null, v.WidthMm);
            if (back is null) continue;
            Splice(t, v, away.NodeIds.Concat(back.NodeIds.Skip(1)).ToList());
            t.AsideIndex = t.Reached + away.NodeIds.Count - 1;
            t.AsideSince = null;
            return aside.Id;
        }
        return null;
    }

    private void Splice(Trip t, Vehicle v, IReadOnlyList<uint> fromHere)
    {
        t.Route = t.Route.Take(t.Reached).Concat(fromHere).ToList();
        t.Detours++;
        t.WaitingFor = null;
        t.WaitingSince = null;
        v.CurrentPath = t.Route;
        registry.Touch(v);
        Interlocked.Increment(ref DeadlocksResolved);
    }

    /// <summary>
    /// Moves an idle AGV that has nothing to do out of the way: to the nearest node it can reach
    /// that is free and not in <paramref name="avoid"/>. Returns whether it was sent.
    /// </summary>
    private async Task<bool> MakeWayAsync(string serial, IReadOnlySet<uint> avoid, string why, int depth = 0)
    {
        var v = registry.Find(serial);
        if (v is null || !sender.IsOnline(v) || Of(serial) is not null) return false;
        var s = v.State;
        if (s.AgvState != AgvState.Idle || maps.Find(s.MapId) is not { } map || map.Node(s.LastNodeId) is not { } here) return false;
        // It may drive through nodes the others need (they wait, and traffic control keeps them apart) but not stop on one:
        // an AGV on a one-way row may have no other way out.
        bool Blocked(uint n) => traffic.BlockedFor(serial, n);
        var asides = map.Nodes.Where(n => n.Id != here.Id && n.Kind is MapNodeKind.Normal or MapNodeKind.Parking && !avoid.Contains(n.Id))
            .OrderBy(n => SiteMap.Distance(here, n)).Take(24).ToList();
        foreach (var aside in asides.Where(n => !Blocked(n.Id)).Take(12))
        {
            var route = PathPlanner.Fastest(map, here.Id, aside.Id, v.MaxSpeed, Blocked, v.WidthMm);
            if (route is null) continue;
            var (o, _) = await StartCoreAsync($"traffic control ({why})", v, map, route.NodeIds.ToList(), TaskType.Move, []);
            return o.Ok;
        }
        // Boxed in by other idle AGVs (they gather where orders end): the nearest of them on a way out
        // moves first, anywhere off this AGV's way up to it; this one follows on the next try.
        if (depth >= 3) return false;
        bool Fixed(uint n) => traffic.BlockerOf(serial, n) is { } by && !IdleStanding(by);
        foreach (var aside in asides.Take(8))
        {
            var way = PathPlanner.Fastest(map, here.Id, aside.Id, v.MaxSpeed, Fixed, v.WidthMm);
            if (way is null) continue;
            int first = 1;
            while (first < way.NodeIds.Count && traffic.BlockerOf(serial, way.NodeIds[first]) is null) first++;
            if (first == way.NodeIds.Count) continue;
            var keepClear = new HashSet<uint>(avoid);
            foreach (var n in way.NodeIds.Take(first + 1)) keepClear.Add(n);
            if (traffic.BlockerOf(serial, way.NodeIds[first]) is { } inTheWay && await MakeWayAsync(inTheWay, keepClear, $"{why}, clearing the way for {serial}", depth + 1))
                return true;
        }
        return false;
    }

    /// <summary>An online AGV standing idle with no trip: one that can be asked to make way.</summary>
    private bool IdleStanding(string serial) =>
        Of(serial) is null && registry.Find(serial) is { } v && sender.IsOnline(v) && v.State.AgvState == AgvState.Idle;

    private void Announce(string what)
    {
        logger.LogInformation("Traffic control: {What}", what);
        Resolved?.Invoke(what);
    }
}
