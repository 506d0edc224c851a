using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Keeps AGVs of every vendor apart by holding resources: nodes and edges (<see cref="Resource"/>),
/// each with the floor within <see cref="Clearance"/> of it (<see cref="ConflictTable"/>), which
/// is the swept area of any footprint on it. An AGV holds the node it stands on; the trip driver
/// grants it the route ahead a few nodes at a time (edge, node, edge, node…) and its reports
/// release what lies behind. Nothing is granted while another AGV holds a conflicting resource,
/// so two AGVs never hold the same place, and AGVs that drive only what they hold never meet.
/// A granted SpaceRequest holds the resources inside its space until released or expired.
/// An AGV that goes offline keeps what it holds until an operator releases it or it returns.
/// </summary>
public sealed class TrafficController(SiteMaps maps)
{
    /// <summary>
    /// mm: resources closer than this are one place. It must exceed the largest footprint's
    /// diagonal (two AGVs at this distance cannot touch, whatever their headings).
    /// </summary>
    public int Clearance { get; init; } = 2000;

    private readonly object _gate = new();
    private readonly Dictionary<Resource, string> _holder = new();
    private readonly Dictionary<string, List<Resource>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Serial, uint RequestId), SpaceHold> _spaces = new();
    private readonly Dictionary<Resource, string> _spaceHolder = new();

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SiteMap, ConflictTable> _tables = new();
    private System.Runtime.CompilerServices.ConditionalWeakTable<SiteMap, ConflictTable>.CreateValueCallback? _build; // one delegate, not one per lookup

    /// <summary>Whatever conflicts with <paramref name="r"/>, itself included (an array of the map's table: no allocation).</summary>
    private Resource[] Conflicts(Resource r, out uint? linkedLift)
    {
        linkedLift = null;
        var map = maps.MapOfNode(r.A);
        if (map is null) return [r];
        // A lift node also conflicts with the lift node it links to on another floor: one cabin.
        if (r.IsNode && map.Node(r.A) is { Kind: MapNodeKind.Lift, LinkedNodeId: { } linked }) linkedLift = linked;
        return _tables.GetValue(map, _build ??= m => ConflictTable.Build(m, Clearance)).Of(r);
    }

    /// <summary>Who other than <paramref name="serial"/> holds something conflicting with <paramref name="r"/>; null when it is free for it. Call under the gate.</summary>
    private (string Holder, Resource At)? Blocker(string serial, Resource r)
    {
        var conflicts = Conflicts(r, out var linked);
        foreach (var c in conflicts)
            if (HeldByOther(serial, c) is { } h) return (h, c);
        if (linked is { } l && HeldByOther(serial, Resource.Node(l)) is { } lh) return (lh, Resource.Node(l));
        return null;
    }

    private string? HeldByOther(string serial, Resource c)
    {
        if (_holder.TryGetValue(c, out var h) && h != serial) return h;
        if (_spaceHolder.Count > 0 && _spaceHolder.TryGetValue(c, out var sh) && sh != serial) return sh;
        return null;
    }

    /// <summary>Who holds <paramref name="node"/> (driving or by a granted space), or null.</summary>
    public string? HolderOf(uint node)
    {
        var r = Resource.Node(node);
        lock (_gate) return _holder.GetValueOrDefault(r) ?? _spaceHolder.GetValueOrDefault(r);
    }

    /// <summary>The nodes <paramref name="serial"/> holds, in the order it will drive them.</summary>
    public IReadOnlyList<uint> HeldBy(string serial)
    {
        lock (_gate) return _held.TryGetValue(serial, out var l) ? l.Where(r => r.IsNode).Select(r => r.A).Distinct().ToArray() : [];
    }

    /// <summary>Every resource <paramref name="serial"/> holds for driving, in driving order.</summary>
    public IReadOnlyList<Resource> ResourcesOf(string serial)
    {
        lock (_gate) return _held.TryGetValue(serial, out var l) ? l.ToArray() : [];
    }

    /// <summary>Every held node and its holder (driving or by a space).</summary>
    public IReadOnlyDictionary<uint, string> Holdings
    {
        get
        {
            lock (_gate)
            {
                var d = _holder.Where(kv => kv.Key.IsNode).ToDictionary(kv => kv.Key.A, kv => kv.Value);
                foreach (var (r, s) in _spaceHolder) if (r.IsNode) d.TryAdd(r.A, s);
                return d;
            }
        }
    }

    /// <summary>Whether <paramref name="node"/> (or anything within the clearance of it) is held by someone other than <paramref name="serial"/>.</summary>
    public bool BlockedFor(string serial, uint node)
    {
        lock (_gate) return Blocker(serial, Resource.Node(node)) is not null;
    }

    /// <summary>The AGV holding what blocks <paramref name="node"/> for <paramref name="serial"/>, or null.</summary>
    public string? BlockerOf(string serial, uint node)
    {
        lock (_gate) return Blocker(serial, Resource.Node(node))?.Holder;
    }

    /// <summary>The AGV stands on <paramref name="node"/>: it holds it (if nobody else does). Returns false if it is someone else's.</summary>
    public bool Occupy(string serial, uint node)
    {
        var r = Resource.Node(node);
        lock (_gate)
        {
            if (_holder.TryGetValue(r, out var h) && h != serial) return false;
            var list = List(serial);
            if (!list.Contains(r))
            {
                list.Insert(0, r);
                _holder[r] = serial;
            }
            return true;
        }
    }

    private List<Resource> List(string serial)
    {
        if (!_held.TryGetValue(serial, out var list)) _held[serial] = list = [];
        return list;
    }

    /// <summary>
    /// Grants <paramref name="serial"/> the route after index <paramref name="from"/>, node by node
    /// (the edge into a node, then the node), up to <paramref name="maxNodes"/> nodes, stopping at
    /// the first one that conflicts with another AGV's holding. Returns the index of the last node
    /// granted (<paramref name="from"/> when nothing was) and, when it stopped early, who blocked it and where.
    /// </summary>
    public (int Granted, string? BlockedBy, Resource? BlockedAt) Extend(string serial, IReadOnlyList<uint> route, int from, int maxNodes)
    {
        lock (_gate)
        {
            var list = List(serial);
            int last = Math.Min(route.Count - 1, from + maxNodes);
            for (int i = from + 1; i <= last; i++)
            {
                var edge = Resource.Edge(route[i - 1], route[i]);
                var node = Resource.Node(route[i]);
                var blocked = Blocker(serial, edge) ?? Blocker(serial, node);
                if (blocked is { } b) return (i - 1, b.Holder, b.At);
                list.Add(edge);
                list.Add(node);
                _holder[edge] = serial;
                _holder[node] = serial;
            }
            return (last, null, null);
        }
    }

    /// <summary>
    /// The AGV reported it reached <paramref name="node"/>: what it held before that node on its
    /// route is released. When the node is not on its held route, nothing changes.
    /// </summary>
    public void Progress(string serial, uint node)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(serial, out var list)) return;
            int i = list.IndexOf(Resource.Node(node));
            if (i <= 0) return;
            var passed = list.GetRange(0, i);
            list.RemoveRange(0, i);
            // A route may come back over a node it left (backing off): that one stays held.
            foreach (var r in passed)
                if (!list.Contains(r)) _holder.Remove(r);
        }
    }

    /// <summary>The AGV's trip ended where it stands: it keeps only <paramref name="node"/>.</summary>
    public void Settle(string serial, uint node)
    {
        var keep = Resource.Node(node);
        lock (_gate)
        {
            var list = List(serial);
            foreach (var r in list.Where(r => r != keep)) _holder.Remove(r);
            list.RemoveAll(r => r != keep);
            if (list.Count == 0 && (!_holder.TryGetValue(keep, out var h) || h == serial))
            {
                list.Add(keep);
                _holder[keep] = serial;
            }
        }
    }

    /// <summary>An operator releases everything an AGV holds (it was taken away, or is known to be elsewhere), spaces included.</summary>
    public int Release(string serial)
    {
        lock (_gate)
        {
            int n = 0;
            if (_held.Remove(serial, out var list))
            {
                foreach (var r in list) _holder.Remove(r);
                n = list.Count(r => r.IsNode);
            }
            foreach (var key in _spaces.Keys.Where(k => k.Serial == serial).ToList()) DropSpace(key);
            return n;
        }
    }

    // ---- Spaces granted to SpaceRequests ----

    /// <summary>Holds <paramref name="hold"/>'s resources for its AGV if none conflicts with another AGV's; returns the blocker, or null when held.</summary>
    public string? TryHoldSpace(SpaceHold hold)
    {
        lock (_gate)
        {
            foreach (var r in hold.Resources)
                if (Blocker(hold.Serial, r) is { } b) return b.Holder;
            DropSpace((hold.Serial, hold.RequestId));
            _spaces[(hold.Serial, hold.RequestId)] = hold;
            foreach (var r in hold.Resources) _spaceHolder[r] = hold.Serial;
            return null;
        }
    }

    /// <summary>Whether a space with these resources could be held by <paramref name="serial"/> now (nothing is held).</summary>
    public bool SpaceFree(string serial, IEnumerable<Resource> resources)
    {
        lock (_gate) return resources.All(r => Blocker(serial, r) is null);
    }

    /// <summary>SpaceRelease: the AGV is done with the space.</summary>
    public bool ReleaseSpace(string serial, uint requestId)
    {
        lock (_gate) return DropSpace((serial, requestId));
    }

    /// <summary>Drops the spaces whose time ran out; returns the AGVs that lost one.</summary>
    public IReadOnlyList<string> ExpireSpaces(DateTimeOffset now)
    {
        lock (_gate)
        {
            var expired = _spaces.Where(kv => kv.Value.ExpiresAt <= now).Select(kv => kv.Key).ToList();
            foreach (var k in expired) DropSpace(k);
            return expired.Select(k => k.Serial).Distinct().ToArray();
        }
    }

    /// <summary>The spaces held now.</summary>
    public IReadOnlyList<SpaceHold> Spaces
    {
        get { lock (_gate) return _spaces.Values.ToArray(); }
    }

    private bool DropSpace((string Serial, uint RequestId) key)
    {
        if (!_spaces.Remove(key, out var hold)) return false;
        foreach (var r in hold.Resources)
            if (_spaceHolder.GetValueOrDefault(r) == key.Serial && !_spaces.Values.Any(s => s.Serial == key.Serial && s.Resources.Contains(r)))
                _spaceHolder.Remove(r);
        return true;
    }
}
