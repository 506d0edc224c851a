using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AgvConsole.Fleet.Maps;

/// <summary>The site's maps, swapped whole on change so readers never see a half-edited map.</summary>
public sealed class SiteMaps
{
    private ImmutableSortedDictionary<uint, SiteMap> _maps = ImmutableSortedDictionary<uint, SiteMap>.Empty;
    // Which map holds a node: asked on every step of planning and traffic control, so an index.
    private volatile System.Collections.Frozen.FrozenDictionary<uint, SiteMap> _byNode = System.Collections.Frozen.FrozenDictionary<uint, SiteMap>.Empty;

    /// <summary>A map was set or the maps were loaded (after the swap): traffic control rebuilds its graph.</summary>
    public event Action? Changed;

    public IReadOnlyCollection<SiteMap> All => _maps.Values.ToArray();
    public SiteMap? Find(uint mapId) => _maps.GetValueOrDefault(mapId);

    /// <summary>The map that holds <paramref name="nodeId"/>.</summary>
    public SiteMap? MapOfNode(uint nodeId) => _byNode.GetValueOrDefault(nodeId);

    public void Set(SiteMap map)
    {
        lock (this)
        {
            _maps = _maps.SetItem(map.MapId, map);
            Reindex();
        }
        Changed?.Invoke();
    }

    public void Load(IEnumerable<SiteMap> maps)
    {
        lock (this)
        {
            _maps = maps.ToImmutableSortedDictionary(m => m.MapId, m => m);
            Reindex();
        }
        Changed?.Invoke();
    }

    private void Reindex()
    {
        var index = new Dictionary<uint, SiteMap>();
        foreach (var m in _maps.Values)
            foreach (var n in m.Nodes) index.TryAdd(n.Id, m);
        _byNode = index.ToFrozenDictionary();
    }
}
