namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// The rules that keep AGVs out of the jams PIBT cannot undo, per section of the map
/// (<see cref="MapAnalysis"/>), applied to every planned move:
/// <list type="bullet">
/// <item>Dead end: entered only by an AGV whose goal is inside, and only when it will not have to pass
/// an AGV inside (its way from the doorway to its goal is clear of AGVs and of their ways); never
/// pushed into. An AGV waiting to go in does not step onto the doorway, so those inside can come out.</item>
/// <item>One-lane aisle between two parts: entered from one end only while no AGV inside heads for that
/// end; never pushed into; AGVs waiting to go the other way do not step onto the doorway.</item>
/// <item>Lift: entered only by an AGV that rides it (its way goes on to another floor) or whose goal is the
/// cabin; never pushed into; those waiting for it do not step onto its doorways while it is taken.</item>
/// </list>
/// The state (who is inside, heading where) is taken from the plan's frontier before each step and
/// kept up to date as moves become final within it.
/// </summary>
internal sealed class SectionRules : IMoveRules
{
    private readonly KernelGraph _g;
    private readonly MapAnalysis _an;
    private readonly LifelongPlanner _p;
    private readonly List<int>[] _doorOf; // place -> sections it is a doorway of
    private readonly int[] _headingCount; // per aisle section: [toward A, toward B]
    private readonly HashSet<int>[] _claims; // per dead end: places AGVs inside stand on or will drive
    private readonly int[] _occupants;      // per section: AGVs inside
    private readonly double[] _waitingAt;   // per aisle end (section * 2 + end): the highest priority of the AGVs waiting to enter there

    public SectionRules(KernelGraph g, MapAnalysis an, LifelongPlanner p)
    {
        _g = g;
        _an = an;
        _p = p;
        _doorOf = new List<int>[g.NodeCount];
        for (int s = 0; s < an.Data.Length; s++)
            foreach (int d in an.Data[s].Doorways) (_doorOf[d] ??= []).Add(s);
        _headingCount = new int[an.Data.Length * 2];
        _claims = new HashSet<int>[an.Data.Length];
        for (int s = 0; s < an.Data.Length; s++) _claims[s] = [];
        _occupants = new int[an.Data.Length];
        _waitingAt = new double[an.Data.Length * 2];
    }

    /// <summary>Takes who is inside each section, and where they head, from the plan's frontier.</summary>
    public void BeforeStep()
    {
        Array.Fill(_waitingAt, double.NegativeInfinity);
        Array.Clear(_headingCount);
        Array.Clear(_occupants);
        foreach (var c in _claims) c.Clear();
        var ag = _p.Agents;
        for (int a = 0; a < ag.Count; a++)
        {
            if (ag.Mode[a] == AgentMode.Absent) continue;
            int s = _an.SectionOf[ag.Cur[a]];
            if (s >= 0) Enter(a, s, ag.Cur[a]);
        }
    }

    private void Enter(int a, int s, int at)
    {
        _occupants[s]++;
        var d = _an.Data[s];
        switch (d.Kind)
        {
            case SectionKind.OneLaneAisle:
                int h = Heading(a, s, at);
                if (h >= 0) _headingCount[s * 2 + h]++;
                break;
            case SectionKind.DeadEnd:
                _claims[s].Add(at);
                int goal = _p.Goal(a);
                if (goal >= 0 && _an.SectionOf[goal] == s) foreach (int q in PathUp(goal, at)) _claims[s].Add(q);
                else if (goal >= 0) for (int q = at; q >= 0 && _an.SectionOf[q] == s; q = _an.TowardDoor[q]) _claims[s].Add(q);
                // (An AGV with nothing to do claims only its place: it is asked out when someone needs it.)
                break;
        }
    }

    public void Moved(int agent, int from, int to)
    {
        int s = _an.SectionOf[to];
        if (s >= 0 && s != _an.SectionOf[from]) Enter(agent, s, to);
    }

