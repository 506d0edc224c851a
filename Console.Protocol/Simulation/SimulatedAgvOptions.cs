using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;

namespace AgvConsole.Protocol.Simulation;

/// <summary>One simulated vehicle: identity, dimensions, where it starts, how it connects, and how lively it is.</summary>
public sealed class SimulatedAgvOptions
{
    public required string Serial { get; init; }
    public string Vendor { get; init; } = "SimWorks";
    public string Model { get; init; } = "SW-L1000";
    public string Firmware { get; init; } = "1.0.0";
    public AgvType AgvType { get; init; } = AgvType.LatentLifting;
    public NavigationType NavType { get; init; } = NavigationType.LaserSlam;
    public ushort LengthMm { get; init; } = 1200;
    public ushort WidthMm { get; init; } = 800;
    public ushort HeightMm { get; init; } = 300;
    public ushort TurnRadiusMm { get; init; }
    public uint PayloadKg { get; init; } = 1000;
    /// <summary>mm/s.</summary>
    public int MaxSpeed { get; init; } = 1500;
    public uint BatteryWh { get; init; } = 2400;
    public uint MapId { get; init; } = 1;
    public Pose StartPose { get; init; }
    /// <summary>The node it stands on at start; 0xFFFFFFFF when none.</summary>
    public uint StartNodeId { get; init; } = 0xFFFFFFFF;
    public byte StartBatteryPct { get; init; } = 90;

    public AccessMode Mode { get; init; } = AccessMode.Normal;
    public Sm2KeyPair? Key { get; init; }
    public IntegrityProfile Integrity { get; init; } = IntegrityProfile.SignedAndMac;

    /// <summary>Random warning events (raised, then cleared a little later) per hour of running.</summary>
    public double EventsPerHour { get; init; } = 2;
    /// <summary>Obstacle-avoidance space requests per hour of driving.</summary>
    public double SpaceRequestsPerHour { get; init; } = 6;
    /// <summary>Battery drain in % per minute while driving, and while standing.</summary>
    public double DrainPctPerMinuteMoving { get; init; } = 1.0;
    public double DrainPctPerMinuteIdle { get; init; } = 0.1;
    public double ChargePctPerMinute { get; init; } = 6.0;
    public int Seed { get; init; }
    /// <summary>Simulated time runs this many times faster than the wall clock (driving, actions, battery); the protocol's timing does not. For long test runs.</summary>
    public double TimeScale { get; init; } = 1;

    public Register ToRegister() => new(Serial, Vendor, Model, Firmware, AgvType, NavType, LengthMm, WidthMm, HeightMm, TurnRadiusMm,
        PayloadKg, MaxSpeed, BatteryWh, Actuators(AgvType), MapId, StartPose);

    private static Actuator[] Actuators(AgvType type) => type switch
    {
        AgvType.LatentLifting => [new(ActuatorType.Lift, 0, 0, 60), new(ActuatorType.RotaryTable, 0, -3142, 3142)],
        AgvType.Forklift => [new(ActuatorType.Fork, 0, 0, 2000)],
        AgvType.Roller => [new(ActuatorType.Roller, 0, -500, 500)],
        AgvType.Composite => [new(ActuatorType.Arm, 0, 0, 1000), new(ActuatorType.Clamp, 0, 0, 1)],
        _ => [],
    };
}
