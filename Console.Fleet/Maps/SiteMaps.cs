using System.Collections.Immutable;

namespace AgvConsole.Fleet.Maps;

/// <summary>The site's maps, swapped whole on change so readers never see a half-edited map.</summary>
public sealed class SiteMaps
{
    private ImmutableSortedDictionary<uint, SiteMap> _maps = ImmutableSortedDictionary<uint, SiteMap>.Empty;

    public IReadOnlyCollection<SiteMap> All => _maps.Values.ToArray();
    public SiteMap? Find(uint mapId) => _maps.GetValueOrDefault(mapId);

    /// <summary>The map that holds <paramref name="nodeId"/>.</summary>
    public SiteMap? MapOfNode(uint nodeId) => _maps.Values.FirstOrDefault(m => m.Contains(nodeId));

    public void Set(SiteMap map) => ImmutableInterlocked.Update(ref _maps, m => m.SetItem(map.MapId, map));

    public void Load(IEnumerable<SiteMap> maps) => _maps = maps.ToImmutableSortedDictionary(m => m.MapId, m => m);
}