    /// <summary>Which end of the aisle the AGV heads for: 0 = A, 1 = B, -1 = none (no goal: it can be pushed either way).</summary>
    private int Heading(int a, int s, int at)
    {
        var dist = _p.Agents.Dist[a];
        if (dist is null) return -1;
        var d = _an.Data[s];
        int goal = _p.Goal(a);
        if (goal >= 0 && _an.SectionOf[goal] == s) return _an.AislePos[goal] < _an.AislePos[at] ? 0 : _an.AislePos[goal] > _an.AislePos[at] ? 1 : -1;
        long viaA = dist[d.Doorways[0]], viaB = dist[d.Doorways[1]];
        return viaA == viaB ? -1 : viaA < viaB ? 0 : 1;
    }

    /// <summary>The places from <paramref name="from"/> up toward the doorway until <paramref name="until"/> (inclusive).</summary>
    private IEnumerable<int> PathUp(int from, int until)
    {
        for (int q = from; q >= 0; q = _an.TowardDoor[q])
        {
            yield return q;
            if (q == until) yield break;
        }
    }

    public bool MayMove(int agent, int from, int to, bool pushed)
    {
        int st = _an.SectionOf[to], sf = _an.SectionOf[from];
        if (st >= 0 && st != sf && !MayEnter(agent, from, to, st, pushed)) return false;
        // Not onto a doorway when the section it wants next is closed to it: those inside must be able to come out.
        // (An AGV leaving a section always may: it must not be held inside.)
        if (sf < 0 && _doorOf[to] is { } doors && _p.Goal(agent) != to && _p.Agents.Dist[agent] is { } dist)
            foreach (int s in doors)
            {
                if (s == sf) continue;
                int next = BestNext(to, dist);
                if (next >= 0 && _an.SectionOf[next] == s && !MayEnter(agent, to, next, s, false)) return false;
            }
        return true;
    }

    private int BestNext(int place, int[] dist)
    {
        int best = -1;
        for (int arc = _g.OutStart[place]; arc < _g.OutStart[place + 1]; arc++)
        {
            int v = _g.OutTo[arc];
            if (dist[v] == DistanceTables.Unreachable) continue;
            if (best < 0 || dist[v] < dist[best]) best = v;
        }
        return best >= 0 && dist[best] < dist[place] ? best : -1;
    }

    private bool MayEnter(int agent, int from, int to, int s, bool pushed)
    {
        var d = _an.Data[s];
        int goal = _p.Goal(agent);
        switch (d.Kind)
        {
            case SectionKind.DeadEnd:
            {
                if (pushed || goal < 0 || _an.SectionOf[goal] != s) return false;
                // Its way in must be clear of every AGV inside and of their ways.
                var ag = _p.Agents;
                foreach (int q in PathUp(goal, to))
                {
                    if (_claims[s].Contains(q)) return false;
                }
                return true;
            }
            case SectionKind.OneLaneAisle:
            {
                // Never pushed into an aisle: it would have to drive it through, or come back against whoever enters next.
                if (pushed) return false;
                int heading = from == d.Doorways[0] ? 1 : from == d.Doorways[1] ? 0 : -1;
                if (heading < 0) return true;
                if (_headingCount[s * 2 + (1 - heading)] > 0) return false;
                // Fair turns: not in while an AGV of higher priority waits at the other end (it would starve behind a stream).
                return _waitingAt[s * 2 + heading] <= _p.Priority(agent);
            }
            case SectionKind.Lift:
            {
                if (pushed) return false;
                if (goal == to) return _occupants[s] == 0;
                var dist = _p.Agents.Dist[agent];
                if (dist is null) return false;
                int next = BestNext(to, dist);
                if (next < 0) return false;
                uint inMap = _g.EdgeMap[_g.OutEdge[_g.Arc(from, to)]];
                int outArc = _g.Arc(to, next);
                return outArc >= 0 && _g.EdgeMap[_g.OutEdge[outArc]] != inMap && _occupants[s] == 0;
            }
        }
        return true;
    }

