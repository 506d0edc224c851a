using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using Microsoft.Extensions.Localization;

namespace AgvConsole.Web.Components;

/// <summary>
/// The terms every page shares (AGV states, alarm levels, why an AGV stands still, common buttons):
/// Resources/Components/SharedText.resx and SharedText.zh-CN.resx. Injected as <c>T</c>; a page's own
/// texts come from its own resource pair, injected as <c>L</c> (docs/ui.md).
/// </summary>
public sealed class SharedText;

public static class SharedTextExtensions
{
    /// <summary>An AGV state ("emergencyStop", "offline") in the reader's language.</summary>
    public static string State(this IStringLocalizer<SharedText> t, string stateName)
    {
        var s = t["State." + stateName];
        return s.ResourceNotFound ? StateNames.Label(stateName) : s.Value;
    }

    public static string Group(this IStringLocalizer<SharedText> t, StateGroup group) => t["Group." + group];

    public static string Level(this IStringLocalizer<SharedText> t, EventLevel level) => t["Level." + level];

    public static string StandStill(this IStringLocalizer<SharedText> t, StandStill reason) => t["StandStill." + reason];

    /// <summary>A node kind ("charging station") in the reader's language.</summary>
    public static string NodeKind(this IStringLocalizer<SharedText> t, AgvConsole.Fleet.Maps.MapNodeKind kind) => t["NodeKind." + kind];

    /// <summary>How a place is named to a person: its name, else "node 1014".</summary>
    public static string Place(this IStringLocalizer<SharedText> t, AgvConsole.Fleet.Maps.MapNode node) =>
        string.IsNullOrEmpty(node.Name) ? t["Node.Label", node.Id] : node.Name;
}
