using System.Collections.Concurrent;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Traffic;

/// <summary>What the AGVs say, turned into kernel inputs.</summary>
public sealed partial class TrafficHost
{
    // What each AGV last reported, as far as traffic cares; written only by that AGV's read loop.
    private sealed class Mark
    {
        public uint Node = NoTask, Task = NoTask;
        public AgvState State = AgvState.Unknown;
    }

    private readonly ConcurrentDictionary<string, Mark> _marks = new(StringComparer.Ordinal);

    /// <summary>Follows the fleet: registrations, state reports, task reports, going offline, space requests.</summary>
    public void Attach(FleetHandler handler)
    {
        handler.Registered += OnRegistered;
        handler.WentOffline += (v, _) => WentOffline(v.Serial);
        handler.StateReported = OnState;
        handler.TaskReported += OnTaskReport;
        handler.SpaceDecider = DecideSpaceAsync;
        handler.SpaceReleased = ReleaseSpace;
    }

    /// <summary>An AGV registered: its footprint is its registered length × width, its lookahead from its top speed.</summary>
    public void OnRegistered(Vehicle v)
    {
        _marks.TryRemove(v.Serial, out _); // a new session reports afresh
        Post(new Joined(v.Serial, new Footprint(v.LengthMm, v.WidthMm), v.MaxSpeed));
    }

    /// <summary>
    /// The hot path (an AGV's read loop, up to 10 Hz per AGV): posts only when the node, the AGV's
    /// state or its task changed, so a steady fleet costs a dictionary look-up per report.
    /// </summary>
    public void OnState(Vehicle v, in State s)
    {
        var mark = _marks.GetOrAdd(v.Serial, _ => new Mark());
        if (mark.Node == s.LastNodeId && mark.State == s.AgvState && mark.Task == s.TaskId) return;
        mark.Node = s.LastNodeId;
        mark.State = s.AgvState;
        mark.Task = s.TaskId;
        Post(new StateSeen(v.Serial, s.LastNodeId, s.AgvState, s.TaskId));
    }

    /// <summary>The AGV's session ended: it stands for the kernel (keeping what it was granted) until it is back and idle.</summary>
    public void WentOffline(string serial) => Post(new Offline(serial));

    public void OnTaskReport(Vehicle v, TaskReport report)
    {
        switch (report.Status)
        {
            case TaskStatus.Finished or TaskStatus.Failed or TaskStatus.Cancelled:
                Post(new TaskEnded(v.Serial, report));
                break;
        }
    }

    /// <summary>Why an AGV in this state stands for a reason of its own; null: the kernel may drive it.</summary>
    private static StandReason? StandFor(AgvState s) => s switch
    {
        AgvState.Idle or AgvState.Moving or AgvState.ExecutingAction or AgvState.WaitingForSpace or AgvState.SwitchingMap => null,
        AgvState.Charging => StandReason.Charging,
        AgvState.Fault => StandReason.Fault,
        AgvState.Manual => StandReason.Manual,
        AgvState.Paused => StandReason.Paused,
        AgvState.EmergencyStop => StandReason.EmergencyStop,
        _ => StandReason.Other,
    };

    private void OnJoined(Joined j)
    {
        var a = Agv(j.Serial);
        a.Online = true;
        // Registered again with other dimensions: the kernel takes the new footprint when it is safe to (Refit).
        if (a.InKernel && a.Footprint != j.Footprint) a.Refit = true;
        a.Footprint = j.Footprint;
        a.MaxSpeed = j.MaxSpeedMmS;
        a.State = AgvState.Unknown; // until it reports
    }

    private void OnOffline(Offline o)
    {
        if (!_agvs.TryGetValue(o.Serial, out var a)) return;
        a.Online = false;
        if (a.InKernel && a.Stand != StandReason.Offline)
        {
            a.Stand = StandReason.Offline;
            Step(new StandingStill(a.Serial, StandReason.Offline));
        }
    }