    /// <summary>
    /// Priority inheritance across sections: an AGV inside a section that holds up a higher-priority
    /// AGV waiting outside to enter plans, for the next step, with that AGV's priority (so it is
    /// decided first and pushes its way out, instead of waiting behind those that wait for it).
    /// </summary>
    public void InheritPriorities()
    {
        var ag = _p.Agents;
        for (int w = 0; w < ag.Count; w++)
        {
            if (ag.Mode[w] is AgentMode.Absent or AgentMode.Fixed || ag.Dist[w] is not { } dist) continue;
            int here = ag.Cur[w];
            int door = -1, s = -1;
            int goal = _p.Goal(w);
            if (goal >= 0 && _an.SectionOf[goal] is var gs and >= 0 && _an.Data[gs].Kind == SectionKind.DeadEnd)
            {
                if (_an.SectionOf[here] == gs)
                {
                    // Inside, bound deeper: whoever stands on its way in there goes first (last in, first out).
                    double inside = _p.Priority(w) + 0.5;
                    var way = new HashSet<int>(PathUp(goal, here));
                    for (int o = 0; o < ag.Count; o++)
                        if (o != w && ag.Mode[o] != AgentMode.Absent && way.Contains(ag.Cur[o])) _p.Inherit(o, inside);
                    continue;
                }
                s = gs;
                door = _an.Data[gs].Doorways[0];
            }
            else
            {
                // Near a doorway, wanting into the section behind it.
                for (int arc = _g.OutStart[here]; arc < _g.OutStart[here + 1] && s < 0; arc++)
                {
                    int d = _g.OutTo[arc];
                    if (_doorOf[d] is null || dist[d] >= dist[here]) continue;
                    int next = BestNext(d, dist);
                    if (next >= 0 && _an.SectionOf[next] is var ns and >= 0 && ns != _an.SectionOf[here]) { s = ns; door = d; }
                }
                if (s < 0 && _doorOf[here] is not null && BestNext(here, dist) is var nx and >= 0 && _an.SectionOf[nx] is var ns2 and >= 0 && ns2 != _an.SectionOf[here]) { s = ns2; door = here; }
            }
            if (s < 0) continue;
            double prio = _p.Priority(w) + 0.5;
            if (_an.Data[s].Kind == SectionKind.OneLaneAisle)
            {
                int end = door == _an.Data[s].Doorways[0] ? 0 : 1;
                _waitingAt[s * 2 + end] = Math.Max(_waitingAt[s * 2 + end], _p.Priority(w));
            }
            for (int o = 0; o < ag.Count; o++)
            {
                if (o == w || ag.Mode[o] == AgentMode.Absent || _an.SectionOf[ag.Cur[o]] != s) continue;
                if (_an.Data[s].Kind == SectionKind.OneLaneAisle)
                {
                    // Only those heading out toward the waiting AGV's end hold it up.
                    int h = Heading(o, s, ag.Cur[o]);
                    int towardDoor = door == _an.Data[s].Doorways[0] ? 0 : 1;
                    if (h >= 0 && h != towardDoor) continue;
                }
                _p.Inherit(o, prio);
            }
        }
    }

    /// <summary>Why the AGV may not go to <paramref name="place"/> now, for an operator; null when nothing here stops it.</summary>
    public string? Why(int agent, int from, int place) => ClosedTo(agent, from, place)?.English;

    /// <summary>The section that closes <paramref name="place"/> to the AGV now; null when nothing here stops it.</summary>
    public ClosedBy? ClosedTo(int agent, int from, int place)
    {
        int s = _an.SectionOf[place];
        if (s < 0 && _doorOf[place] is { } doors && _p.Agents.Dist[agent] is { } dist && BestNext(place, dist) is var next and >= 0) s = _an.SectionOf[next];
        if (s < 0) return null;
        var sec = _an.Sections[s];
        return sec.Kind is SectionKind.DeadEnd or SectionKind.OneLaneAisle or SectionKind.Lift ? new ClosedBy(sec.Kind, sec.NodeIds) : null;
    }
}
