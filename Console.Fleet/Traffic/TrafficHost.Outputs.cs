using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Traffic;

/// <summary>What the kernel answers, turned into commands, trips' ends, waits, alarms and space answers.</summary>
public sealed partial class TrafficHost
{
    private void Act(KernelOutput output)
    {
        switch (output)
        {
            case Grant g: OnGrant(g); break;
            case RideLift r:
                if (_agvs.TryGetValue(r.Serial, out var rider))
                    rider.Link.Post(new AgvLink.Ride(r, _trips.TryGetValue(r.Serial, out var rt) ? rt.Actor : TrafficActor));
                break;
            case GoalReached gr: OnGoalReached(gr); break;
            case Waiting w: OnWaiting(w); break;
            case WaitOver wo: EndWait(wo.Serial); break;
            case Unreachable u: OnUnreachable(u); break;
            case ReachableAgain ra:
                if (_trips.TryGetValue(ra.Serial, out var again)) again.Unreachable = null;
                if (_blocked.TryRemove(ra.Serial, out _)) BlockedChanged?.Invoke(ra.Serial, null);
                break;
            case SpaceAnswer sa: OnSpaceAnswer(sa); break;
            case Refused rf: OnRefused(rf); break;
        }
    }

    private void OnGrant(Grant g)
    {
        if (!_agvs.TryGetValue(g.Serial, out var a)) return;
        _trips.TryGetValue(g.Serial, out var trip);
        a.Trace(_clock.GetUtcNow(), $"grant {string.Join("→", g.NodeIds)}{(g.ReachesGoal ? " (goal)" : "")} for trip {trip?.Id}");
        a.Ahead.AddRange(g.NodeIds);
        PublishHeld(a);
        // A piece is sent in the trip's task type; the trip's final actions go on the piece that ends at its goal.
        // Without a trip, a grant is the kernel's own move: out of another AGV's way, or out of a section.
        a.Link.Post(new AgvLink.Send(g, trip?.Actor ?? MakeWayActor, trip?.Type ?? TaskType.Move, trip?.FinalActions ?? [], trip?.Id, a.Link.Epoch, a.Passed + a.Ahead.Count));
        if (trip is not null && g.ReachesGoal) trip.GoalGranted = true;
    }

    private void OnGoalReached(GoalReached gr)
    {
        if (!_trips.TryGetValue(gr.Serial, out var trip) || trip.Target != gr.NodeId || !_agvs.TryGetValue(gr.Serial, out var a)) return;
        trip.AtGoal = true;
        a.Trace(_clock.GetUtcNow(), $"goal {gr.NodeId} reached (granted {trip.GoalGranted})");
        if (!trip.GoalGranted && trip.FinalActions.Length > 0)
        {
            // It stood on its goal when the trip began: nothing was driven, so its action goes out alone (a path of no points).
            PostAct(trip, a);
            return;
        }
        TryComplete(trip, a);
    }

    /// <summary>
    /// The trip is over once the AGV reported its goal: at once when it has nothing to do there (the
    /// kernel may already have planned it on, out of someone's way, within the same task); with final
    /// actions, once the task that took it there ended (or it stands idle there with no task).
    /// </summary>
    private void TryComplete(Trip trip, HostAgv a)
    {
        if (!trip.AtGoal) return;
        bool idle = a.State == AgvState.Idle && a.TaskId is NoTask or 0 && a.Node == trip.Target && trip.GoalTask is null && trip.Act == ActState.None;
        if (trip.FinalActions.Length == 0 || trip.TaskDone || idle) End(trip, TaskStatus.Finished, 0, 0);
    }

    /// <summary>The trip's final actions, alone, where the AGV stands on its goal; the trip cannot end as done until they are confirmed sent.</summary>
    private static void PostAct(Trip trip, HostAgv a)
    {
        trip.Act = ActState.Out;
        trip.ActTries++;
        a.Link.Post(new AgvLink.Act(trip.Actor, trip.Type, trip.FinalActions, trip.Id, trip.Target));
    }

    /// <summary>Ends a trip: the kernel lets the AGV go (or drops its goal), the owner hears how it ended.</summary>
    private void End(Trip trip, TaskStatus status, ushort pointIndex, ushort errorCode)
    {
        if (!_trips.TryRemove(new KeyValuePair<string, Trip>(trip.Serial, trip))) return;
        if (_agvs.TryGetValue(trip.Serial, out var a)) a.Trace(_clock.GetUtcNow(), $"trip {trip.Id} to {trip.Target} {status}");
        if (a is { InKernel: true })
            Step(trip.AtGoal ? new ActionFinished(trip.Serial) : new GoalCancelled(trip.Serial));
        EndWait(trip.Serial);
        if (_blocked.TryRemove(trip.Serial, out _)) BlockedChanged?.Invoke(trip.Serial, null);
        if (_registry.Find(trip.Serial) is { } v)
        {
            v.CurrentPath = [];
            _registry.Touch(v);
            Reported?.Invoke(v, new TaskReport(trip.Id, status, pointIndex, errorCode));
        }
    }

