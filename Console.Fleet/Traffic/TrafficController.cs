using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Keeps AGVs of every vendor apart by holding nodes. An AGV holds the node it stands on; before it
/// is sent a route, the whole route is reserved (every node, and every node closer than
/// <see cref="Clearance"/> to one of them, so footprints cannot meet between nodes either); nodes
/// are released behind it as its reports pass them. Two AGVs never hold the same node, so AGVs
/// that drive only what they hold never meet. A route is planned around nodes held by others,
/// and only a route that is wholly free is granted (no AGV waits holding part of a route, so
/// moving AGVs cannot deadlock each other). An AGV that goes offline keeps what it holds until an
/// operator releases it or it returns.
/// </summary>
public sealed class TrafficController(SiteMaps maps)
{
    /// <summary>Nodes closer than this (mm) count as one place: a footprint on one reaches the other.</summary>
    public int Clearance { get; init; } = 2000;

    private readonly object _gate = new();
    private readonly Dictionary<uint, string> _holder = new();
    private readonly Dictionary<string, List<uint>> _held = new(StringComparer.Ordinal);

    /// <summary>Who holds <paramref name="node"/>, or null.</summary>
    public string? HolderOf(uint node)
    {
        lock (_gate) return _holder.GetValueOrDefault(node);
    }

    /// <summary>The nodes <paramref name="serial"/> holds, in the order it will drive them.</summary>
    public IReadOnlyList<uint> HeldBy(string serial)
    {
        lock (_gate) return _held.TryGetValue(serial, out var l) ? l.ToArray() : [];
    }

    public IReadOnlyDictionary<uint, string> Holdings
    {
        get { lock (_gate) return new Dictionary<uint, string>(_holder); }
    }

    /// <summary>Whether <paramref name="node"/> (or a node within the clearance of it) is held by someone other than <paramref name="serial"/>.</summary>
    public bool BlockedFor(string serial, uint node)
    {
        var zone = Zone(node);
        lock (_gate)
        {
            foreach (var n in zone)
                if (_holder.TryGetValue(n, out var h) && h != serial) return true;
            return false;
        }
    }

    // Zones per map, computed once per map version (an edited map is a new SiteMap instance).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SiteMap, Dictionary<uint, uint[]>> _zones = new();

    /// <summary>The node and every node within the clearance of it.</summary>
    private uint[] Zone(uint node)
    {
        var map = maps.MapOfNode(node);
        if (map is null) return [node];
        var zones = _zones.GetValue(map, ComputeZones);
        return zones.TryGetValue(node, out var z) ? z : [node];
    }

    /// <summary>Every node's zone, found through a grid of cells one clearance wide (linear in the map's size).</summary>
    private Dictionary<uint, uint[]> ComputeZones(SiteMap m)
    {
        int cell = Math.Max(1, Clearance);
        var cells = m.Nodes.GroupBy(n => (Math.Floor((double)n.X / cell), Math.Floor((double)n.Y / cell))).ToDictionary(g => g.Key, g => g.ToArray());
        var zones = new Dictionary<uint, uint[]>(m.Nodes.Count);
        foreach (var n in m.Nodes)
        {
            double cx = Math.Floor((double)n.X / cell), cy = Math.Floor((double)n.Y / cell);
            var zone = new List<uint>();
            for (int dx = -1; dx <= 1; dx++)
                for (int dy = -1; dy <= 1; dy++)
                    if (cells.TryGetValue((cx + dx, cy + dy), out var near))
                        foreach (var o in near)
                            if (o.Id == n.Id || SiteMap.Distance(n, o) < Clearance) zone.Add(o.Id);
            zones[n.Id] = zone.ToArray();
        }
        return zones;
    }

    /// <summary>The AGV stands on <paramref name="node"/>: it holds it (if nobody else does). Returns false if it is someone else's.</summary>
    public bool Occupy(string serial, uint node)
    {
        lock (_gate)
        {
            if (_holder.TryGetValue(node, out var h) && h != serial) return false;
            if (!_held.TryGetValue(serial, out var list)) _held[serial] = list = [];
            if (!list.Contains(node))
            {
                list.Insert(0, node);
                _holder[node] = serial;
            }
            return true;
        }
    }

    /// <summary>
    /// Reserves the whole route for <paramref name="serial"/> if every node of it (with its
    /// clearance) is free or already its own. All or nothing. Returns the node that blocks, or null when granted.
    /// </summary>
    public uint? TryReserve(string serial, IReadOnlyList<uint> route)
    {
        lock (_gate)
        {
            foreach (var node in route)
                foreach (var z in Zone(node))
                    if (_holder.TryGetValue(z, out var h) && h != serial) return z;
            if (!_held.TryGetValue(serial, out var list)) _held[serial] = list = [];
            // What it held off this route (a previous plan) is given back; the route is held in driving order.
            foreach (var old in list.Where(n => !route.Contains(n)).ToList()) { _holder.Remove(old); list.Remove(old); }
            list.Clear();
            foreach (var node in route)
            {
                _holder[node] = serial;
                list.Add(node);
            }
            return null;
        }
    }

    /// <summary>
    /// The AGV reported it reached <paramref name="node"/>: the nodes of its route before it are
    /// released. When it is not on its held route (it stands somewhere else), it keeps only that node.
    /// </summary>
    public void Progress(string serial, uint node)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(serial, out var list)) return;
            int i = list.IndexOf(node);
            if (i <= 0) return;
            for (int k = 0; k < i; k++) _holder.Remove(list[k]);
            list.RemoveRange(0, i);
        }
    }

    /// <summary>The AGV's task ended where it stands: it keeps only <paramref name="node"/>.</summary>
    public void Settle(string serial, uint node)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(serial, out var list)) _held[serial] = list = [];
            foreach (var n in list.Where(n => n != node)) _holder.Remove(n);
            list.RemoveAll(n => n != node);
            if (list.Count == 0 && (!_holder.TryGetValue(node, out var h) || h == serial))
            {
                list.Add(node);
                _holder[node] = serial;
            }
        }
    }

    /// <summary>An operator releases everything an AGV holds (it was taken away, or is known to be elsewhere).</summary>
    public int Release(string serial)
    {
        lock (_gate)
        {
            if (!_held.Remove(serial, out var list)) return 0;
            foreach (var n in list) _holder.Remove(n);
            return list.Count;
        }
    }
}
