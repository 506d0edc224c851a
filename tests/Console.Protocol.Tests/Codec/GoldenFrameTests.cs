using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Protocol.Tests.Codec;

/// <summary>
/// Frames built by an independent encoder (Golden/make_vectors.py: Python struct + zlib, from
/// PROTOCOL.md) must decode to the message spelled out here, and that message must encode to
/// the same bytes. At least one vector per message type and direction.
/// </summary>
public class GoldenFrameTests
{
    private const ulong Ts = 1_700_000_000_000;
    private static byte[] Key(byte b) => [4, .. Enumerable.Repeat(b, 64)];
    private static byte[] Range(int from, int count) => Enumerable.Range(from, count).Select(i => (byte)i).ToArray();
    private const FrameFlags Ack = FrameFlags.AckRequired;
    private const FrameFlags Resp = FrameFlags.Response;

    private static readonly State Worked = new()
    {
        MapId = 1, Pose = new(1000, 2000, 0), LocConfidence = 95, BatteryPct = 80, BatteryMv = 25600,
        AgvState = AgvState.Idle, NavType = NavigationType.LaserSlam, TaskId = 0xFFFFFFFF, LastNodeId = 12,
        NextNodeId = 0xFFFFFFFF, Actuators = SmallList<ActuatorState>.From([new(ActuatorType.Lift, 0, ActuatorStatus.Idle, 0)]),
    };

    private static readonly State Moving = new()
    {
        MapId = 2, Pose = new(-1500, 30000, -1571), LocConfidence = 60, Vx = 800, Vy = -5, Omega = 120, BatteryPct = 7,
        BatteryMv = 23000, Charging = true, AgvState = AgvState.Moving, NavType = NavigationType.Visual, TaskId = 77,
        LastNodeId = 101, NextNodeId = 102, PointIndex = 3, Loaded = true,
        Actuators = SmallList<ActuatorState>.From([new(ActuatorType.Lift, 0, ActuatorStatus.Moving, 350), new(ActuatorType.Fork, 1, ActuatorStatus.Fault, -1)]),
        Errors = SmallList<AgvError>.From([new(0x0102, EventLevel.Error), new(7, EventLevel.Warning)]),
    };

    private static readonly PathPoint[] SamplePath =
    [
        new(101, new(1000, 0, 0), TargetAttribute.PassThrough, MoveType.Forward, Trajectory.Line, 1200, Array.Empty<Pose>(), Array.Empty<ActuatorCommand>()),
        new(102, new(2000, 1000, 1571), TargetAttribute.Action, MoveType.Forward, Trajectory.Arc, 600, new Pose[] { new(1707, 293, 785) },
            new ActuatorCommand[] { new(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftUp, 50, 20) }),
        new(103, new(3000, 2000, 0), TargetAttribute.Stop, MoveType.Backward, Trajectory.Bezier, 300,
            new Pose[] { new(2300, 1200, 0), new(2700, 2000, 0) }, Array.Empty<ActuatorCommand>()),
    ];