    private void OnReported(StateSeen r)
    {
        var a = Agv(r.Serial);
        a.Trace(_clock.GetUtcNow(), $"report: node {r.NodeId} {r.State} task {r.TaskId}");
        a.Online = true;
        uint before = a.Node;
        a.Node = r.NodeId;
        a.State = r.State;
        a.TaskId = r.TaskId;
        if (before != r.NodeId) Stand(a, before, r.NodeId);
        if (_kernel is null || _kernel.Graph.PlaceOf(r.NodeId) < 0) return; // between maps, or not on a node yet
        if (!a.InKernel) Join(a);
        else if (before != r.NodeId) Step(new Progress(a.Serial, r.NodeId));
        FollowStand(a);
        Refit(a);
        if (_trips.TryGetValue(a.Serial, out var trip)) TryComplete(trip, a);
    }

    /// <summary>
    /// An AGV registered again with other dimensions is joined afresh with its new footprint once it stands
    /// idle with nothing granted: joining drops what the kernel granted it, which it might still be driving.
    /// </summary>
    private void Refit(HostAgv a)
    {
        if (!a.Refit || !a.InKernel || a.Stand is not null || a.State != AgvState.Idle || a.TaskId is not (NoTask or 0) || a.Ahead.Count > 0) return;
        a.Refit = false;
        a.Trace(_clock.GetUtcNow(), $"new footprint {a.Footprint}: joined again");
        Join(a);
    }

    /// <summary>Takes the AGV into the kernel where it stands (after it registered, after a map change, after it was released).</summary>
    private void Join(HostAgv a)
    {
        a.ForgetGranted(); // joining again drops what the kernel had granted it
        var outputs = Step(new AgvJoined(a.Serial, a.Footprint, a.MaxSpeed, a.Node));
        if (outputs.OfType<Refused>().FirstOrDefault() is { } refused)
        {
            _logger.LogWarning("Traffic control does not drive {Serial}: {Reason}", a.Serial, refused.Reason);
            return;
        }
        a.InKernel = true;
        a.Stand = null;
        PublishHeld(a);
        // An AGV that is still driving something (from before a restart or a map change), or that left a command
        // unanswered not long ago (it may still take it), stands for the kernel until it is idle (and settled).
        if (a.State != AgvState.Idle || a.UnansweredSince is not null || a.Link.IsSending || a.Link.UnansweredCount != a.UnansweredNoted)
        {
            if (a.Link.IsSending || a.Link.UnansweredCount != a.UnansweredNoted) a.UnansweredSince ??= _clock.GetUtcNow();
            a.UnansweredNoted = a.Link.UnansweredCount;
            a.Stand = a.Online ? StandFor(a.State) ?? StandReason.Other : StandReason.Offline;
            Step(new StandingStill(a.Serial, a.Stand.Value));
        }
        else a.Link.Post(new AgvLink.Reset(a.Node));
        if (_trips.TryGetValue(a.Serial, out var trip)) SetGoal(trip, 0);
    }

    /// <summary>
    /// Standing still for its own reason, and back: the kernel may drive it again only once it is idle
    /// (a paused AGV that resumes finishes what it was granted first, which the kernel keeps for it).
    /// </summary>
    private void FollowStand(HostAgv a)
    {
        // Waiting to settle: the time counts from when it was last seen busy or with a task.
        if (a.UnansweredSince is not null && (a.State != AgvState.Idle || a.TaskId is not (NoTask or 0))) a.UnansweredSince = _clock.GetUtcNow();
        var want = a.Online ? StandFor(a.State) : StandReason.Offline;
        if (want is { } reason)
        {
            if (a.Stand == reason) return;
            a.Stand = reason;
            Step(new StandingStill(a.Serial, reason));
        }
        else if (a.Stand is not null && a.State == AgvState.Idle && Settled(a))
        {
            if (!TakeAfresh(a)) return;
            a.UnansweredSince = null;
            ActAgain(a);
        }
    }

