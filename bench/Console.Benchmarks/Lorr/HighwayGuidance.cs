namespace AgvConsole.Benchmarks.Lorr;

/// <summary>
/// Static guidance made once for the map: "crisscross highways" (after Cohen, Uras and Koenig's highways for
/// bounded-suboptimal MAPF, the baseline guidance graph of Zhang et al.'s guidance-graph optimisation for
/// lifelong MAPF). Every street gets a preferred direction, alternating from one street to the next, so
/// that two neighbouring one-cell streets carry traffic opposite ways; a forward move against its street's
/// direction costs more but stays allowed. Unlike <see cref="FlowGuidance"/> a table depends only on the goal,
/// so the harness shares it among every agent with that goal and caches it.
/// </summary>
/// <remarks>
/// A street's direction alternates by its rank among the map's one-cell streets (a row or column holding a
/// free cell walled on both sides across it): in a warehouse whose aisles lie every fourth column, column
/// parity would send every aisle the same way. Rows and columns without such a cell (open floor) alternate
/// by their index, which makes open floor a grid of two-way lanes.
/// <para>
/// Open floor can also cost more to drive along (<c>floorTenths</c>). A turn costs a timestep, so of two routes
/// of the same length the one with fewer turns is cheaper, and on a warehouse that is the one round the edge:
/// down a side corridor and along the open band in front of the stations. On MR23-I-10 every long trip to a
/// bottom station took that band, which filled from the east and stayed full (agents crossed 300 cells of it
/// at a tenth of a cell per timestep, 33 of them with tasks open for more than half the run) while the aisle
/// grid between the shelves, hundreds of parallel one-way lanes, carried little. With 2 timesteps more per
/// move along open floor the long trips go through the aisles and use the band only for their last cells:
/// no agent stuck, 17–20 % more errands with RotationPibt and 75 % more with OperationPlanner; anything
/// from 1 to 3 leaves no agent stuck, 0.5 leaves 41
/// (bench/README.md). It is a weight of the guidance graph, the kind that Zhang et al. (guidance-graph
/// optimisation, IJCAI 2024) optimise per map; here one value for the whole floor, swept on I-10.
/// </para>
/// </remarks>
public sealed class HighwayGuidance
{
    /// <summary>Cost units per timestep (a turn, or a forward move along the street's direction).</summary>
    public const int Scale = 10;

    private readonly int[] _neighbour;
    private readonly int[] _moveCost;               // cell * 4 + heading: cost of the forward move

    /// <summary>The forward moves' costs (indexed place * 4 + heading), in <see cref="Scale"/> units.</summary>
    public int[] MoveCosts => _moveCost;

    /// <param name="siteOf">The grid cell (row * width + column) of each place.</param>
    /// <param name="againstTenths">Extra cost of a forward move against the street's direction, in tenths of a timestep.</param>
    /// <param name="floorTenths">Extra cost of a forward move along a row or column of open floor (one with no one-cell street), in tenths of a timestep.</param>
    public HighwayGuidance(int width, int height, bool[] free, int places, int[] neighbour, Func<int, int> siteOf, int againstTenths, int floorTenths = 0)
    {
        _neighbour = neighbour;
        bool Free(int r, int c) => r >= 0 && r < height && c >= 0 && c < width && free[r * width + c];
        var narrowRow = new bool[height];
        var narrowCol = new bool[width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
            {
                if (!free[r * width + c]) continue;
                if (!Free(r - 1, c) && !Free(r + 1, c) && (Free(r, c - 1) || Free(r, c + 1))) narrowRow[r] = true;
                if (!Free(r, c - 1) && !Free(r, c + 1) && (Free(r - 1, c) || Free(r + 1, c))) narrowCol[c] = true;
            }
        var eastward = Alternate(narrowRow);   // per row: its preferred horizontal direction is east
        var southward = Alternate(narrowCol);  // per column: its preferred vertical direction is south
        int against = Scale + againstTenths * Scale / 10, floor = floorTenths * Scale / 10;
        _moveCost = new int[places * 4];
        for (int p = 0; p < places; p++)
        {
            int site = siteOf(p), r = site / width, c = site % width;
            for (int h = 0; h < 4; h++)
            {
                bool along = h switch { 0 => eastward[r], 2 => !eastward[r], 1 => southward[c], _ => !southward[c] };
                bool open = (h & 1) == 0 ? !narrowRow[r] : !narrowCol[c];
                _moveCost[p * 4 + h] = (along ? Scale : against) + (open ? floor : 0);
            }
        }
    }

    private static bool[] Alternate(bool[] narrow)
    {
        var forward = new bool[narrow.Length];
        int rank = 0;
        for (int i = 0; i < narrow.Length; i++) forward[i] = narrow[i] ? (rank++ & 1) == 0 : (i & 1) == 0;
        return forward;
    }

    /// <summary>Costs from every (place, heading) to <paramref name="goal"/> (indexed place * 4 + heading).</summary>
    public int[] Table(int goal) => HeadingCosts.To(goal, _neighbour, _moveCost, Scale);
}
