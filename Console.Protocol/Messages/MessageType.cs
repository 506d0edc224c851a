namespace AgvConsole.Protocol.Messages;

/// <summary>msgType of PROTOCOL.md §4. Values outside this list are kept as numbers, not rejected.</summary>
public enum MessageType : ushort
{
    AccessRequest = 0x0001,
    AccessConfirm = 0x0002,
    Heartbeat = 0x0003,
    Disconnect = 0x0004,
    Register = 0x0010,
    ParamQuery = 0x0020,
    ParamSet = 0x0021,
    MotionControl = 0x0030,
    MotionCommand = 0x0031,
    ChargeControl = 0x0032,
    NavigationSwitch = 0x0033,
    MapSwitch = 0x0034,
    SpaceRequest = 0x0040,
    SpaceRelease = 0x0041,
    StateReport = 0x0050,
    RunDataReport = 0x0051,
    EventReport = 0x0052,
    TaskReport = 0x0053,
}
