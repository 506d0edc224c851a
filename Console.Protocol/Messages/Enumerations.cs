namespace AgvConsole.Protocol.Messages;

// The enumerations of PROTOCOL.md §4 and Appendix A. Every one is byte-backed: an unknown
// value decodes to its number and is kept (forward compatibility); 0xFF means unknown.

/// <summary>AccessRequest mode.</summary>
public enum AccessMode : byte { Normal = 0, Secure = 1 }

/// <summary>§6.3 integrity profile: 0 every frame signed; 1 telemetry MACed, everything else signed.</summary>
public enum IntegrityProfile : byte { Signed = 0, SignedAndMac = 1 }

/// <summary>Disconnect reason.</summary>
public enum DisconnectReason : byte { Normal = 0, Shutdown = 1, Kicked = 2, Reauth = 3 }

/// <summary>A.1 Actuator status.</summary>
public enum ActuatorStatus : byte { Idle = 0, Moving = 1, Done = 2, Fault = 3, Unknown = 0xFF }

/// <summary>A.2 AGV state as the AGV reports it (OFFLINE exists only on the RCS side).</summary>
public enum AgvState : byte
{
    Initializing = 0, Idle = 1, Moving = 2, Paused = 3, Charging = 4, ExecutingAction = 5, Fault = 6,
    Manual = 7, EmergencyStop = 8, WaitingForSpace = 9, SwitchingMap = 10, SwitchingNavigation = 11,
    Unknown = 0xFF,
}

/// <summary>A.4 Target attribute of a path point.</summary>
public enum TargetAttribute : byte { PassThrough = 0, Stop = 1, Action = 2, Charge = 3, MapSwitch = 4, NavigationSwitch = 5 }

/// <summary>A.5 Move type.</summary>
public enum MoveType : byte { Forward = 0, Backward = 1, LateralLeft = 2, LateralRight = 3, RotateInPlace = 4, Omnidirectional = 5 }

/// <summary>A.6 Lift adjustment (the <c>command</c> of an ActuatorCommand for a lift).</summary>
public enum LiftAdjustment : byte { None = 0, LiftUp = 1, LiftDown = 2, RotateWithChassis = 3, RotateShelf = 4 }

/// <summary>A.7 Task type.</summary>
public enum TaskType : byte { Move = 0, PickUp = 1, DropOff = 2, Charge = 3, Park = 4, MapSwitch = 5, NavigationSwitch = 6 }

/// <summary>A.8 Trajectory of the segment that ends at a path point.</summary>
public enum Trajectory : byte { Line = 0, Arc = 1, Bezier = 2 }

/// <summary>A.9 Space kind.</summary>
public enum SpaceKind : byte { Rectangle = 0, Polygon = 1, Circle = 2 }

/// <summary>A.11 AGV type.</summary>
public enum AgvType : byte { LatentLifting = 0, Forklift = 1, Roller = 2, Tugger = 3, Composite = 4, OmnidirectionalCarrier = 5, Other = 255 }

/// <summary>A.12 Actuator type.</summary>
public enum ActuatorType : byte { Lift = 0, RotaryTable = 1, Fork = 2, Roller = 3, Arm = 4, Clamp = 5, Other = 255 }

/// <summary>A.14 Navigation type.</summary>
public enum NavigationType : byte { LaserSlam = 0, QrCode = 1, MagneticTape = 2, Visual = 3, Reflector = 4, Unknown = 0xFF }

/// <summary>SpaceRequest reason.</summary>
public enum SpaceReason : byte { ObstacleAvoidance = 0, FinePositioning = 1, Recovery = 2, Other = 3 }

/// <summary>SpaceRequest decision.</summary>
public enum SpaceDecision : byte { Granted = 0, Denied = 1, PartiallyGranted = 2 }

/// <summary>EventReport level.</summary>
public enum EventLevel : byte { Info = 0, Warning = 1, Error = 2, Fatal = 3 }

/// <summary>EventReport kind.</summary>
public enum EventKind : byte { Raised = 0, Cleared = 1 }

/// <summary>TaskReport status.</summary>
public enum TaskStatus : byte { Accepted = 0, Running = 1, Finished = 2, Failed = 3, Cancelled = 4 }

/// <summary>MotionCommand command.</summary>
public enum MotionCommandKind : byte { Pause = 0, Resume = 1, Cancel = 2, EmergencyStop = 3, ReleaseEmergencyStop = 4 }

/// <summary>ChargeControl command.</summary>
public enum ChargeCommand : byte { Start = 0, Stop = 1 }

/// <summary>Param value type: selects the layout of the value that follows.</summary>
public enum ParamValueType : byte { U8 = 1, U16 = 2, U32 = 3, I16 = 4, I32 = 5, Str = 6 }
