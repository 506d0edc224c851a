using AgvConsole.Fleet.Maps;

namespace AgvConsole.Web.Components.Controls;

/// <summary>A place an order can go to or from: a node of a map, as <see cref="PlaceText"/> names it.</summary>
public sealed record Place(uint NodeId, uint MapId, string Floor, string Label, MapNodeKind Kind)
{
    /// <summary>Whether a person typing <paramref name="text"/> means this place: a part of its name or floor, or the start of its number.</summary>
    public bool Matches(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return true;
        var t = text.Trim();
        return Label.Contains(t, StringComparison.CurrentCultureIgnoreCase) || Floor.Contains(t, StringComparison.CurrentCultureIgnoreCase)
               || NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith(t, StringComparison.Ordinal);
    }

    public override string ToString() => Label;
}
