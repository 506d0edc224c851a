namespace AgvConsole.Fleet.Traffic.Kernel;

public sealed partial class TrafficKernel
{
    /// <summary>
    /// Recomputes, per vehicle class, the places and edges it may not use now: within reach of an
    /// AGV standing still for its own reason (its place and whatever it was granted and may still be
    /// on) or of a granted space. The distance tables are brought up to date around them; the caller
    /// (<see cref="Replan"/>) then gives every AGV its goal's table again.
    /// </summary>
    private void UpdateBlocked()
    {
        int classes = _classList.Count;
        var placeBlocked = new bool[classes][];
        var edgeBlocked = new bool[classes][];
        for (int c = 0; c < classes; c++)
        {
            placeBlocked[c] = new bool[_g.NodeCount];
            edgeBlocked[c] = new bool[_g.EdgeCount];
        }
        var geo = _p.Geometry;
        foreach (var agv in _agvs)
        {
            if (!agv.Present || agv.Stand is null) continue;
            float r = _p.Agents.Radius[agv.Index];
            BlockAround(agv.Standing, -1, r);
            for (int i = 0; i < _p.Book.InFlight(agv.Index); i++) BlockAround(-1, _g.OutEdge[_p.Book.InFlightArc(agv.Index, i)], r);
        }
        foreach (var space in _spaces.Values)
            if (space.Holding)
                for (int c = 0; c < Math.Min(classes, space.Places.Length); c++)
                {
                    foreach (int p in space.Places[c]) placeBlocked[c][p] = true;
                    foreach (int e in space.Edges[c]) edgeBlocked[c][e] = true;
                }
        // The distance tables follow the places blocked for each class (edges blocked only constrain moves).
        // Most replans change none (an AGV arrived, a plan was dropped): the tables stay as they are.
        var before = _p.Planner.PlaceBlocked;
        for (int c = 0; c < classes; c++)
        {
            var old = c < before.Length ? before[c] : null;
            if (old is not null && old.AsSpan().SequenceEqual(placeBlocked[c])) placeBlocked[c] = old;
            else _p.Distances.Reblock(c, old, placeBlocked[c]);
        }
        _p.Planner.PlaceBlocked = placeBlocked;
        _p.Planner.EdgeBlocked = edgeBlocked;

        void BlockAround(int place, int edge, float r)
        {
            for (int c = 0; c < classes; c++)
            {
                float reach = r + _classList[c].Radius;
                if (place >= 0)
                {
                    for (int k = geo.NodeNodeStart[place]; k < geo.NodeNodeStart[place + 1]; k++)
                        if (geo.NodeNodeDist[k] < reach) placeBlocked[c][geo.NodeNode[k]] = true;
                    for (int k = geo.NodeEdgeStart[place]; k < geo.NodeEdgeStart[place + 1]; k++)
                        if (geo.NodeEdgeDist[k] < reach) edgeBlocked[c][geo.NodeEdge[k]] = true;
                }
                else
                {
                    for (int k = geo.EdgeNodeStart[edge]; k < geo.EdgeNodeStart[edge + 1]; k++)
                        if (geo.EdgeNodeDist[k] < reach) placeBlocked[c][geo.EdgeNode[k]] = true;
                    for (int k = geo.EdgeEdgeStart[edge]; k < geo.EdgeEdgeStart[edge + 1]; k++)
                        if (geo.EdgeEdgeDist[k] < reach) edgeBlocked[c][geo.EdgeEdge[k]] = true;
                }
            }
        }
    }

