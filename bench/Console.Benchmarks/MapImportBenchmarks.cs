using AgvConsole.Data;
using AgvConsole.Data.Entities;
using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Maps;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Benchmarks;

/// <summary>
/// Replacing a 20 000-node map (a 200 × 100 grid, 39 700 edges: the size limit of an import) in
/// SQLite (a file in WAL mode, as the console runs it). Baseline: the store as it was, nodes and
/// edges added through EF Core's change tracker. Against it: MapStore now, INSERTs
/// through prepared commands in one transaction (one row per statement on SQLite). The SQLite write lock is held for about the
/// duration of each; AGV registrations and audit entries wait behind it. Also the rest of an
/// import (validation against the other floors and the node index), which holds no lock.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 6)]
public class MapImportBenchmarks
{
    private sealed class Factory(DbContextOptions<ConsoleDbContext> options) : IDbContextFactory<ConsoleDbContext>
    {
        public ConsoleDbContext CreateDbContext() => new(options);
    }

    private string _dir = "";
    private Factory _factory = null!;
    private SiteMap _map = null!;
    private SiteMaps _site = null!;

    [GlobalSetup]
    public void Setup()
    {
        const int columns = 200, rows = 100;
        uint Id(int c, int r) => (uint)(100_000 + r * columns + c);
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                nodes.Add(new MapNode(Id(c, r), c * 2500, r * 2500, c == 0 ? MapNodeKind.Charging : MapNodeKind.Normal));
                if (c + 1 < columns) edges.Add(new MapEdge(Id(c, r), Id(c + 1, r), true, 1000));
                if (r + 1 < rows) edges.Add(new MapEdge(Id(c, r), Id(c, r + 1), r % 2 == 0, 1500));
            }
        _map = new SiteMap(9, "20k", "bench", 1, nodes, edges);
        _site = new SiteMaps();
        _site.Load([DemoFloor(1), DemoFloor(2)]);

        _dir = Path.Combine(Path.GetTempPath(), "agv-bench-maps-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _factory = new Factory(new DbContextOptionsBuilder<ConsoleDbContext>().UseSqlite($"Data Source={Path.Combine(_dir, "console.db")}").Options);
        using var db = _factory.CreateDbContext();
        DatabaseInitializer.InitializeAsync(db, NullLogger.Instance).GetAwaiter().GetResult();
    }

    private static SiteMap DemoFloor(uint id) => new(id, $"floor {id}", "bench", (int)id,
        Enumerable.Range(1, 70).Select(i => new MapNode(id * 1000 + (uint)i, i * 2500, 0, MapNodeKind.Normal)).ToList(), []);

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true, Description = "EF change tracking (before)")]
    public async Task EfChangeTracking()
    {
        var map = _map;
        await using var db = _factory.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.MapEdges.Where(e => e.MapId == map.MapId).ExecuteDeleteAsync();
        await db.MapNodes.Where(n => n.MapId == map.MapId).ExecuteDeleteAsync();
        await db.Maps.Where(m => m.MapId == map.MapId).ExecuteDeleteAsync();
        db.Maps.Add(new MapEntity
        {
            MapId = map.MapId, Name = map.Name, Building = map.Building, Floor = map.Floor, UpdatedAt = DateTimeOffset.UtcNow,
            Nodes = map.Nodes.Select(n => new MapNodeEntity { MapId = map.MapId, NodeId = n.Id, X = n.X, Y = n.Y, Kind = MapStore.KindName(n.Kind), LinkedNodeId = n.LinkedNodeId, MaxWidthMm = n.MaxWidthMm }).ToList(),
            Edges = map.Edges.Select(e => new MapEdgeEntity { MapId = map.MapId, From = e.From, To = e.To, Bidirectional = e.Bidirectional, MaxSpeed = e.MaxSpeed, MaxWidthMm = e.MaxWidthMm, Closed = e.Closed }).ToList(),
        });
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    [Benchmark(Description = "MapStore: prepared INSERTs (after)")]
    public Task BatchedInsert() => new MapStore(_factory).SaveAsync(_map);

    [Benchmark(Description = "validate + index (no lock held)")]
    public int ValidateAndIndex()
    {
        var errors = MapValidator.Validate(_map, _site.All);
        var site = new SiteMaps();
        site.Load([.. _site.All, _map]);
        return errors.Count + (site.MapOfNode(_map.Nodes[^1].Id) is null ? 0 : 1);
    }
}
