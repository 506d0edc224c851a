namespace AgvConsole.Web.Components.Controls;

/// <summary>
/// The search behind one place picker: the places a text means, floor by floor, and which of them
/// opens its floor's group in the list shown. One per picker: two pickers must not share the last list.
/// </summary>
public sealed class PlaceSearch(IReadOnlyList<Place> places, int shown)
{
    private HashSet<uint> _floorStarts = [];

    public Task<IEnumerable<Place>> SearchAsync(string? text, CancellationToken ct)
    {
        var found = places.Where(p => p.Matches(text)).ToList();
        _floorStarts = found.Take(shown).GroupBy(p => p.MapId).Select(g => g.First().NodeId).ToHashSet();
        return Task.FromResult<IEnumerable<Place>>(found);
    }

    /// <summary>The floor's name when <paramref name="p"/> is the first place of its floor in the last list; null otherwise.</summary>
    public string? FloorHeading(Place p) => _floorStarts.Contains(p.NodeId) ? p.Floor : null;
}
