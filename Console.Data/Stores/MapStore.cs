using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AgvConsole.Data.Stores;

/// <summary>The site's maps in the Maps, MapNodes and MapEdges tables.</summary>
public sealed class MapStore(IDbContextFactory<ConsoleDbContext> factory) : IMapRepository
{
    public async Task<IReadOnlyList<SiteMap>> GetAllAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var maps = await db.Maps.AsNoTracking().Include(m => m.Nodes).Include(m => m.Edges).AsSplitQuery().OrderBy(m => m.MapId).ToListAsync(ct);
        return maps.Select(m => new SiteMap((uint)m.MapId, m.Name, m.Building, m.Floor,
            m.Nodes.OrderBy(n => n.NodeId).Select(n => new MapNode((uint)n.NodeId, n.X, n.Y, ParseKind(n.Kind), (uint?)n.LinkedNodeId, n.MaxWidthMm, n.Name)),
            m.Edges.OrderBy(e => e.Id).Select(e => new MapEdge((uint)e.From, (uint)e.To, e.Bidirectional, e.MaxSpeed, e.MaxWidthMm, e.Closed)))).ToList();
    }

    /// <summary>
    /// Replaces a map in one short transaction. Nodes and edges go in as multi-row INSERTs through a
    /// few prepared commands, not through EF's change tracker: a 20 000-node map is written in a
    /// fraction of a second (bench/README.md), so the single SQLite writer is free again before
    /// AGV registrations and audit entries waiting behind it time out.
    /// </summary>
    public async Task SaveAsync(SiteMap map, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.MapEdges.Where(e => e.MapId == map.MapId).ExecuteDeleteAsync(ct);
        await db.MapNodes.Where(n => n.MapId == map.MapId).ExecuteDeleteAsync(ct);
        await db.Maps.Where(m => m.MapId == map.MapId).ExecuteDeleteAsync(ct);
        db.Maps.Add(new MapEntity { MapId = map.MapId, Name = map.Name, Building = map.Building, Floor = map.Floor, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        long mapId = map.MapId;
        await BulkInsert.RunAsync(connection, transaction, "MapNodes",
            [("MapId", DbType.Int64), ("NodeId", DbType.Int64), ("X", DbType.Int32), ("Y", DbType.Int32), ("Kind", DbType.String), ("LinkedNodeId", DbType.Int64), ("MaxWidthMm", DbType.Int32), ("Name", DbType.String)],
            map.Nodes, (n, v) =>
            {
                v[0] = mapId; v[1] = (long)n.Id; v[2] = n.X; v[3] = n.Y; v[4] = KindName(n.Kind);
                v[5] = n.LinkedNodeId is { } l ? (long)l : null; v[6] = n.MaxWidthMm; v[7] = n.Name;
            }, ct);
        await BulkInsert.RunAsync(connection, transaction, "MapEdges",
            [("MapId", DbType.Int64), ("From", DbType.Int64), ("To", DbType.Int64), ("Bidirectional", DbType.Boolean), ("MaxSpeed", DbType.Int32), ("MaxWidthMm", DbType.Int32), ("Closed", DbType.Boolean)],
            map.Edges, (e, v) =>
            {
                v[0] = mapId; v[1] = (long)e.From; v[2] = (long)e.To; v[3] = e.Bidirectional; v[4] = e.MaxSpeed; v[5] = e.MaxWidthMm; v[6] = e.Closed;
            }, ct);
        await tx.CommitAsync(ct);
    }

    public static string KindName(MapNodeKind k) => char.ToLowerInvariant(k.ToString()[0]) + k.ToString()[1..];
    public static MapNodeKind ParseKind(string s) => Enum.TryParse<MapNodeKind>(s, true, out var k) ? k : MapNodeKind.Normal;
}
