namespace AgvConsole.Fleet.Maps;

/// <summary>Checks a map before it is accepted; every problem is named so a person can fix it.</summary>
public static class MapValidator
{
    public static IReadOnlyList<string> Validate(SiteMap map, IEnumerable<SiteMap> otherMaps)
    {
        var errors = new List<string>();
        if (map.MapId is 0 or 0xFFFFFFFF) errors.Add($"map id {map.MapId} is reserved");
        if (string.IsNullOrWhiteSpace(map.Name)) errors.Add("the map needs a name");
        if (map.Nodes.Count == 0) errors.Add("the map has no nodes");
        foreach (var g in map.Nodes.GroupBy(n => n.Id).Where(g => g.Count() > 1))
            errors.Add($"node id {g.Key} is used {g.Count()} times");
        foreach (var n in map.Nodes.Where(n => n.Id is 0 or 0xFFFFFFFF))
            errors.Add($"node id {n.Id} is reserved");
        var others = otherMaps.Where(m => m.MapId != map.MapId).ToList();
        foreach (var n in map.Nodes)
        {
            var clash = others.FirstOrDefault(m => m.Contains(n.Id));
            if (clash is not null) errors.Add($"node id {n.Id} is already used on map {clash.MapId} ({clash.Name}); node ids are unique across the site");
        }
        foreach (var n in map.Nodes.Where(n => n.Name is not null))
        {
            if (n.Name!.Trim().Length == 0 || n.Name.Trim() != n.Name) errors.Add($"node {n.Id}: a name may not be blank or start or end with spaces");
            else if (n.Name.Length > MapNode.MaxNameChars) errors.Add($"node {n.Id}: the name is longer than {MapNode.MaxNameChars} characters");
            else if (n.Name.Any(char.IsControl)) errors.Add($"node {n.Id}: the name contains a control character");
        }
        // A name picks a place from a list: two places of one name on a map would be a guess.
        foreach (var g in map.Nodes.Where(n => !string.IsNullOrWhiteSpace(n.Name)).GroupBy(n => n.Name!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"the name '{g.Key}' is given to nodes {string.Join(", ", g.Select(n => n.Id))}; names are unique on a map");
        var ids = map.Nodes.Select(n => n.Id).ToHashSet();
        foreach (var e in map.Edges)
        {
            if (!ids.Contains(e.From)) errors.Add($"edge {e.From}→{e.To}: node {e.From} does not exist");
            if (!ids.Contains(e.To)) errors.Add($"edge {e.From}→{e.To}: node {e.To} does not exist");
            if (e.From == e.To) errors.Add($"edge {e.From}→{e.To} joins a node to itself");
            if (e.MaxSpeed <= 0) errors.Add($"edge {e.From}→{e.To}: speed limit must be positive, got {e.MaxSpeed}");
        }
        foreach (var g in map.Edges.GroupBy(e => (Math.Min(e.From, e.To), Math.Max(e.From, e.To))).Where(g => g.Count() > 1))
            errors.Add($"nodes {g.Key.Item1} and {g.Key.Item2} are joined by {g.Count()} edges");
        foreach (var n in map.Nodes.Where(n => n.LinkedNodeId is not null))
        {
            if (n.Kind != MapNodeKind.Lift) errors.Add($"node {n.Id} links to another map but is not a lift node");
            var target = others.Select(m => m.Node(n.LinkedNodeId!.Value)).FirstOrDefault(x => x is not null);
            if (target is null) errors.Add($"lift node {n.Id} links to node {n.LinkedNodeId}, which is on no other map");
        }
        return errors;
    }
}