    /// <summary>
    /// The trip's final action went out alone and was not answered, or could not be sent, and the AGV has stood idle
    /// with no task since without reporting it: it was not done. It is sent again (a new task), so the order does not
    /// end without its pick or drop; after <see cref="MaxActTries"/> tries the trip fails, saying why.
    /// </summary>
    private void ActAgain(HostAgv a)
    {
        if (!_trips.TryGetValue(a.Serial, out var trip) || trip.Act != ActState.Owed || trip.TaskDone) return;
        if (trip.ActTries >= MaxActTries)
        {
            a.Trace(_clock.GetUtcNow(), $"final action not done after {trip.ActTries} tries: trip fails");
            _logger.LogWarning("Traffic control: {Serial}: the final action at node {Node} was not done after {Tries} tries; trip {Trip} failed",
                a.Serial, trip.Target, trip.ActTries, trip.Id);
            End(trip, TaskStatus.Failed, 0, 0);
            return;
        }
        a.Trace(_clock.GetUtcNow(), $"final action (task {trip.GoalTask?.ToString() ?? "not sent"}) not done: sent again");
        PostAct(trip, a);
    }

    /// <summary>
    /// The kernel forgets what it granted the AGV and plans it from where it stands, unless a command is out to it
    /// or went unanswered (its link is Busy): then it stands for the kernel, keeping its grants, until it settled.
    /// The epoch is bumped before the link is asked, so a send that starts after that drops itself.
    /// </summary>
    private bool TakeAfresh(HostAgv a)
    {
        a.ForgetGranted();
        PublishHeld(a);
        int unanswered = a.Link.UnansweredCount;
        if (a.Link.IsSending || unanswered != a.UnansweredNoted)
        {
            a.UnansweredNoted = unanswered; // a new unanswered one settles from now
            a.UnansweredSince = _clock.GetUtcNow();
            if (a.Stand is null)
            {
                a.Stand = StandReason.Other;
                Step(new StandingStill(a.Serial, StandReason.Other));
            }
            return false;
        }
        a.Stand = null;
        a.Link.Post(new AgvLink.Reset(a.Node));
        Step(new Moving(a.Serial, a.Node));
        return true;
    }

    /// <summary>
    /// After an unanswered command: idle with no task for <see cref="UnansweredSettle"/> (a command the AGV took
    /// late would show in its reports by then). Otherwise: at once.
    /// </summary>
    private bool Settled(HostAgv a) => a.UnansweredSince is not { } since || _clock.GetUtcNow() - since >= UnansweredSettle;

    /// <summary>
    /// A command went unanswered: the AGV may be driving it. It stands for the kernel, which keeps every node
    /// granted to it (others wait for its reports), until it has stood idle with no task for a while.
    /// </summary>
    private void OnUnanswered(Unanswered u)
    {
        _logger.LogWarning("Traffic control: {Serial}: {Reason}", u.Serial, u.Reason);
        Interlocked.Increment(ref _unanswered);
        if (!_agvs.TryGetValue(u.Serial, out var a)) return;
        a.Trace(_clock.GetUtcNow(), $"unanswered: {u.Reason}");
        a.UnansweredSince = _clock.GetUtcNow();
        a.UnansweredNoted = a.Link.UnansweredCount;
        if (u.Act is { } act && _trips.TryGetValue(u.Serial, out var trip) && trip.Id == act.TripId)
        {
            // The trip ends with that task's report, not merely with the AGV standing idle on its goal.
            trip.GoalTask = act.Task;
            trip.Act = ActState.Owed;
            if (a.Finished.Contains(act.Task))
            {
                trip.TaskDone = true; // its report came before this word
                TryComplete(trip, a);
            }
        }
        if (!a.InKernel || !a.Online || a.Stand is not null) return;
        a.Stand = StandReason.Other;
        Step(new StandingStill(a.Serial, StandReason.Other));
    }

