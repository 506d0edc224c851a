namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// What traffic control tells the outside about AGVs waiting for their way: who waits now, and
/// since when. Deliberately this small (metrics read it), so whatever drives the trips can answer
/// it; today <see cref="TrafficHost"/> does.
/// </summary>
public interface ITrafficWaits
{
    /// <summary>The AGVs standing at the end of their grant because the next step is held, each with when that wait began.</summary>
    IReadOnlyList<TrafficWait> Waiting { get; }
}

/// <summary>An AGV (<paramref name="Serial"/>) waiting since <paramref name="Since"/>.</summary>
public readonly record struct TrafficWait(string Serial, DateTimeOffset Since);
