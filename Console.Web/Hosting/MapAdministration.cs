using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Api;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Map import and editing: validated before anything is stored; every change audited. A map may
/// have at most <see cref="Limits.MaxNodesPerMap"/> nodes and <see cref="Limits.MaxEdgesPerMap"/>
/// edges; the store writes it in one short transaction (MapStore), so an import does not hold up
/// AGV registrations or the audit log.
/// </summary>
public sealed class MapAdministration(SiteMaps maps, IMapRepository store, IAuditSink audit)
{
    public static (SiteMap? Map, List<string> Errors) ToSiteMap(MapDto dto)
    {
        // Size first: a map over the limit is refused before any of it is looked at.
        var errors = new[]
        {
            Limits.Count("nodes", dto.Nodes?.Count ?? 0, Limits.MaxNodesPerMap), Limits.Count("edges", dto.Edges?.Count ?? 0, Limits.MaxEdgesPerMap),
            Limits.Chars("name", dto.Name, Limits.NameChars), Limits.Chars("building", dto.Building, Limits.NameChars),
        }.OfType<string>().ToList();
        if (errors.Count > 0) return (null, errors);
        var nodes = new List<MapNode>();
        foreach (var n in dto.Nodes ?? [])
        {
            if (n.Kind is { Length: > Limits.EnumNameChars } || !Names.TryEnum<MapNodeKind>(n.Kind, out var kind))
            {
                errors.Add($"node {n.Id}: kind must be one of {string.Join(", ", Names.EnumNames<MapNodeKind>())}");
                continue;
            }
            if (n.MaxWidthMm is <= 0) errors.Add($"node {n.Id}: maxWidthMm must be positive");
            nodes.Add(new MapNode(n.Id, n.X, n.Y, kind, n.LinkedNodeId, n.MaxWidthMm, string.IsNullOrEmpty(n.Name) ? null : n.Name));
        }
        var edges = (dto.Edges ?? []).Select(e => new MapEdge(e.From, e.To, e.Bidirectional, e.MaxSpeed, e.MaxWidthMm, e.Closed ?? false)).ToList();
        foreach (var e in edges.Where(e => e.MaxWidthMm is <= 0)) errors.Add($"edge {e.From}→{e.To}: maxWidthMm must be positive");
        return (errors.Count > 0 ? null : new SiteMap(dto.MapId, dto.Name ?? "", dto.Building ?? "", dto.Floor, nodes, edges), errors);
    }

    /// <summary>Creates or replaces a map. Returns the errors that refused it, if any.</summary>
    public async Task<(bool Ok, bool Replaced, List<string> Errors)> ImportAsync(string actor, MapDto dto)
    {
        var (map, errors) = ToSiteMap(dto);
        if (map is not null) errors.AddRange(MapValidator.Validate(map, maps.All));
        if (errors.Count > 0)
        {
            await audit.WriteAsync(actor, "map import", $"map {dto.MapId}", string.Join("; ", errors.Take(5)), "refused");
            // A broken 20 000-node map can have a problem per node: list the first ones and say how many.
            if (errors.Count > Limits.MaxListedProblems)
                errors = [.. errors.Take(Limits.MaxListedProblems), $"… and {errors.Count - Limits.MaxListedProblems} more problem(s), {errors.Count} in all"];
            return (false, false, errors);
        }
        bool replaced = maps.Find(map!.MapId) is not null;
        await store.SaveAsync(map);
        maps.Set(map);
        await audit.WriteAsync(actor, replaced ? "map replace" : "map import", $"map {map.MapId}",
            $"{map.Name}: {map.Nodes.Count} nodes, {map.Edges.Count} edges", "ok");
        return (true, replaced, errors);
    }
}