    /// <summary>Where AGVs stand, for planners and pages.</summary>
    private void Stand(HostAgv a, uint before, uint now)
    {
        if (before != NoTask) _standingOn.TryRemove(new KeyValuePair<uint, string>(before, a.Serial));
        if (now != NoTask) _standingOn[now] = a.Serial;
        int passed = a.Ahead.IndexOf(now);
        if (passed >= 0)
        {
            a.Ahead.RemoveRange(0, passed + 1);
            a.Passed += passed + 1;
        }
        PublishHeld(a);
    }

    private void PublishHeld(HostAgv a)
    {
        ShowCleared(a);
        if (a.Node == NoTask && a.Ahead.Count == 0) { _held.TryRemove(a.Serial, out _); return; }
        _held[a.Serial] = a.Node == NoTask ? [.. a.Ahead] : [a.Node, .. a.Ahead];
    }

    /// <summary>Puts what the AGV is cleared to drive on its live entry (the live map draws it from where it stands).</summary>
    private void ShowCleared(HostAgv a)
    {
        if (_registry.Find(a.Serial) is not { } v) return;
        if (a.Ahead.Count == 0 && v.Cleared.Count == 0) return;
        v.Cleared = a.Ahead.Count == 0 || a.Node == NoTask ? [] : [a.Node, .. a.Ahead];
        _registry.Touch(v);
    }

    private void OnTaskEnded(TaskEnded te)
    {
        var r = te.Report;
        if (!_agvs.TryGetValue(te.Serial, out var a)) return;
        a.Trace(_clock.GetUtcNow(), $"task {r.TaskId} {r.Status}");
        a.Link.Post(new AgvLink.TaskEnded(r.TaskId));
        _trips.TryGetValue(te.Serial, out var trip);
        if (r.Status == TaskStatus.Finished)
        {
            a.Finished.Enqueue(r.TaskId);
            if (a.Finished.Count > 8) a.Finished.Dequeue();
            if (a.TaskEnds.Remove(r.TaskId, out long end)) CatchUp(a, end);
            if (trip is not null && trip.GoalTask == r.TaskId)
            {
                trip.TaskDone = true;
                TryComplete(trip, a);
            }
            return;
        }
        // Failed or cancelled: the AGV stopped where it is, with nothing more to drive.
        if (trip is not null) End(trip, r.Status, r.PointIndex, r.ErrorCode);
        if (a.InKernel && a.Stand is null) TakeAfresh(a);
    }

    /// <summary>
    /// The AGV finished the task that carried everything granted up to position <paramref name="end"/>: it drove
    /// all of it. The kernel hears of each node it has not heard of yet, in order (its reports may have skipped
    /// some, or shown one node for a pass out and back), so its account of the AGV is the AGV's own again.
    /// </summary>
    private void CatchUp(HostAgv a, long end)
    {
        int count = (int)Math.Min(a.Ahead.Count, end - a.Passed);
        if (count <= 0) return;
        var nodes = a.Ahead.GetRange(0, count);
        a.Trace(_clock.GetUtcNow(), $"task finished: passed {string.Join("→", nodes)} as well");
        a.Ahead.RemoveRange(0, count);
        a.Passed += count;
        PublishHeld(a);
        foreach (uint node in nodes) Step(new Progress(a.Serial, node));
    }

