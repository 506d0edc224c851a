namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// Why an AGV waits, as values, for a page to word in the reader's language (the AGV's page, the live map);
/// <see cref="English"/> is the sentence the kernel sends (<see cref="Waiting.Text"/>).
/// </summary>
/// <param name="OtherStands">for <see cref="WaitReason.StandingAgv"/>: the other AGV's own reason, null when it is doing its action.</param>
/// <param name="Closed">for <see cref="WaitReason.Place"/>: the section that keeps the place closed, null when the place is just not free yet.</param>
public sealed record WaitCause(WaitReason Reason, string Serial, string? Other, uint? NodeId, StandReason? OtherStands = null, ClosedBy? Closed = null)
{
    public string English => Reason switch
    {
        WaitReason.Lift => $"{Serial} rides the lift",
        WaitReason.StandingAgv => $"{Serial} waits: {Other} stands still ({(OtherStands is { } r ? Word(r) : "doing its action")}) in its way at node {NodeId}",
        WaitReason.Agv when NodeId is not null => $"{Serial} waits for {Other} to pass node {NodeId} first",
        WaitReason.Agv => $"{Serial} waits for {Other} to move on",
        _ => $"{Serial} waits for node {NodeId}: {Closed?.English ?? "it is not free yet"}",
    };

    // The other AGV's own reason in words ("charging", "emergency stop"), as the pages' English says it.
    private static string Word(StandReason reason) => reason == StandReason.EmergencyStop ? "emergency stop" : reason.ToString().ToLowerInvariant();
}

/// <summary>A section that keeps a place closed to an AGV for now, and its nodes (in the section's order).</summary>
public sealed record ClosedBy(SectionKind Section, IReadOnlyList<uint> NodeIds)
{
    public string English => Section switch
    {
        SectionKind.DeadEnd => $"the dead end {Places()} is in use: it goes in once it will not have to pass the AGVs inside",
        SectionKind.OneLaneAisle => $"the one-lane aisle {Places()} is used the other way",
        _ => $"the lift {Places()} is taken",
    };

    /// <summary>The section's nodes in words: up to four listed ("12, 13"; a page passes its language's separator), more as a range ("12–19").</summary>
    public string Places(string separator = ", ") => NodeIds.Count <= 4 ? string.Join(separator, NodeIds) : $"{NodeIds[0]}–{NodeIds[^1]}";
}
