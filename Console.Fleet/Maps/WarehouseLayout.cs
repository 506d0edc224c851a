namespace AgvConsole.Fleet.Maps;

/// <summary>
/// A generated rack warehouse on one floor, sized for a fleet: one-way aisles running north–south,
/// alternating in direction, joined by two-way cross-aisles (one at each end and one between every
/// two blocks of racks); pick/drop stations on one-node dead-end spurs in the rack rows beside the
/// aisles; charging stations on spurs below the first cross-aisle. Used by the bench's
/// <c>console-drive</c> and reusable by tests and demos that need a site of a given size.
/// The traffic kernel's MapAnalysis reports the one-way aisles as "no way round" (each is entered
/// from one place only): they are the shape real rack warehouses have, and the one issue 13 asks to be driven.
/// </summary>
public static class WarehouseLayout
{
    /// <summary>2.6 m: two forklifts (2 000 × 1 000 mm, footprint radius 1 268 mm with the kernel's margin) fit on neighbouring nodes.</summary>
    public const int DefaultSpacingMm = 2600;

    /// <summary>A generated floor: the map, its stations (spur ends), and the places AGVs may start on (aisles and cross-aisles, never spurs).</summary>
    public sealed record Warehouse(SiteMap Map, IReadOnlyList<uint> Stations, IReadOnlyList<uint> Chargers, IReadOnlyList<uint> StartPlaces);

    /// <summary>
    /// A warehouse with about <paramref name="placesPerAgv"/> nodes per AGV for <paramref name="agvs"/> AGVs,
    /// roughly square. Aisle segments are <paramref name="blockRows"/> nodes long.
    /// </summary>
    public static Warehouse ForFleet(uint mapId, int agvs, double placesPerAgv = 4, int blockRows = 10, int spacingMm = DefaultSpacingMm)
    {
        if (agvs < 1) throw new ArgumentOutOfRangeException(nameof(agvs), "a fleet has at least one AGV");
        // One aisle and one block hold ≈ blockRows aisle nodes + blockRows/2 stations + 2 cross-aisle nodes.
        double perAisleBlock = blockRows + blockRows / 2.0 + 2;
        double aisleBlocks = Math.Max(4, agvs * placesPerAgv / perAisleBlock);
        // Square: width 2·aisles·spacing ≈ height blocks·(blockRows + 1)·spacing.
        int blocks = Math.Max(1, (int)Math.Round(Math.Sqrt(aisleBlocks * 2 / (blockRows + 1))));
        int aisles = Math.Max(2, (int)Math.Ceiling(aisleBlocks / blocks));
        return Generate(mapId, aisles, blocks, blockRows, spacingMm);
    }

    /// <summary>
    /// <paramref name="aisles"/> one-way aisles (the first northbound), <paramref name="blocks"/> blocks of
    /// <paramref name="blockRows"/> rows between cross-aisles. Node ids are <c>mapId·100 000 + index</c>
    /// (unique across a site of such floors).
    /// </summary>
    public static Warehouse Generate(uint mapId, int aisles, int blocks, int blockRows, int spacingMm = DefaultSpacingMm)
    {
        if (aisles < 2 || blocks < 1 || blockRows < 1) throw new ArgumentOutOfRangeException(nameof(aisles), "at least two aisles, one block of one row");
        int columns = 2 * aisles - 1, rows = blocks * (blockRows + 1) + 1;
        if ((long)columns * (rows + 1) >= 100_000) throw new ArgumentOutOfRangeException(nameof(aisles), "too large for mapId·100 000 + index ids");
        uint Id(int c, int r) => mapId * 100_000 + (uint)((r + 1) * columns + c); // row −1 holds the chargers
        bool Cross(int r) => r % (blockRows + 1) == 0;
        bool Aisle(int c) => c % 2 == 0;
        const int aisleSpeed = 1500, crossSpeed = 2000, spurSpeed = 500;

        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();
        var stations = new List<uint>();
        var chargers = new List<uint>();
        var starts = new List<uint>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                var id = Id(c, r);
                if (Cross(r) || Aisle(c))
                {
                    nodes.Add(new MapNode(id, c * spacingMm, r * spacingMm, MapNodeKind.Normal));
                    starts.Add(id);
                }
                else if (r % (blockRows + 1) % 2 == 1)
                {
                    // A station in the rack row, reached from the aisle on its west side only: a dead end.
                    int block = r / (blockRows + 1), row = r % (blockRows + 1);
                    var name = $"S{c / 2 + 1}-{block + 1}-{row}";
                    nodes.Add(new MapNode(id, c * spacingMm, r * spacingMm, MapNodeKind.Normal, Name: name));
                    edges.Add(new MapEdge(Id(c - 1, r), id, true, spurSpeed));
                    stations.Add(id);
                }
            }
        // Cross-aisles: two-way along the whole width.
        for (int r = 0; r < rows; r += blockRows + 1)
            for (int c = 0; c + 1 < columns; c++)
                edges.Add(new MapEdge(Id(c, r), Id(c + 1, r), true, crossSpeed));
        // Aisles: one-way, alternating north- and southbound, through the cross-aisles.
        for (int c = 0; c < columns; c += 2)
        {
            bool north = c / 2 % 2 == 0;
            for (int r = 0; r + 1 < rows; r++)
                edges.Add(north ? new MapEdge(Id(c, r), Id(c, r + 1), false, aisleSpeed) : new MapEdge(Id(c, r + 1), Id(c, r), false, aisleSpeed));
        }
        // Chargers: a spur below the first cross-aisle at every aisle.
        for (int c = 0; c < columns; c += 2)
        {
            var id = Id(c, -1);
            nodes.Add(new MapNode(id, c * spacingMm, -spacingMm, MapNodeKind.Charging, Name: $"C{c / 2 + 1}"));
            edges.Add(new MapEdge(Id(c, 0), id, true, spurSpeed));
            chargers.Add(id);
        }
        var map = new SiteMap(mapId, $"Warehouse {aisles}×{blocks}", "Warehouse", 1, nodes, edges);
        return new Warehouse(map, stations, chargers, starts);
    }
}