    private void OnSent(Sent s)
    {
        if (_agvs.TryGetValue(s.Serial, out var sent))
        {
            sent.Trace(_clock.GetUtcNow(), $"sent as task {s.TaskId}{(s.ReachesGoal ? " (goal)" : "")} for trip {s.TripId}");
            // Where the piece ends along what was granted (not for a piece the host has forgotten since).
            if (s.End > 0 && s.Epoch == sent.Link.Epoch)
            {
                if (sent.Finished.Contains(s.TaskId)) CatchUp(sent, s.End); // it finished before this word came
                else sent.TaskEnds[s.TaskId] = Math.Max(s.End, sent.TaskEnds.GetValueOrDefault(s.TaskId));
            }
        }
        if (!_trips.TryGetValue(s.Serial, out var trip) || s.TripId != trip.Id) return;
        if (s.ReachesGoal)
        {
            trip.GoalTask = s.TaskId;
            if (trip.Act == ActState.Out) trip.Act = ActState.None;
            if (_agvs.TryGetValue(s.Serial, out var a) && a.Finished.Contains(s.TaskId))
            {
                trip.TaskDone = true; // it ended before this word came
                TryComplete(trip, a);
                if (!_trips.ContainsKey(s.Serial)) return;
            }
        }
        if (!trip.Announced && _registry.Find(s.Serial) is { } v)
        {
            trip.Announced = true;
            Reported?.Invoke(v, new TaskReport(trip.Id, TaskStatus.Running, 0, 0));
        }
    }

    /// <summary>
    /// A grant could not be sent: the AGV is taken afresh where it stands (what it was granted is
    /// forgotten and planned again) once it is idle; an offline AGV waits for its return.
    /// </summary>
    private void OnLinkFailed(LinkFailed f)
    {
        _logger.LogWarning("Traffic control: {Serial}: {Reason}", f.Serial, f.Reason);
        Interlocked.Increment(ref _linkFailures);
        if (!_agvs.TryGetValue(f.Serial, out var a)) return;
        a.Trace(_clock.GetUtcNow(), $"link failed: {f.Reason}");
        // A final action that could not be sent is sent again once the AGV is idle (offline: when it joins again, it
        // is given its goal afresh and the action goes out again from there).
        if (f.ActTrip is { } tripId && _trips.TryGetValue(f.Serial, out var trip) && trip.Id == tripId)
        {
            trip.Act = ActState.Owed;
        }
        if (!a.InKernel || !a.Online) return;
        a.Stand = StandReason.Other;
        Step(new StandingStill(a.Serial, StandReason.Other));
        FollowStand(a);
    }

    private void OnRelease(ReleaseAgv r)
    {
        if (!_agvs.TryGetValue(r.Serial, out var a)) return;
        if (a.InKernel) Step(new AgvRemoved(a.Serial));
        a.InKernel = false;
        a.Stand = null;
        a.UnansweredSince = null;
        a.ForgetGranted();
        if (a.Node != NoTask) _standingOn.TryRemove(new KeyValuePair<uint, string>(a.Node, a.Serial));
        a.Node = NoTask;
        _held.TryRemove(a.Serial, out _);
        _marks.TryRemove(a.Serial, out _); // its next report joins it afresh
        if (_trips.TryGetValue(r.Serial, out var trip)) End(trip, TaskStatus.Cancelled, 0, 0);
    }

    /// <summary>The maps changed (import, edit): a new kernel on the new graph, every AGV joined again where it stands.</summary>
    private void Rebuild()
    {
        try
        {
            var maps = _maps.All;
            _kernel = maps.Count == 0 ? null : new TrafficKernel(maps, _options);
        }
        catch (Exception e)
        {
            _kernel = null;
            _logger.LogError(e, "Traffic control cannot drive on the new maps; nothing is granted until they change again");
        }
        foreach (var tcs in _spaceAsks.Values) tcs.TrySetResult(new SpaceRequestResponse(0, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0));
        _spaceAsks.Clear();
        foreach (var a in _agvs.Values)
        {
            a.InKernel = false;
            a.Stand = null;
            if (_kernel is not null && a.Online && _kernel.Graph.PlaceOf(a.Node) >= 0) Join(a);
        }
        if (_kernel is not null)
            _logger.LogInformation("Traffic control drives on {Nodes} places; {Findings} map findings", _kernel.Graph.NodeCount, _kernel.Analysis.Findings.Count);
    }
}