    private void OnBegin(Begin b)
    {
        var trip = b.Trip;
        if (_kernel is null) { b.Done.TrySetResult((CommandOutcome.Invalid("Traffic control has no site map to drive on."), null)); return; }
        if (!_agvs.TryGetValue(trip.Serial, out var a) || !a.InKernel)
        {
            b.Done.TrySetResult((new CommandOutcome(OutcomeKind.Blocked, $"{trip.Serial} has not reported standing on a node of the site yet.", ResultCode.RejectedInState), null));
            return;
        }
        if (!_trips.TryAdd(trip.Serial, trip))
        {
            var running = _trips[trip.Serial];
            b.Done.TrySetResult((new CommandOutcome(OutcomeKind.Blocked, $"{trip.Serial} is driving task {running.Id} to node {running.Target}: cancel it first.", ResultCode.Busy), null));
            return;
        }
        a.Trace(_clock.GetUtcNow(), $"trip {trip.Id} to {trip.Target} begins ({trip.FinalActions.Length} final actions)");
        if (SetGoal(trip, b.Priority) is { } refused)
        {
            _trips.TryRemove(trip.Serial, out _);
            b.Done.TrySetResult((CommandOutcome.Invalid(refused), null));
            return;
        }
        if (_registry.Find(trip.Serial) is { } v)
        {
            v.CurrentPath = trip.Route;
            _registry.Touch(v);
        }
        b.Done.TrySetResult((new CommandOutcome(OutcomeKind.Done, $"Task {trip.Id}: {trip.Serial} drives to node {trip.Target} under traffic control."), trip));
    }

    /// <summary>
    /// Gives the kernel the trip's goal; the refusal's reason, if any. With final actions (pick, drop)
    /// the kernel keeps the AGV on its goal until its task there ended; without, it may move it on at once.
    /// </summary>
    private string? SetGoal(Trip trip, int priority)
    {
        var outputs = Step(new GoalSet(trip.Serial, trip.Target, priority, ActionAtGoal: trip.FinalActions.Length > 0));
        return outputs.OfType<Refused>().FirstOrDefault()?.Reason;
    }

    private void OnWaiting(Waiting w)
    {
        _waits[w.Serial] = new TrafficWait(w.Serial, w.Since);
        if (_registry.Find(w.Serial) is { } v)
        {
            v.Wait = new TrafficWaitNote(w.Text, w.OtherSerial, w.NodeId, w.Since) { Cause = w.Cause };
            _registry.Touch(v);
        }
    }

    private void EndWait(string serial)
    {
        _waits.TryRemove(serial, out _);
        if (_registry.Find(serial) is { Wait: not null } v)
        {
            v.Wait = null;
            _registry.Touch(v);
        }
    }

    private void OnUnreachable(Unreachable u)
    {
        string text = u.BlockedBy.Count > 0
            ? $"{u.Reason} (in the way: {string.Join(", ", u.BlockedBy)})"
            : u.Reason;
        if (_trips.TryGetValue(u.Serial, out var trip)) trip.Unreachable = text;
        // The kernel's reason already names the AGV and its goal.
        _logger.LogWarning("Traffic control: {Reason}", text);
        _blocked[u.Serial] = text;
        BlockedChanged?.Invoke(u.Serial, text);
    }

    private void OnRefused(Refused r)
    {
        _refusals.AddOrUpdate(r.Input.GetType().Name, 1, (_, n) => n + 1);
        if (r.Input is Progress pr)
        {
            _logger.LogInformation("Traffic control: {Reason}", r.Reason);
            // The kernel stands it where it reported and keeps what it was granted: it is taken afresh once it stood idle.
            if (_agvs.TryGetValue(pr.Serial, out var off) && off.InKernel && off.Ahead.Count > 0)
            {
                off.Trace(_clock.GetUtcNow(), "off its granted path: stands until idle");
                off.Stand ??= StandReason.Other;
                off.UnansweredSince = _clock.GetUtcNow();
            }
        }
        switch (r.Input)
        {
            case SpaceRequested sr:
                if (_spaceAsks.Remove((sr.Serial, sr.RequestId), out var ask))
                    ask.TrySetResult(new SpaceRequestResponse(sr.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0));
                break;
            case GoalSet or AgvJoined: break; // answered by whoever sent them
            default:
                _logger.LogDebug("Traffic control: {Input} not taken: {Reason}", r.Input.GetType().Name, r.Reason);
                break;
        }
    }

    // ---- spaces ----------------------------------------------------------------------------------

    private void OnSpaceAsk(SpaceAsk ask)
    {
        var key = (ask.Serial, ask.Request.RequestId);
        if (_spaceAsks.Remove(key, out var old))
            old.TrySetResult(new SpaceRequestResponse(ask.Request.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0));
        _spaceAsks[key] = ask.Answer;
        if (_kernel is null || !_agvs.TryGetValue(ask.Serial, out var a) || !a.InKernel)
        {
            _spaceAsks.Remove(key);
            ask.Answer.TrySetResult(new SpaceRequestResponse(ask.Request.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0));
            return;
        }
        Step(new SpaceRequested(ask.Serial, ask.Request.RequestId, ask.Request.Space, ask.Request.DurationMs));
    }

    private void OnSpaceAnswer(SpaceAnswer sa)
    {
        bool granted = sa.Decision != SpaceDecision.Denied;
        var response = new SpaceRequestResponse(sa.RequestId, sa.Decision, granted ? sa.Granted : SpaceRequestResponse.NoSpace,
            granted ? (ulong)sa.ExpiresAt.ToUnixTimeMilliseconds() : 0);
        if (_spaceAsks.Remove((sa.Serial, sa.RequestId), out var ask)) ask.TrySetResult(response);
        if (!granted) return;
        _spaces[(sa.Serial, sa.RequestId)] = (sa.Granted, sa.ExpiresAt);
        ShowSpaces(sa.Serial);
    }

    /// <summary>Puts the AGV's granted spaces on its live entry (the live map draws them).</summary>
    private void ShowSpaces(string serial)
    {
        if (_registry.Find(serial) is not { } v) return;
        v.Spaces = _spaces.Where(s => s.Key.Serial == serial).Select(s => SpaceGeometry.Drawn(s.Value.Space)).ToArray();
        _registry.Touch(v);
    }

    private void ForgetSpace(string serial, uint requestId)
    {
        if (_spaces.Remove((serial, requestId))) ShowSpaces(serial);
    }
}
