using System.Globalization;

namespace AgvConsole.Fleet.Maps;

/// <summary>The sentences the map analysis words its findings in (Traffic/Kernel/MapAnalysis.cs), one template each below.</summary>
public enum TrafficSentence
{
    NotConnected,
    NeverLeft,
    NeverReached,
    NoWayBack,
    DeadEnd,
    Lift,
    OneLaneAisle,
    OnlyLink,
    OneWayNotChecked,
    NoWayRound,
    NarrowWay,
    CloseNodes,
    Capacity,
    /// <summary><see cref="Capacity"/> when the largest section is one place (English says "1 place").</summary>
    CapacityOnePlaceSection,
}

/// <summary>
/// A finding's sentence and its values, so that a page can word it in the reader's language; <see cref="English"/>
/// is the sentence as stored, logged and tested. The values are numbers, node ids, texts that are the same in every
/// language (footprints, map ids) and the lists below, in the order of the template's {n}.
/// </summary>
public sealed record TrafficWarningText(TrafficSentence Sentence, params object[] Values)
{
    private static readonly Dictionary<TrafficSentence, string> Templates = new()
    {
        [TrafficSentence.NotConnected] = "Nodes {0} are not connected to the rest of the site.",
        [TrafficSentence.NeverLeft] = "Nodes {0} can be entered but never left: the edges there only lead in. An AGV sent there stays.",
        [TrafficSentence.NeverReached] = "Nodes {0} can be left but never reached: the edges there only lead out.",
        [TrafficSentence.NoWayBack] = "From nodes {0} there is no way back to where AGVs come from: the one-way edges around them lead only one way.",
        [TrafficSentence.DeadEnd] = "Nodes {0} are a dead end entered from node {1}: AGVs there can only come back the way they came. " +
            "An AGV is let in only for a goal there and only when it will not have to pass another AGV inside; one waiting to go in waits before node {1}, so that those inside can come out.",
        [TrafficSentence.Lift] = "Lift {0} links maps {1} as one place: one AGV at a time, entered only to ride (or when the lift is its goal); AGVs waiting for it wait before nodes {2}.",
        [TrafficSentence.OneLaneAisle] = "Nodes {0} are a one-lane aisle between nodes {1} and {2}, the only link between the parts it joins, used both ways: " +
            "AGVs pass it one direction at a time; those waiting to go the other way wait before nodes {1} and {2}.",
        [TrafficSentence.OnlyLink] = "Node {0} is the only link between parts of the site: when the part beyond it is full, AGVs that need to cross wait there (the kernel's fallback search keeps them moving, without a bound on how long).",
        [TrafficSentence.OneWayNotChecked] = "The map has {0} places on one-way edges; whether each has a way round was not checked (too large to check here).",
        [TrafficSentence.NoWayRound] = "At nodes {0} the one-way edges leave no way round: an AGV there may have to wait for those ahead to move on (the fallback search keeps them moving, without a bound on how long).",
        [TrafficSentence.NarrowWay] = "The way {0} is {1} mm wide: AGVs of {2} are never planned there.",
        [TrafficSentence.CloseNodes] = "{0} pairs of nodes are closer than two AGVs of {1} need ({2:0.00} m), e.g. {3}: such AGVs are never planned onto both at once. " +
            "That keeps them apart, but the progress guarantee assumes neighbouring places can be taken at once, so there it relies on the fallback search.",
        [TrafficSentence.Capacity] = "The progress guarantee covers up to {0} AGVs on this site ({1} places in its core, less the largest section, {2} places, and one free place).",
        [TrafficSentence.CapacityOnePlaceSection] = "The progress guarantee covers up to {0} AGVs on this site ({1} places in its core, less the largest section, {2} place, and one free place).",
    };

    // The current culture, as the analysis' interpolated sentences have always been written.
    public string English => string.Format(CultureInfo.CurrentCulture, Templates[Sentence], Values);
}

/// <summary>Node ids in a sentence: all of them when few, else the first ten and how many more.</summary>
public sealed record NodeList(IReadOnlyList<uint> Shown, int More)
{
    public static NodeList Of(IEnumerable<uint> ids)
    {
        var sorted = ids.Order().ToList();
        return sorted.Count <= 12 ? new(sorted, 0) : new(sorted.Take(10).ToList(), sorted.Count - 10);
    }

    public override string ToString() => More == 0 ? string.Join(", ", Shown) : $"{string.Join(", ", Shown)} and {More} more";
}

/// <summary>Words that are the same in every language (map ids, footprints), listed; the page joins them in its own way.</summary>
public sealed record TextList(IReadOnlyList<string> Items)
{
    public override string ToString() => string.Join(", ", Items);
}

/// <summary>Edges in a sentence ("2001–2002"): the first ones and how many more.</summary>
public sealed record WayList(IReadOnlyList<(uint From, uint To)> Shown, int More)
{
    public override string ToString() => string.Join(", ", Shown.Select(e => $"{e.From}–{e.To}")) + (More > 0 ? $" and {More} more" : "");
}

/// <summary>Pairs of nodes closer than AGVs need, with how far apart they are.</summary>
public sealed record ClosePairs(IReadOnlyList<(uint A, uint B, double Metres)> Shown)
{
    public override string ToString() => string.Join(", ", Shown.Select(c => $"{c.A} and {c.B} ({c.Metres:0.00} m)"));
}
