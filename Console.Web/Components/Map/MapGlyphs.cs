using System.Text.RegularExpressions;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Components.Controls;
using MudBlazor;

namespace AgvConsole.Web.Components.Map;

/// <summary>
/// The icons of the live map: each AGV carries its state's icon (the one its state chip shows), nodes
/// their kind's, and two marks (traffic control makes it wait; out of automatic dispatch). The legend
/// shows them as MudIcons; the canvas gets the same icons' SVG path data (data, never markup) and
/// draws them with Path2D.
/// </summary>
public static partial class MapGlyphs
{
    public static readonly string Unknown = Icons.Material.Filled.Help;
    /// <summary>Drawn on every AGV while the connection is down: what it shows is not live.</summary>
    public static readonly string Stale = Icons.Material.Filled.SyncProblem;
    public static readonly string Waiting = Icons.Material.Filled.Traffic;
    public static readonly string OutOfDispatch = Icons.Material.Filled.DoNotDisturbOn;
    public static readonly string Destination = Icons.Material.Filled.Flag;

    /// <summary>A node kind's icon (none for a plain node).</summary>
    public static string? Of(MapNodeKind kind) => kind switch
    {
        MapNodeKind.Charging => Icons.Material.Filled.EvStation,
        MapNodeKind.Lift => Icons.Material.Filled.Elevator,
        MapNodeKind.Parking => Icons.Material.Filled.LocalParking,
        MapNodeKind.NavigationSwitch => Icons.Material.Filled.Explore,
        _ => null,
    };

    public static string Of(string state) => StateChip.IconOf(state);

    /// <summary>The path data of an icon's visible paths (the 24-unit grid of Material icons); none for null.</summary>
    public static string[] PathData(string? icon) =>
        icon is null ? [] : PathElement().Matches(icon).Where(m => !m.Value.Contains("fill=\"none\"", StringComparison.Ordinal)).Select(m => m.Groups[1].Value).ToArray();

    /// <summary>What the canvas is given to draw states: names in the wire's order, their icons, and the marks.</summary>
    public static object States(IEnumerable<string> labels) => new
    {
        names = StateNames.All,
        labels,
        glyphs = StateNames.All.Select(s => PathData(Of(s))),
        unknown = PathData(Unknown),
        stale = PathData(Stale),
        waiting = PathData(Waiting),
        outOfDispatch = PathData(OutOfDispatch),
    };

    /// <summary>The node kinds' icons in the canvas' order (map-floor.js KINDS, the enum's order).</summary>
    public static string[][] NodeKinds() => Enum.GetValues<MapNodeKind>().Select(k => PathData(Of(k))).ToArray();

    [GeneratedRegex("""<path[^>]*?\sd="([^"]+)"[^>]*>""")]
    private static partial Regex PathElement();
}
