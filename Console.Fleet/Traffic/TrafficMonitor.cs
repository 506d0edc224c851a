
namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Follows the AGVs for traffic control, a few times a second: trips advance (release behind,
/// grant ahead, waits and deadlocks resolved); an online AGV without a trip holds just the node
/// it stands on; spaces whose time ran out are given back. Offline AGVs keep what they hold
/// (they may still be standing there).
/// </summary>
public sealed class TrafficMonitor(TrafficController traffic, TripDriver trips, SpaceArbiter? spaces = null, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task TickAsync()
    {
        var now = _clock.GetUtcNow();
        foreach (var serial in traffic.ExpireSpaces(now)) spaces?.Show(serial);
        await trips.TickAsync(now); // standing AGVs hold their node first, then trips advance
    }
}
