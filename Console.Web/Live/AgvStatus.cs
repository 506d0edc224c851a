using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Live;

/// <summary>Why an AGV is not driving, in the operator's words (shown wherever an AGV is listed).</summary>
public enum StandStill
{
    /// <summary>It is driving or working: nothing to explain.</summary>
    No,
    /// <summary>Traffic control holds it: another AGV or a place is in its way (<see cref="AgvStatus.Wait"/> says which, and since when).</summary>
    WaitingForAgv,
    /// <summary>It asked for autonomous-adjustment space (SpaceRequest) and waits for it.</summary>
    WaitingForSpace,
    /// <summary>Online and idle with nothing to do.</summary>
    NoTask,
    /// <summary>It does not report standing on a node of its map, so it cannot be given a path.</summary>
    NotLocalised,
    Fault,
    EmergencyStop,
    Manual,
    Paused,
    Charging,
    Offline,
    /// <summary>Idle with nothing to do because an operator took it out of automatic dispatch (no orders, charging or demo trips).</summary>
    HeldBack,
}

/// <summary>An AGV as the pages list it: its snapshot and why it stands still.</summary>
public sealed record AgvStatus(VehicleSnapshot Agv, StandStill StandStill)
{
    /// <summary>What traffic control makes it wait for, from the AGV's own entry: on a trip or not (a move out of someone's way waits too).</summary>
    public TrafficWaitNote? Wait => Agv.Wait;
    /// <summary>The AGV it waits for, if it waits for one.</summary>
    public string? WaitingFor => Agv.Wait?.OtherSerial;
    public string Serial => Agv.Serial;
    public string StateName => Agv.StateName;
    public State State => Agv.State;
    public bool Online => Agv.Online;
    /// <summary>An operator took it out of automatic dispatch.</summary>
    public bool HeldBack => !Agv.AutoDispatch;

    /// <summary>The decision, in one place. <paramref name="onNode"/>: the AGV reports standing on a node of its map.</summary>
    public static StandStill Explain(VehicleSnapshot v, bool onNode, bool busy)
    {
        if (!v.Online) return StandStill.Offline;
        switch (v.State.AgvState)
        {
            case AgvState.Fault: return StandStill.Fault;
            case AgvState.EmergencyStop: return StandStill.EmergencyStop;
            case AgvState.Manual: return StandStill.Manual;
            case AgvState.Charging: return StandStill.Charging;
            case AgvState.WaitingForSpace: return StandStill.WaitingForSpace;
        }
        if (v.Wait is not null) return StandStill.WaitingForAgv;
        if (v.State.AgvState == AgvState.Paused) return StandStill.Paused;
        if (v.State.AgvState != AgvState.Idle) return StandStill.No;
        // Held back first: it explains why no order comes, whether or not it could be given a path.
        if (!v.AutoDispatch && !busy) return StandStill.HeldBack;
        if (!onNode) return StandStill.NotLocalised;
        return busy ? StandStill.No : StandStill.NoTask;
    }
}

/// <summary>The five groups the overview counts AGVs in (one place decides which state is which).</summary>
public enum StateGroup { Working, Idle, Charging, Fault, Offline }

public static class StateGroups
{
    public static readonly StateGroup[] All = Enum.GetValues<StateGroup>();

    /// <summary>Emergency stop and manual count as fault: each needs a person. Paused and starting up count as idle.</summary>
    public static StateGroup Of(VehicleSnapshot v) => !v.Online ? StateGroup.Offline : v.State.AgvState switch
    {
        AgvState.Moving or AgvState.ExecutingAction or AgvState.WaitingForSpace or AgvState.SwitchingMap or AgvState.SwitchingNavigation => StateGroup.Working,
        AgvState.Charging => StateGroup.Charging,
        AgvState.Fault or AgvState.EmergencyStop or AgvState.Manual => StateGroup.Fault,
        _ => StateGroup.Idle,
    };

    /// <summary>The AGV state names in a group, for a link to the fleet list filtered by them.</summary>
    public static IEnumerable<string> States(StateGroup g) => g switch
    {
        StateGroup.Working => ["moving", "executingAction", "waitingForSpace", "switchingMap", "switchingNavigation"],
        StateGroup.Idle => ["idle", "paused", "initializing"],
        StateGroup.Charging => ["charging"],
        StateGroup.Fault => ["fault", "emergencyStop", "manual"],
        _ => [StateNames.Offline],
    };
}
