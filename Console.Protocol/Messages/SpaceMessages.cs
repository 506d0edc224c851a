using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// 0x0040 SpaceRequest (设置自主调整空间申请), AGV → RCS: room to manoeuvre on its own
/// (e.g. around an obstacle) for a while, with the trajectory it plans inside it.
/// </summary>
public sealed record SpaceRequest(
    uint RequestId,
    SpaceReason Reason,
    Space Space,
    uint DurationMs,
    EquatableArray<Pose> PlannedTrajectory) : IMessage<SpaceRequest>
{
    public MessageType Type => MessageType.SpaceRequest;
    public bool IsResponse => false;

    public static SpaceRequest Read(ref WireReader r)
    {
        uint id = r.U32();
        var reason = (SpaceReason)r.U8();
        var space = Space.Read(ref r);
        uint duration = r.U32();
        var trajectory = new Pose[r.Count(Pose.Size)];
        for (int i = 0; i < trajectory.Length; i++) trajectory[i] = Pose.Read(ref r);
        return new(id, reason, space, duration, trajectory);
    }

    public void Write(WireWriter w)
    {
        w.U32(RequestId);
        w.U8((byte)Reason);
        Space.Write(w);
        w.U32(DurationMs);
        w.Count(PlannedTrajectory.Count);
        foreach (var p in PlannedTrajectory.AsSpan()) p.Write(w);
    }
}

/// <summary>
/// Response to SpaceRequest. The layout always carries a space: a denial carries
/// <see cref="NoSpace"/> (a zero-size rectangle at the origin) and expiresAt 0 — a decision
/// of this project, as PROTOCOL.md does not say what a denied answer holds.
/// </summary>
public sealed record SpaceRequestResponse(uint RequestId, SpaceDecision Decision, Space Granted, ulong ExpiresAt)
    : IMessage<SpaceRequestResponse>
{
    public static readonly Space NoSpace = Space.Rectangle(default, 0, 0);

    public MessageType Type => MessageType.SpaceRequest;
    public bool IsResponse => true;
    public static SpaceRequestResponse Read(ref WireReader r) => new(r.U32(), (SpaceDecision)r.U8(), Space.Read(ref r), r.U64());

    public void Write(WireWriter w)
    {
        w.U32(RequestId);
        w.U8((byte)Decision);
        Granted.Write(w);
        w.U64(ExpiresAt);
    }
}

/// <summary>0x0041 SpaceRelease, AGV → RCS: the space of a request is no longer needed. Response: empty.</summary>
public sealed record SpaceRelease(uint RequestId) : IMessage<SpaceRelease>
{
    public MessageType Type => MessageType.SpaceRelease;
    public bool IsResponse => false;
    public static SpaceRelease Read(ref WireReader r) => new(r.U32());
    public void Write(WireWriter w) => w.U32(RequestId);
}
