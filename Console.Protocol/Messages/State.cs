using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// The body of a StateReport. A value type whose lists hold up to four items inline, so the
/// hot path (socket → decode → registry) decodes a typical report without allocating.
/// </summary>
public record struct State
{
    public uint MapId;
    public Pose Pose;
    /// <summary>0–100.</summary>
    public byte LocConfidence;
    public int Vx;
    public int Vy;
    public int Omega;
    public byte BatteryPct;
    public ushort BatteryMv;
    public bool Charging;
    public AgvState AgvState;
    public NavigationType NavType;
    public uint TaskId;
    public uint LastNodeId;
    public uint NextNodeId;
    public ushort PointIndex;
    public bool Loaded;
    public SmallList<ActuatorState> Actuators;
    public SmallList<AgvError> Errors;

    public const int FixedSize = 4 + Pose.Size + 1 + 12 + 1 + 2 + 1 + 1 + 1 + 4 + 4 + 4 + 2 + 1;

    public static State Read(ref WireReader r)
    {
        var s = new State
        {
            MapId = r.U32(),
            Pose = Pose.Read(ref r),
            LocConfidence = r.U8(),
            Vx = r.I32(),
            Vy = r.I32(),
            Omega = r.I32(),
            BatteryPct = r.U8(),
            BatteryMv = r.U16(),
            Charging = r.U8() != 0,
            AgvState = (AgvState)r.U8(),
            NavType = (NavigationType)r.U8(),
            TaskId = r.U32(),
            LastNodeId = r.U32(),
            NextNodeId = r.U32(),
            PointIndex = r.U16(),
            Loaded = r.U8() != 0,
        };
        int n = r.Count(ActuatorState.Size);
        s.Actuators = SmallList<ActuatorState>.WithCapacity(n);
        for (int i = 0; i < n; i++) s.Actuators.Add(ActuatorState.Read(ref r));
        n = r.Count(AgvError.Size);
        s.Errors = SmallList<AgvError>.WithCapacity(n);
        for (int i = 0; i < n; i++) s.Errors.Add(AgvError.Read(ref r));
        return s;
    }

    public readonly void Write(WireWriter w)
    {
        w.U32(MapId);
        Pose.Write(w);
        w.U8(LocConfidence);
        w.I32(Vx);
        w.I32(Vy);
        w.I32(Omega);
        w.U8(BatteryPct);
        w.U16(BatteryMv);
        w.U8(Charging ? (byte)1 : (byte)0);
        w.U8((byte)AgvState);
        w.U8((byte)NavType);
        w.U32(TaskId);
        w.U32(LastNodeId);
        w.U32(NextNodeId);
        w.U16(PointIndex);
        w.U8(Loaded ? (byte)1 : (byte)0);
        w.Count(Actuators.Count);
        for (int i = 0; i < Actuators.Count; i++) Actuators[i].Write(w);
        w.Count(Errors.Count);
        for (int i = 0; i < Errors.Count; i++) Errors[i].Write(w);
    }
}
