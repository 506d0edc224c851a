namespace AgvConsole.Fleet.Maps;

/// <summary>
/// A warehouse floor as a grid of aisles, the demo site's shape (Console.Web's DemoSite seeds two of them; the
/// traffic tests drive the same): node ids are mapId·1000 + index (unique across a site), the left column holds
/// charging stations, the bottom row parking, the centre a navigation switch, one lift node; the top row is
/// one-way (westbound) and the middle row a fast lane.
/// </summary>
public static class GridFloor
{
    /// <param name="lift">the node that is the floor's lift (0: none).</param>
    /// <param name="linkedLift">the lift node it links to on another floor.</param>
    public static SiteMap Build(uint mapId, string name, string building, int floor, int columns, int rows, int spacingMm, uint lift = 0, uint linkedLift = 0)
    {
        uint Id(int c, int r) => mapId * 1000 + (uint)(r * columns + c + 1);
        var nodes = new List<MapNode>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                var id = Id(c, r);
                var kind = id == lift ? MapNodeKind.Lift
                    : c == 0 && r >= 2 && r <= 4 ? MapNodeKind.Charging
                    : r == 0 && c >= 2 && c % 2 == 0 ? MapNodeKind.Parking
                    : c == columns / 2 && r == rows / 2 ? MapNodeKind.NavigationSwitch
                    : MapNodeKind.Normal;
                nodes.Add(new MapNode(id, c * spacingMm, r * spacingMm, kind, id == lift ? linkedLift : null));
            }
        var edges = new List<MapEdge>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                if (c + 1 < columns)
                {
                    bool topRow = r == rows - 1;
                    int speed = r == rows / 2 ? 2000 : 1500;
                    // The top row is one-way, westbound: from column c+1 to c.
                    edges.Add(topRow ? new MapEdge(Id(c + 1, r), Id(c, r), false, speed) : new MapEdge(Id(c, r), Id(c + 1, r), true, speed));
                }
                if (r + 1 < rows) edges.Add(new MapEdge(Id(c, r), Id(c, r + 1), true, 1000));
            }
        return new SiteMap(mapId, name, building, floor, nodes, edges);
    }
}
