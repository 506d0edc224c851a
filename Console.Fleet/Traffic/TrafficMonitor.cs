using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// Follows the AGVs for traffic control, a few times a second: an AGV on its way releases the
/// nodes behind it; an AGV without a path holds just the node it stands on. Offline AGVs keep
/// what they hold (they may still be standing there).
/// </summary>
public sealed class TrafficMonitor(FleetRegistry registry, SiteMaps maps, TrafficController traffic)
{
    public void Tick()
    {
        foreach (var v in registry.All)
        {
            if (!v.Online) continue;
            var s = v.State;
            if (maps.Find(s.MapId) is not { } map || !map.Contains(s.LastNodeId)) continue;
            if (v.CurrentPath.Count > 0) traffic.Progress(v.Serial, s.LastNodeId);
            else traffic.Settle(v.Serial, s.LastNodeId);
        }
    }
}