    public static readonly Dictionary<string, (FrameHeader Header, IMessage Message)> Expected = new()
    {
        ["AccessRequest.normal"] = (H(MessageType.AccessRequest, 1, 0, Ack), new AccessRequest(AccessMode.Normal, "Acme", "ACME-001", 1)),
        ["AccessRequest.secure"] = (H(MessageType.AccessRequest, 1, 0, Ack),
            new AccessRequest(AccessMode.Secure, "Acme", "ACME-001", 1, Key(0x11), Key(0x22), IntegrityProfile.SignedAndMac)),
        ["AccessResponse.normal"] = (H(MessageType.AccessRequest, 1, 0, Resp), new AccessResponse(AccessMode.Normal)),
        ["AccessResponse.secure"] = (H(MessageType.AccessRequest, 1, 0, Resp),
            new AccessResponse(AccessMode.Secure, Key(0x33), Key(0x44), Range(0, 32), IntegrityProfile.SignedAndMac)),
        ["AccessResponse.refused"] = (H(MessageType.AccessRequest, 1, 0, Resp, ResultCode.AuthFailed), new Ack(MessageType.AccessRequest)),
        ["AccessConfirm"] = (H(MessageType.AccessConfirm, 2, 0, Ack), new AccessConfirm(Range(32, 32))),
        ["AccessConfirm.response"] = (H(MessageType.AccessConfirm, 2, 0, Resp), new Ack(MessageType.AccessConfirm)),
        ["Heartbeat.fromAgv"] = (H(MessageType.Heartbeat, 9, 7, Ack), new Heartbeat(3600)),
        ["Heartbeat.fromRcs"] = (H(MessageType.Heartbeat, 5, 7, Ack), new Heartbeat(86400)),
        ["HeartbeatResponse.fromRcs"] = (H(MessageType.Heartbeat, 9, 7, Resp), new HeartbeatResponse(Ts + 5)),
        ["HeartbeatResponse.fromAgv"] = (H(MessageType.Heartbeat, 5, 7, Resp), new HeartbeatResponse((ulong?)null)),
        ["Disconnect"] = (H(MessageType.Disconnect, 6, 7, Ack), new Disconnect(DisconnectReason.Reauth)),
        ["Disconnect.response"] = (H(MessageType.Disconnect, 6, 7, Resp), new Ack(MessageType.Disconnect)),
        ["Register"] = (H(MessageType.Register, 2, 0, Ack), new Register("ACME-001", "Acme", "L1000", "2.4.1", AgvType.LatentLifting,
            NavigationType.LaserSlam, 1200, 800, 300, 0, 1000, 1500, 2400,
            new Actuator[] { new(ActuatorType.Lift, 0, 0, 60), new(ActuatorType.RotaryTable, 0, -3142, 3142) }, 1, new(1000, 2000, 0))),
        ["Register.unicode"] = (H(MessageType.Register, 3, 0, Ack), new Register("新松-07", "新松", "叉车", "", AgvType.Forklift,
            NavigationType.QrCode, 2000, 1000, 2100, 1500, 1500, 1200, 4800, Array.Empty<Actuator>(), 0xFFFFFFFF,
            new(Pose.Unknown, Pose.Unknown, Pose.Unknown))),
        ["RegisterResponse"] = (H(MessageType.Register, 2, 0, Resp), new RegisterResponse(7, 1000, 100, 60000)),
        ["RegisterResponse.duplicate"] = (H(MessageType.Register, 2, 0, Resp, ResultCode.DuplicateSerial), new Ack(MessageType.Register)),
        ["ParamQuery.all"] = (H(MessageType.ParamQuery, 1, 7, Ack), new ParamQuery(Array.Empty<ParamId>())),
        ["ParamQuery"] = (H(MessageType.ParamQuery, 2, 7, Ack), new ParamQuery(new[] { ParamId.StateReportPeriodMs, ParamId.OverTempAlarmC })),
        ["ParamQueryResponse"] = (H(MessageType.ParamQuery, 2, 7, Resp), new ParamQueryResponse(new Param[]
        {
            new(ParamId.StateReportPeriodMs, ParamValueType.U32, 100), new(ParamId.OverTempAlarmC, ParamValueType.I16, -5),
            new(ParamId.LowBatteryAlarmPct, ParamValueType.U8, 20), new(ParamId.ObstacleStopDistanceMm, ParamValueType.U16, 500),
            new(ParamId.MaxLinearSpeed, ParamValueType.I32, -1), new((ParamId)0x0100, ParamValueType.Str, 0, "vendor-ext"),
        })),
        ["ParamSet"] = (H(MessageType.ParamSet, 3, 7, Ack), new ParamSet(new Param[]
            { new(ParamId.StateReportPeriodMs, ParamValueType.U32, 100), new(ParamId.HeartbeatPeriodMs, ParamValueType.U32, 10) })),
        ["ParamSetResponse"] = (H(MessageType.ParamSet, 3, 7, Resp), new ParamSetResponse(new ParamResult[]
            { new(ParamId.StateReportPeriodMs, ResultCode.Ok), new(ParamId.HeartbeatPeriodMs, ResultCode.BadParameter) })),
        ["MotionControl"] = (H(MessageType.MotionControl, 4, 7, Ack), new MotionControl(77, TaskType.PickUp, true, SamplePath,
            new ActuatorCommand[] { new(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftUp, 60, 30) })),
        ["MotionControlResponse"] = (H(MessageType.MotionControl, 4, 7, Resp), new MotionControlResponse(77)),
        ["MotionControlResponse.rejected"] = (H(MessageType.MotionControl, 4, 7, Resp, ResultCode.UnknownNodeOrMap), new Ack(MessageType.MotionControl)),
        ["MotionCommand"] = (H(MessageType.MotionCommand, 5, 7, Ack), new MotionCommand(77, MotionCommandKind.EmergencyStop)),
        ["MotionCommand.response"] = (H(MessageType.MotionCommand, 5, 7, Resp), new Ack(MessageType.MotionCommand)),
        ["ChargeControl"] = (H(MessageType.ChargeControl, 6, 7, Ack), new ChargeControl(ChargeCommand.Start, 901)),
        ["ChargeControl.response"] = (H(MessageType.ChargeControl, 6, 7, Resp, ResultCode.RejectedInState), new Ack(MessageType.ChargeControl)),
        ["NavigationSwitch"] = (H(MessageType.NavigationSwitch, 7, 7, Ack), new NavigationSwitch(NavigationType.QrCode, 150)),
        ["NavigationSwitch.response"] = (H(MessageType.NavigationSwitch, 7, 7, Resp), new Ack(MessageType.NavigationSwitch)),
        ["MapSwitch"] = (H(MessageType.MapSwitch, 8, 7, Ack), new MapSwitch(2, 2001, new(500, 500, 1571))),
        ["MapSwitch.response"] = (H(MessageType.MapSwitch, 8, 7, Resp), new Ack(MessageType.MapSwitch)),
        ["SpaceRequest.rectangle"] = (H(MessageType.SpaceRequest, 10, 7, Ack), new SpaceRequest(11, SpaceReason.ObstacleAvoidance,
            Space.Rectangle(new(5000, 3000, 0), 3000, 1500), 10000, new Pose[] { new(4000, 3000, 0), new(5000, 3400, 300), new(6000, 3000, 0) })),
        ["SpaceRequest.polygon"] = (H(MessageType.SpaceRequest, 11, 7, Ack), new SpaceRequest(12, SpaceReason.FinePositioning,
            Space.Polygon(new(0, 0), new(1000, 0), new(1000, 1000), new(0, 1000)), 5000, Array.Empty<Pose>())),
        ["SpaceRequest.circle"] = (H(MessageType.SpaceRequest, 12, 7, Ack), new SpaceRequest(13, SpaceReason.Recovery,
            Space.Circle(-200, 300, 900), 2000, Array.Empty<Pose>())),
        ["SpaceRequestResponse.partial"] = (H(MessageType.SpaceRequest, 10, 7, Resp), new SpaceRequestResponse(11, SpaceDecision.PartiallyGranted,
            Space.Rectangle(new(5000, 3000, 0), 2000, 1500), Ts + 10000)),
        ["SpaceRequestResponse.denied"] = (H(MessageType.SpaceRequest, 11, 7, Resp),
            new SpaceRequestResponse(12, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0)),
        ["SpaceRelease"] = (H(MessageType.SpaceRelease, 13, 7, Ack), new SpaceRelease(11)),
        ["SpaceRelease.response"] = (H(MessageType.SpaceRelease, 13, 7, Resp), new Ack(MessageType.SpaceRelease)),
        ["StateReport.worked"] = (H(MessageType.StateReport, 42, 7, FrameFlags.None), new StateReport(Worked)),
        ["StateReport.moving"] = (H(MessageType.StateReport, 43, 7, Ack), new StateReport(Moving)),
        ["StateReport.response"] = (H(MessageType.StateReport, 43, 7, Resp), new Ack(MessageType.StateReport)),
        ["RunDataReport"] = (H(MessageType.RunDataReport, 44, 7, FrameFlags.None),
            new RunDataReport(new RunData(123456789012, 86400, 321, 45, -3, 52, -1200, 2, 5, 9))),
        ["RunDataReport.response"] = (H(MessageType.RunDataReport, 44, 7, Resp), new Ack(MessageType.RunDataReport)),
        ["EventReport"] = (H(MessageType.EventReport, 45, 7, FrameFlags.None), new EventReport(0x0201, EventLevel.Error, EventKind.Raised, "激光雷达 blocked")),
        ["EventReport.response"] = (H(MessageType.EventReport, 45, 7, Resp), new Ack(MessageType.EventReport)),
        ["TaskReport"] = (H(MessageType.TaskReport, 46, 7, FrameFlags.None), new TaskReport(77, TaskStatus.Failed, 2, 0x0301)),
        ["TaskReport.response"] = (H(MessageType.TaskReport, 46, 7, Resp), new Ack(MessageType.TaskReport)),
    };