    /// <summary>Reports (once) when the AGV's goal is cut off, naming the AGVs standing still that cut it off, and when it opens again.</summary>
    private void CheckReachable(Agv agv)
    {
        int a = agv.Index, cls = _p.Agents.Class[a];
        var blocked = _p.Planner.PlaceBlocked.Length > cls ? _p.Planner.PlaceBlocked[cls] : null;
        int from = _p.Book.CommittedPlace(a, agv.Standing);
        bool reachable = _p.Goal(a) == agv.Goal && _p.Agents.Dist[a] is { } table ? ReachesByTable(table, from, agv.Goal, agv.Footprint.WidthMm, blocked)
            : Reaches(from, agv.Goal, agv.Footprint.WidthMm, blocked, null);
        if (reachable)
        {
            if (agv.Unreachable) _out.Add(new ReachableAgain(agv.Serial, agv.GoalNode));
            agv.Unreachable = false;
            return;
        }
        if (agv.Unreachable) return;
        agv.Unreachable = true;
        if (!Reaches(from, agv.Goal, agv.Footprint.WidthMm, null, null))
        {
            _out.Add(new Unreachable(agv.Serial, agv.GoalNode,
                $"{agv.Serial} cannot reach node {agv.GoalNode} from node {_g.SiteId(from)} on this map: no way leads there for an AGV {agv.Footprint.WidthMm} mm wide (one-way edges, closed edges or narrow places)", []));
            return;
        }
        // Which of the AGVs standing still cut it off: those without which it could get through.
        var culprits = new List<string>();
        foreach (var other in _agvs)
        {
            if (!other.Present || other.Stand is null || other == agv) continue;
            if (Reaches(from, agv.Goal, agv.Footprint.WidthMm, blocked, other)) culprits.Add(other.Serial);
        }
        if (culprits.Count == 0)
            culprits.AddRange(_agvs.Where(o => o.Present && o.Stand is not null && o != agv).Select(o => o.Serial));
        string who = string.Join(", ", culprits.Select(s => $"{s} ({_agvs[_bySerial[s]].Stand!.Value.ToString().ToLowerInvariant()})"));
        _out.Add(new Unreachable(agv.Serial, agv.GoalNode,
            culprits.Count == 0
                ? $"{agv.Serial} cannot reach node {agv.GoalNode}: the way is closed by a granted space"
                : $"{agv.Serial} cannot reach node {agv.GoalNode}: the way is blocked by {who}, standing still", culprits));
    }

    /// <summary>
    /// <see cref="Reaches"/> without a search, from the goal's distance table (made avoiding the same blocked
    /// places): a place blocked itself (the AGV stands beside one standing still) has no cost in the table,
    /// so it reaches the goal when one of its next places does. The table counts the goal as never blocked
    /// (it is where costs start); the goal blocked (someone stands still on or beside it) is not reachable.
    /// </summary>
    private bool ReachesByTable(int[] table, int from, int to, int width, bool[]? blocked)
    {
        if (from == to) return true;
        if (blocked is not null && blocked[to]) return false;
        if (table[from] != DistanceTables.Unreachable) return true;
        for (int arc = _g.OutStart[from]; arc < _g.OutStart[from + 1]; arc++)
            if (_g.Fits(arc, width) && table[_g.OutTo[arc]] != DistanceTables.Unreachable) return true;
        return false;
    }

    /// <summary>Whether <paramref name="to"/> can be reached from <paramref name="from"/> avoiding blocked places (except those only <paramref name="ignoring"/> blocks).</summary>
    private bool Reaches(int from, int to, int width, bool[]? blocked, Agv? ignoring)
    {
        if (from == to) return true;
        HashSet<int>? spared = null;
        bool goalBlocked = blocked is not null && blocked[to];
        if (ignoring is not null && blocked is not null)
        {
            // Places only this AGV blocks: around its place and what it was granted.
            spared = [];
            var geo = _p.Geometry;
            void Mark(int place) { for (int k = geo.NodeNodeStart[place]; k < geo.NodeNodeStart[place + 1]; k++) spared.Add(geo.NodeNode[k]); }
            Mark(ignoring.Standing);
            for (int i = 0; i < _p.Book.InFlight(ignoring.Index); i++) Mark(_g.OutTo[_p.Book.InFlightArc(ignoring.Index, i)]);
            if (spared.Contains(to)) goalBlocked = false;
        }
        if (goalBlocked) return false;
        var seen = new bool[_g.NodeCount];
        var queue = new Queue<int>();
        queue.Enqueue(from);
        seen[from] = true;
        while (queue.Count > 0)
        {
            int u = queue.Dequeue();
            for (int arc = _g.OutStart[u]; arc < _g.OutStart[u + 1]; arc++)
            {
                int v = _g.OutTo[arc];
                if (seen[v] || !_g.Fits(arc, width)) continue;
                if (v != to && blocked is not null && blocked[v] && (spared is null || !spared.Contains(v))) continue;
                if (v == to) return true;
                seen[v] = true;
                queue.Enqueue(v);
            }
        }
        return false;
    }
}
