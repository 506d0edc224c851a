using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>The site's maps in the Maps, MapNodes and MapEdges tables.</summary>
public sealed class MapStore(IDbContextFactory<ConsoleDbContext> factory) : IMapRepository
{
    public async Task<IReadOnlyList<SiteMap>> GetAllAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var maps = await db.Maps.AsNoTracking().Include(m => m.Nodes).Include(m => m.Edges).AsSplitQuery().OrderBy(m => m.MapId).ToListAsync(ct);
        return maps.Select(m => new SiteMap((uint)m.MapId, m.Name, m.Building, m.Floor,
            m.Nodes.OrderBy(n => n.NodeId).Select(n => new MapNode((uint)n.NodeId, n.X, n.Y, ParseKind(n.Kind), (uint?)n.LinkedNodeId, n.MaxWidthMm)),
            m.Edges.OrderBy(e => e.Id).Select(e => new MapEdge((uint)e.From, (uint)e.To, e.Bidirectional, e.MaxSpeed, e.MaxWidthMm, e.Closed)))).ToList();
    }

    public async Task SaveAsync(SiteMap map, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.MapEdges.Where(e => e.MapId == map.MapId).ExecuteDeleteAsync(ct);
        await db.MapNodes.Where(n => n.MapId == map.MapId).ExecuteDeleteAsync(ct);
        await db.Maps.Where(m => m.MapId == map.MapId).ExecuteDeleteAsync(ct);
        db.Maps.Add(new MapEntity
        {
            MapId = map.MapId, Name = map.Name, Building = map.Building, Floor = map.Floor, UpdatedAt = DateTimeOffset.UtcNow,
            Nodes = map.Nodes.Select(n => new MapNodeEntity { MapId = map.MapId, NodeId = n.Id, X = n.X, Y = n.Y, Kind = KindName(n.Kind), LinkedNodeId = n.LinkedNodeId, MaxWidthMm = n.MaxWidthMm }).ToList(),
            Edges = map.Edges.Select(e => new MapEdgeEntity { MapId = map.MapId, From = e.From, To = e.To, Bidirectional = e.Bidirectional, MaxSpeed = e.MaxSpeed, MaxWidthMm = e.MaxWidthMm, Closed = e.Closed }).ToList(),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public static string KindName(MapNodeKind k) => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..];
    public static MapNodeKind ParseKind(string s) => Enum.TryParse<MapNodeKind>(s, true, out var k) ? k : MapNodeKind.Normal;
}
