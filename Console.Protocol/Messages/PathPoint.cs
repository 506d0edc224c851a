using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// One point of a MotionControl path. The segment that ends here follows <see cref="Trajectory"/>:
/// a line has no control points, an arc one point on the arc, a cubic Bézier two control points.
/// </summary>
public sealed record PathPoint(
    uint NodeId,
    Pose Pose,
    TargetAttribute TargetAttr,
    MoveType MoveType,
    Trajectory Trajectory,
    int MaxSpeed,
    EquatableArray<Pose> ControlPoints,
    EquatableArray<ActuatorCommand> Actions)
{
    public const int MinSize = 4 + Pose.Size + 3 + 4 + 2 + 2;

    public static PathPoint Read(ref WireReader r)
    {
        uint node = r.U32();
        var pose = Pose.Read(ref r);
        var attr = (TargetAttribute)r.U8();
        var move = (MoveType)r.U8();
        var traj = (Trajectory)r.U8();
        int speed = r.I32();
        var controls = new Pose[r.Count(Pose.Size)];
        for (int i = 0; i < controls.Length; i++) controls[i] = Pose.Read(ref r);
        var actions = new ActuatorCommand[r.Count(ActuatorCommand.Size)];
        for (int i = 0; i < actions.Length; i++) actions[i] = ActuatorCommand.Read(ref r);
        return new(node, pose, attr, move, traj, speed, controls, actions);
    }

    public void Write(WireWriter w)
    {
        w.U32(NodeId);
        Pose.Write(w);
        w.U8((byte)TargetAttr);
        w.U8((byte)MoveType);
        w.U8((byte)Trajectory);
        w.I32(MaxSpeed);
        w.Count(ControlPoints.Count);
        foreach (var c in ControlPoints.AsSpan()) c.Write(w);
        w.Count(Actions.Count);
        foreach (var a in Actions.AsSpan()) a.Write(w);
    }
}
