using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// 0x0030 MotionControl (AGV运动控制), RCS → AGV: a path to drive and the actions at its end.
/// With <see cref="Append"/> (flags bit0) the points extend the current path of the same task,
/// which is how traffic control grants segments ahead of the vehicle.
/// </summary>
public sealed record MotionControl(
    uint TaskId,
    TaskType TaskType,
    bool Append,
    EquatableArray<PathPoint> Path,
    EquatableArray<ActuatorCommand> FinalActions) : IMessage<MotionControl>
{
    public MessageType Type => MessageType.MotionControl;
    public bool IsResponse => false;

    public static MotionControl Read(ref WireReader r)
    {
        uint task = r.U32();
        var type = (TaskType)r.U8();
        bool append = (r.U8() & 1) != 0; // reserved bits ignored on receipt
        var path = new PathPoint[r.Count(PathPoint.MinSize)];
        for (int i = 0; i < path.Length && r.Ok; i++) path[i] = PathPoint.Read(ref r);
        var actions = new ActuatorCommand[r.Count(ActuatorCommand.Size)];
        for (int i = 0; i < actions.Length; i++) actions[i] = ActuatorCommand.Read(ref r);
        return new(task, type, append, path, actions);
    }

    public void Write(WireWriter w)
    {
        w.U32(TaskId);
        w.U8((byte)TaskType);
        w.U8(Append ? (byte)1 : (byte)0);
        w.Count(Path.Count);
        foreach (var p in Path.AsSpan()) p.Write(w);
        w.Count(FinalActions.Count);
        foreach (var a in FinalActions.AsSpan()) a.Write(w);
    }
}

/// <summary>Response to MotionControl: the task id the AGV accepted.</summary>
public sealed record MotionControlResponse(uint TaskId) : IMessage<MotionControlResponse>
{
    public MessageType Type => MessageType.MotionControl;
    public bool IsResponse => true;
    public static MotionControlResponse Read(ref WireReader r) => new(r.U32());
    public void Write(WireWriter w) => w.U32(TaskId);
}

/// <summary>0x0031 MotionCommand, RCS → AGV: pause, resume, cancel, emergency stop or its release. Response: empty.</summary>
public sealed record MotionCommand(uint TaskId, MotionCommandKind Command) : IMessage<MotionCommand>
{
    public MessageType Type => MessageType.MotionCommand;
    public bool IsResponse => false;
    public static MotionCommand Read(ref WireReader r) => new(r.U32(), (MotionCommandKind)r.U8());

    public void Write(WireWriter w)
    {
        w.U32(TaskId);
        w.U8((byte)Command);
    }
}

/// <summary>0x0032 ChargeControl (AGV充电控制), RCS → AGV. Response: empty.</summary>
public sealed record ChargeControl(ChargeCommand Command, uint StationNodeId) : IMessage<ChargeControl>
{
    public MessageType Type => MessageType.ChargeControl;
    public bool IsResponse => false;
    public static ChargeControl Read(ref WireReader r) => new((ChargeCommand)r.U8(), r.U32());

    public void Write(WireWriter w)
    {
        w.U8((byte)Command);
        w.U32(StationNodeId);
    }
}

/// <summary>0x0033 NavigationSwitch (AGV导航切换), RCS → AGV. Response: empty.</summary>
public sealed record NavigationSwitch(NavigationType NavType, uint AtNodeId) : IMessage<NavigationSwitch>
{
    public MessageType Type => MessageType.NavigationSwitch;
    public bool IsResponse => false;
    public static NavigationSwitch Read(ref WireReader r) => new((NavigationType)r.U8(), r.U32());

    public void Write(WireWriter w)
    {
        w.U8((byte)NavType);
        w.U32(AtNodeId);
    }
}

/// <summary>0x0034 MapSwitch (地图切换), RCS → AGV: continue on another map from an entry node. Response: empty.</summary>
public sealed record MapSwitch(uint TargetMapId, uint EntryNodeId, Pose InitialPose) : IMessage<MapSwitch>
{
    public MessageType Type => MessageType.MapSwitch;
    public bool IsResponse => false;
    public static MapSwitch Read(ref WireReader r) => new(r.U32(), r.U32(), Pose.Read(ref r));

    public void Write(WireWriter w)
    {
        w.U32(TargetMapId);
        w.U32(EntryNodeId);
        InitialPose.Write(w);
    }
}
