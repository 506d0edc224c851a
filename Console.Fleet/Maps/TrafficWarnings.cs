namespace AgvConsole.Fleet.Maps;

/// <summary>The kinds of places where a map falls outside what traffic control guarantees.</summary>
public enum TrafficWarningKind
{
    /// <summary>A dead-end spur: an AGV that drives in must come back the way it came.</summary>
    DeadEndSpur,
    /// <summary>A single-lane section: two AGVs cannot pass each other on it.</summary>
    SingleLane,
    /// <summary>A loop of one-way edges that AGVs can fill so that none can move.</summary>
    OneWayLoop,
    /// <summary>Nodes one-way edges lead into and none lead out of: an AGV sent there stays.</summary>
    OneWayTrap,
    Other,
}

/// <summary>One place on a map traffic control cannot keep free of deadlocks by itself, for the map editor to show.</summary>
/// <param name="Nodes">the nodes it is about (the editor selects them).</param>
/// <param name="Detail">a sentence for a person, as the analysis words it (in English).</param>
public sealed record TrafficWarning(TrafficWarningKind Kind, IReadOnlyList<uint> Nodes, string Detail)
{
    /// <summary>The same sentence as its template and values, for a page to word in the reader's language; null: only <see cref="Detail"/>.</summary>
    public TrafficWarningText? Text { get; init; }
}

/// <summary>
/// The map analysis the map editor shows under "Traffic warnings": the console registers the traffic
/// kernel's (<c>Traffic.KernelTrafficWarnings</c>, Console.Web/Live/LiveMapServices.cs);
/// <see cref="NoTrafficWarnings"/> stands in where there is none (page tests).
/// </summary>
public interface ITrafficWarnings
{
    /// <summary>False for the empty default: the editor then says there is no analysis, not that the map is fine.</summary>
    bool IsAvailable { get; }

    /// <summary>Where <paramref name="map"/> (as edited, not yet saved) falls outside what traffic control guarantees.</summary>
    IReadOnlyList<TrafficWarning> Analyse(SiteMap map, IReadOnlyList<SiteMap> otherFloors);
}

/// <summary>No analysis: no warnings, and the editor says nothing was checked.</summary>
public sealed class NoTrafficWarnings : ITrafficWarnings
{
    public bool IsAvailable => false;

    public IReadOnlyList<TrafficWarning> Analyse(SiteMap map, IReadOnlyList<SiteMap> otherFloors) => [];
}
