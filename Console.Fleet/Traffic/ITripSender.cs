using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>How traffic control reaches AGVs: sends one MotionControl or MapSwitch (and writes it to the audit log).</summary>
public interface ITripSender
{
    bool IsOnline(Vehicle v);
    Task<CommandOutcome> SendAsync(string actor, Vehicle v, MotionControl motion, string detail);
    /// <summary>MapSwitch to <paramref name="targetMapId"/> (the AGV stands on a lift node linked to it).</summary>
    Task<CommandOutcome> SwitchMapAsync(string actor, Vehicle v, uint targetMapId);
}
