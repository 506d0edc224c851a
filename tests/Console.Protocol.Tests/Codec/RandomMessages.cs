using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Protocol.Tests.Codec;

/// <summary>Random instances of every request and response, with every field drawn, for round trips and the fuzz corpus.</summary>
internal sealed class RandomMessages(int seed)
{
    private readonly Random _r = new(seed);

    private byte B() => (byte)_r.Next(256);
    private ushort U16() => (ushort)_r.Next(65536);
    private uint U32() => (uint)_r.NextInt64(0, 1L << 32);
    private int I32() => _r.Next(int.MinValue, int.MaxValue);
    private short I16() => (short)_r.Next(short.MinValue, short.MaxValue + 1);
    private ulong U64() => (ulong)_r.NextInt64() ^ ((ulong)_r.Next(2) << 63);
    private T E<T>() where T : Enum => (T)Enum.ToObject(typeof(T), B()); // any value, known or not
    private Pose P() => new(I32(), I32(), I32());
    private byte[] Bytes(int max) { var b = new byte[_r.Next(max + 1)]; _r.NextBytes(b); return b; }
    private T[] List<T>(int max, Func<T> item) => Enumerable.Range(0, _r.Next(max + 1)).Select(_ => item()).ToArray();

    private string S()
    {
        string[] pool = ["", "ACME-001", "新松", "叉车-Ⅱ", "ü", "🚚 truck", "x"];
        var s = string.Concat(Enumerable.Range(0, _r.Next(4)).Select(_ => pool[_r.Next(pool.Length)]));
        return s;
    }

    private ActuatorCommand Cmd() => new(E<ActuatorType>(), B(), B(), I32(), I32());

    private Param Prm()
    {
        var t = (ParamValueType)_r.Next(1, 7);
        long v = t switch
        {
            ParamValueType.U8 => B(), ParamValueType.U16 => U16(), ParamValueType.U32 => U32(),
            ParamValueType.I16 => I16(), ParamValueType.I32 => I32(), _ => 0,
        };
        return new((ParamId)U16(), t, v, t == ParamValueType.Str ? S() : null);
    }

    private Space Sp() => _r.Next(3) switch
    {
        0 => Space.Rectangle(P(), U32(), U32()),
        1 => Space.Polygon(List(64, () => new Point2(I32(), I32())) is { Length: >= 3 } v ? v : [new(0, 0), new(1, 0), new(0, 1)]),
        _ => Space.Circle(I32(), I32(), U32()),
    };

    private State St() => new()
    {
        MapId = U32(), Pose = P(), LocConfidence = B(), Vx = I32(), Vy = I32(), Omega = I32(), BatteryPct = B(),
        BatteryMv = U16(), Charging = _r.Next(2) == 1, AgvState = E<AgvState>(), NavType = E<NavigationType>(), TaskId = U32(),
        LastNodeId = U32(), NextNodeId = U32(), PointIndex = U16(), Loaded = _r.Next(2) == 1,
        Actuators = SmallList<ActuatorState>.From(List(7, () => new ActuatorState(E<ActuatorType>(), B(), E<ActuatorStatus>(), I32()))),
        Errors = SmallList<AgvError>.From(List(7, () => new AgvError(U16(), E<EventLevel>()))),
    };

    private PathPoint Pt() => new(U32(), P(), E<TargetAttribute>(), E<MoveType>(), E<Trajectory>(), I32(), List(2, P), List(3, Cmd));

    /// <summary>Every request and every response type, one random instance each.</summary>
    public IEnumerable<IMessage> All()
    {
        bool secure = _r.Next(2) == 1;
        yield return secure
            ? new AccessRequest(AccessMode.Secure, S(), S(), B(), Bytes(70), Bytes(70), E<IntegrityProfile>())
            : new AccessRequest(AccessMode.Normal, S(), S(), B());
        yield return secure
            ? new AccessResponse(AccessMode.Secure, Bytes(70), Bytes(70), Bytes(40), E<IntegrityProfile>())
            : new AccessResponse(AccessMode.Normal);
        yield return new AccessConfirm(Bytes(40));
        yield return new Heartbeat(U32());
        yield return new HeartbeatResponse(_r.Next(2) == 0 ? null : U64());
        yield return new Disconnect(E<DisconnectReason>());
        yield return new Register(S(), S(), S(), S(), E<AgvType>(), E<NavigationType>(), U16(), U16(), U16(), U16(), U32(), I32(), U32(),
            List(4, () => new Actuator(E<ActuatorType>(), B(), I32(), I32())), U32(), P());
        yield return new RegisterResponse(U32(), U32(), U32(), U32());
        yield return new ParamQuery(List(12, () => (ParamId)U16()));
        yield return new ParamQueryResponse(List(12, Prm));
        yield return new ParamSet(List(12, Prm));
        yield return new ParamSetResponse(List(12, () => new ParamResult((ParamId)U16(), (ResultCode)U16())));
        yield return new MotionControl(U32(), E<TaskType>(), _r.Next(2) == 1, List(6, Pt), List(3, Cmd));
        yield return new MotionControlResponse(U32());
        yield return new MotionCommand(U32(), E<MotionCommandKind>());
        yield return new ChargeControl(E<ChargeCommand>(), U32());
        yield return new NavigationSwitch(E<NavigationType>(), U32());
        yield return new MapSwitch(U32(), U32(), P());
        yield return new SpaceRequest(U32(), E<SpaceReason>(), Sp(), U32(), List(8, P));
        yield return new SpaceRequestResponse(U32(), E<SpaceDecision>(), Sp(), U64());
        yield return new SpaceRelease(U32());
        yield return new StateReport(St());
        yield return new RunDataReport(new RunData(U64(), U32(), U32(), I16(), I16(), I16(), I32(), U32(), U32(), U32()));
        yield return new EventReport(U16(), E<EventLevel>(), E<EventKind>(), S());
        yield return new TaskReport(U32(), E<TaskStatus>(), U16(), U16());
    }
}
