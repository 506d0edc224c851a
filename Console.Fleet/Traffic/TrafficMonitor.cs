using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Follows the AGVs for traffic control, a few times a second: trips advance (release behind,
/// grant ahead, waits and deadlocks resolved); an online AGV without a trip holds just the node
/// it stands on; spaces whose time ran out are given back. Offline AGVs keep what they hold
/// (they may still be standing there).
/// </summary>
public sealed class TrafficMonitor(FleetRegistry registry, SiteMaps maps, TrafficController traffic, TripDriver trips, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task TickAsync()
    {
        var now = _clock.GetUtcNow();
        traffic.ExpireSpaces(now);
        await trips.TickAsync(now);
        foreach (var v in registry.All)
        {
            if (!v.Online || trips.Of(v.Serial) is not null) continue;
            var s = v.State;
            if (maps.Find(s.MapId) is not { } map || !map.Contains(s.LastNodeId)) continue;
            traffic.Settle(v.Serial, s.LastNodeId);
        }
    }
}
