namespace AgvConsole.Fleet.Traffic.Kernel;

public sealed partial class TrafficKernel
{
    /// <summary>
    /// For every AGV on its way that stands with nothing granted: what it waits for (the AGV whose
    /// earlier move it must let pass, the AGV or section that holds it back in the plan, the lift).
    /// A <see cref="Waiting"/> goes out when that changes; the wait's start is kept when only the
    /// reason changes (an operator sees how long the AGV has stood, not how long it has waited for
    /// the latest one).
    /// </summary>
    private void CheckWaits()
    {
        foreach (var agv in _agvs)
        {
            if (!agv.Present || agv.Goal < 0 || agv.Busy || agv.HeldAtGoal || agv.Stand is not null || agv.Unreachable) { EndWait(agv); continue; }
            int a = agv.Index;
            if (_p.Book.InFlight(a) > 0 || agv.Standing == agv.Goal) { EndWait(agv); continue; }
            agv.WaitingSince ??= _now;
            var (reason, other, place) = WhyWaiting(agv);
            var key = (reason, other, place);
            if (agv.WaitKey == key) continue;
            agv.WaitKey = key;
            string? otherSerial = other >= 0 ? _agvs[other].Serial : null;
            uint? node = place >= 0 ? _g.SiteId(place, agv.Floor) : null;
            var cause = reason switch
            {
                WaitReason.StandingAgv => new WaitCause(reason, agv.Serial, otherSerial, node, OtherStands: _agvs[other].Stand),
                WaitReason.Place => new WaitCause(reason, agv.Serial, otherSerial, node, Closed: _rules.ClosedTo(a, agv.Standing, place)),
                _ => new WaitCause(reason, agv.Serial, otherSerial, node),
            };
            _out.Add(new Waiting(agv.Serial, reason, otherSerial, node, agv.WaitingSince.Value, cause.English) { Cause = cause });
        }
    }

    private (WaitReason Reason, int Other, int Place) WhyWaiting(Agv agv)
    {
        int a = agv.Index;
        var book = _p.Book;
        if (agv.RideTo is not null) return (WaitReason.Lift, -1, agv.Standing);
        if (book.Ungranted(a) > 0)
        {
            int b = book.WaitsFor(a);
            int target = _g.OutTo[book.UngrantedArc(a, 0)];
            if (b >= 0) return (StandsForItself(b) ? WaitReason.StandingAgv : WaitReason.Agv, b, target);
            return (WaitReason.Place, -1, target);
        }
        int by = _p.Planner.HeldBackBy.Length > a ? _p.Planner.HeldBackBy[a] : -1;
        int wanted = _p.Planner.Wanted.Length > a ? _p.Planner.Wanted[a] : -1;
        if (by >= 0) return (StandsForItself(by) ? WaitReason.StandingAgv : WaitReason.Agv, by, wanted);
        return (WaitReason.Place, -1, wanted >= 0 ? wanted : agv.Standing);
    }

    /// <summary>Whether the AGV stands still for a reason of its own or its action (it will not make way).</summary>
    private bool StandsForItself(int index)
    {
        var o = _agvs[index];
        return o.Stand is not null || o.Busy || o.HeldAtGoal;
    }

    private void EndWait(Agv agv)
    {
        if (agv.WaitingSince is { } since && agv.WaitKey is not null) _out.Add(new WaitOver(agv.Serial, _now - since));
        agv.WaitingSince = null;
        agv.WaitKey = null;
    }
}
