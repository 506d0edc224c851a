using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Hosting;

namespace AgvConsole.Web.Ui;

/// <summary>
/// What the AGV detail page does to an AGV: its commands, automatic dispatch on/off, the nodes an
/// offline AGV still holds, and its recent events. The page checks the role first; this is where
/// it reaches the console (every act audited with the signed-in user as "who"). Faked in page tests.
/// </summary>
public interface IAgvControl
{
    Task<CommandOutcome> MotionAsync(string actor, string serial, MotionCommandKind command);
    Task<CommandOutcome> ChargeAsync(string actor, string serial, ChargeCommand command, uint stationNodeId);
    Task<CommandOutcome> NavigationSwitchAsync(string actor, string serial, NavigationType navType, uint atNodeId);
    Task<CommandOutcome> MapSwitchAsync(string actor, string serial, uint targetMapId);

    /// <summary>Takes the AGV out of automatic dispatch (<paramref name="on"/> false) or puts it back. Audited.</summary>
    Task<(bool Ok, string Message)> SetAutoDispatchAsync(string actor, string serial, bool on);

    /// <summary>The nodes traffic control keeps for <paramref name="serial"/>, in driving order.</summary>
    IReadOnlyList<uint> HeldNodes(string serial);

    /// <summary>Frees what an offline AGV holds; refused (null) while it is online. Audited.</summary>
    Task<int?> ReleaseHeldNodesAsync(string actor, string serial);

    /// <summary>Its newest events first.</summary>
    Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count);
}

/// <summary>The console's own <see cref="IAgvControl"/>.</summary>
public sealed class AgvControl(VehicleCommands commands, AgvAdministration administration, TrafficController traffic, FleetRegistry registry,
    IHistoryQuery history, IAuditSink audit) : IAgvControl
{
    public Task<CommandOutcome> MotionAsync(string actor, string serial, MotionCommandKind command) => commands.MotionAsync(actor, serial, command);

    public Task<CommandOutcome> ChargeAsync(string actor, string serial, ChargeCommand command, uint stationNodeId) =>
        commands.ChargeAsync(actor, serial, command, stationNodeId);

    public Task<CommandOutcome> NavigationSwitchAsync(string actor, string serial, NavigationType navType, uint atNodeId) =>
        commands.NavigationSwitchAsync(actor, serial, navType, atNodeId);

    public Task<CommandOutcome> MapSwitchAsync(string actor, string serial, uint targetMapId) => commands.MapSwitchAsync(actor, serial, targetMapId);

    public Task<(bool Ok, string Message)> SetAutoDispatchAsync(string actor, string serial, bool on) => administration.SetAutoDispatchAsync(actor, serial, on);

    public IReadOnlyList<uint> HeldNodes(string serial) => traffic.HeldBy(serial);

    public async Task<int?> ReleaseHeldNodesAsync(string actor, string serial)
    {
        // Checked here too: an AGV that came back online in the meantime holds what it stands on.
        if (registry.Find(serial) is not { Online: false })
        {
            await audit.WriteAsync(actor, "release held nodes", serial, "", "refused: online or unknown");
            return null;
        }
        var held = traffic.HeldBy(serial);
        int n = traffic.Release(serial);
        registry.Changed();
        await audit.WriteAsync(actor, "release held nodes", serial, string.Join(", ", held), $"{n} released");
        return n;
    }

    public Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count) => history.RecentEventsAsync(serial, count);
}