    private static FrameHeader H(MessageType t, uint seq, uint agv, FrameFlags flags, ResultCode result = ResultCode.Ok) =>
        new(flags, t, result, seq, agv, Ts, 0);

    public static IEnumerable<object[]> Vectors() =>
        File.ReadAllLines(System.IO.Path.Combine(AppContext.BaseDirectory, "Golden", "GoldenFrames.txt"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' '))
            .Select(p => new object[] { p[0], p[1] });

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Golden_frame_decodes_to_the_expected_message(string name, string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var (header, message) = Expected[name];
        var seq = new System.Buffers.ReadOnlySequence<byte>(bytes);

        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(ref seq, out var h, out var body, out _));
        Assert.Equal(0, seq.Length);
        Assert.Equal(header with { BodyLength = (uint)body.Length }, h);
        Assert.Equal(DecodeError.None, MessageTable.TryDecode(h.MsgType, h.IsResponse, h.Result, System.Buffers.BuffersExtensions.ToArray(body), out var decoded));
        Assert.Equal(message, decoded);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Expected_message_encodes_to_the_golden_frame(string name, string hex)
    {
        var (header, message) = Expected[name];
        var encoded = new FrameEncoder().Encode(header, message).ToArray();
        Assert.Equal(hex, Convert.ToHexString(encoded).ToLowerInvariant());
    }

    [Fact]
    public void Every_message_type_has_a_request_and_a_response_vector()
    {
        var names = Vectors().Select(v => (string)v[0]).ToHashSet();
        foreach (var d in MessageTable.All)
        {
            Assert.Contains(names, n => Expected[n].Header.MsgType == d.Type && !Expected[n].Header.IsResponse);
            Assert.Contains(names, n => Expected[n].Header.MsgType == d.Type && Expected[n].Header.IsResponse);
        }
        Assert.Equal(18, MessageTable.All.Count);
        Assert.Equal(Expected.Keys.OrderBy(k => k), names.OrderBy(k => k));
    }

    [Fact]
    public void Worked_example_header_matches_protocol_section_8()
    {
        var frame = new FrameEncoder().Encode(Expected["StateReport.worked"].Header, Expected["StateReport.worked"].Message).ToArray();
        Assert.Equal("5AA50100500000002A0000000700000000" + "68E5CF8B010000", Convert.ToHexString(frame[..24]));
    }
}
