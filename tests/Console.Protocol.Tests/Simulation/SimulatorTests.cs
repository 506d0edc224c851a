using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Protocol.Simulation;
using AgvConsole.Protocol.Tests.Sessions;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Protocol.Tests.Simulation;

public sealed class SimulatorTests : IAsyncLifetime
{
    private readonly TestFleet _fleet = new() { ReportPeriodMs = 200, HeartbeatPeriodMs = 500 };
    private readonly Sm2KeyPair _rcsKey = Sm2.GenerateKeyPair();
    private AgvServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new AgvServer(new AgvServerOptions { Port = 0, Bind = "127.0.0.1", RcsKey = _rcsKey }, _fleet);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<FleetSimulator> Run(params SimulatedAgvOptions[] agvs)
    {
        var sim = new FleetSimulator(new FleetSimulatorOptions { Port = _server.Port, RcsPublicKey = _rcsKey.PublicKeyBytes, ReconnectDelay = TimeSpan.FromMilliseconds(200) }, agvs);
        sim.Start();
        Assert.True(await sim.WaitConnectedAsync(TimeSpan.FromSeconds(10)), "simulated AGVs did not connect");
        return sim;
    }

    private static SimulatedAgvOptions Agv(string serial, uint startNode = 1, int maxSpeed = 4000) => new()
    {
        Serial = serial, StartNodeId = startNode, MaxSpeed = maxSpeed, EventsPerHour = 0, SpaceRequestsPerHour = 0,
    };

    private State Latest(string serial) => _fleet.States.Last(s => s.Serial == serial).State;

    /// <summary>For waits: false until the AGV has reported at all (a command can be answered before its first
    /// state report arrives), then whether its latest report holds.</summary>
    private bool LatestIs(string serial, Func<State, bool> holds) =>
        _fleet.States.LastOrDefault(s => s.Serial == serial) is { Serial: not null } last && holds(last.State);

    private int ReportsBetween(string serial, ulong from, ulong to) =>
        _fleet.States.Count(s => s.Serial == serial && s.Timestamp >= from && s.Timestamp < to);

    private static ulong Now => (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static PathPoint Point(uint node, int x, int y, int speed = 2000, TargetAttribute attr = TargetAttribute.PassThrough,
        Trajectory trajectory = Trajectory.Line, Pose[]? controls = null, ActuatorCommand[]? actions = null) =>
        new(node, new(x, y, 0), attr, MoveType.Forward, trajectory, speed, controls ?? [], actions ?? []);

    [Fact]
    public async Task Reports_at_the_registered_period_and_at_a_new_period_after_param_set()
    {
        await using var sim = await Run(Agv("RATE-1"));
        await Task.Delay(1200);
        ulong t0 = Now;
        await Task.Delay(2000);
        int before = ReportsBetween("RATE-1", t0, Now);
        Assert.InRange(before, 8, 12); // 200 ms period: 10 in 2 s

        var r = await _server.FindOnline("RATE-1")!.SetParametersAsync(new Param(ParamId.StateReportPeriodMs, ParamValueType.U32, 50));
        Assert.Equal(ResultCode.Ok, r.Body!.Results[0].Result);
        await Task.Delay(300);
        ulong t1 = Now;
        await Task.Delay(2000);
        int after = ReportsBetween("RATE-1", t1, Now);
        Assert.InRange(after, 32, 44); // 50 ms period: 40 in 2 s
    }

    [Fact]
    public async Task Out_of_range_parameter_is_refused_and_not_applied()
    {
        await using var sim = await Run(Agv("RANGE-1"));
        var session = _server.FindOnline("RANGE-1")!;
        var r = await session.SetParametersAsync(new Param(ParamId.StateReportPeriodMs, ParamValueType.U32, 10),
            new Param(ParamId.LowBatteryAlarmPct, ParamValueType.U8, 30));
        Assert.Equal([ResultCode.BadParameter, ResultCode.Ok], r.Body!.Results.Select(x => x.Result));
        var q = await session.QueryParametersAsync(ParamId.StateReportPeriodMs, ParamId.LowBatteryAlarmPct);
        Assert.Equal([200L, 30L], q.Body!.Params.Select(p => p.Value));
    }

    [Fact]
    public async Task Follows_a_path_of_lines_arcs_and_beziers_then_runs_the_final_action()
    {
        await using var sim = await Run(Agv("PATH-1"));
        var path = new MotionControl(42, TaskType.PickUp, false, new[]
        {
            Point(2, 1000, 0),
            Point(3, 2000, 1000, trajectory: Trajectory.Arc, controls: [new(1707, 293, 0)]),
            Point(4, 3000, 2000, attr: TargetAttribute.Stop, trajectory: Trajectory.Bezier, controls: [new(2300, 1500, 0), new(2700, 2000, 0)]),
        }, new ActuatorCommand[] { new(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftUp, 60, 20) });
        var answer = await _server.FindOnline("PATH-1")!.SendPathAsync(path);
        Assert.Equal(42u, answer.Body!.TaskId);

        await Wait.Until(() => _fleet.Reports.Any(r => r.Message is TaskReport { TaskId: 42, Status: TaskStatus.Finished }), 10, "task finished");
        await Wait.Until(() => LatestIs("PATH-1", s => s.AgvState == AgvState.Idle), 2, "idle");
        var s = Latest("PATH-1");
        Assert.InRange(s.Pose.X, 2990, 3010);
        Assert.InRange(s.Pose.Y, 1990, 2010);
        Assert.Equal(4u, s.LastNodeId);
        Assert.True(s.Loaded);
        Assert.Equal(60, s.Actuators[0].Value);
        var statuses = _fleet.Reports.Select(r => r.Message).OfType<TaskReport>().Select(t => t.Status).Distinct();
        Assert.Equal([TaskStatus.Accepted, TaskStatus.Running, TaskStatus.Finished], statuses);
        // It was seen moving on the way, at no more than the path's speed.
        Assert.Contains(_fleet.States, x => x.Serial == "PATH-1" && x.State.AgvState == AgvState.Moving && x.State.Vx <= 2000 && x.State.Vx > 0);
    }

    [Fact]
    public async Task Pause_resume_cancel_and_emergency_stop()
    {
        await using var sim = await Run(Agv("CMD-1", maxSpeed: 500));
        var session = _server.FindOnline("CMD-1")!;
        await session.SendPathAsync(new MotionControl(7, TaskType.Move, false, new[] { Point(9, 20000, 0, 500) }, Array.Empty<ActuatorCommand>()));
        await Wait.Until(() => LatestIs("CMD-1", s => s.AgvState == AgvState.Moving), what: "moving");

        Assert.True((await session.SendMotionCommandAsync(7, MotionCommandKind.Pause)).IsOk);
        await Wait.Until(() => LatestIs("CMD-1", s => s.AgvState == AgvState.Paused), what: "paused");
        int x = Latest("CMD-1").Pose.X;
        await Task.Delay(600);
        Assert.Equal(x, Latest("CMD-1").Pose.X);
        Assert.Equal(ResultCode.RejectedInState, (await session.SendChargeAsync(ChargeCommand.Stop, 1)).Result);

        Assert.True((await session.SendMotionCommandAsync(7, MotionCommandKind.Resume)).IsOk);
        await Wait.Until(() => LatestIs("CMD-1", s => s.Pose.X > x), what: "moving again");

        Assert.True((await session.SendMotionCommandAsync(0, MotionCommandKind.EmergencyStop)).IsOk);
        await Wait.Until(() => LatestIs("CMD-1", s => s.AgvState == AgvState.EmergencyStop), what: "e-stop");
        Assert.Equal(ResultCode.RejectedInState, (await session.SendPathAsync(new MotionControl(8, TaskType.Move, false, new[] { Point(9, 0, 0) }, Array.Empty<ActuatorCommand>()))).Result);
        Assert.True((await session.SendMotionCommandAsync(0, MotionCommandKind.ReleaseEmergencyStop)).IsOk);
        await Wait.Until(() => LatestIs("CMD-1", s => s.AgvState == AgvState.Paused), what: "paused after release");

        Assert.True((await session.SendMotionCommandAsync(7, MotionCommandKind.Cancel)).IsOk);
        await Wait.Until(() => LatestIs("CMD-1", s => s.AgvState == AgvState.Idle && s.TaskId == SimulatedAgv.None), what: "idle, no task");
        Assert.Contains(_fleet.Reports, r => r.Message is TaskReport { TaskId: 7, Status: TaskStatus.Cancelled });
    }

    [Fact]
    public async Task Appended_segments_extend_the_current_task()
    {
        await using var sim = await Run(Agv("APPEND-1"));
        var session = _server.FindOnline("APPEND-1")!;
        await session.SendPathAsync(new MotionControl(5, TaskType.Move, false, new[] { Point(2, 1000, 0) }, Array.Empty<ActuatorCommand>()));
        Assert.True((await session.SendPathAsync(new MotionControl(5, TaskType.Move, true, new[] { Point(3, 1000, 1000) }, Array.Empty<ActuatorCommand>()))).IsOk);
        Assert.Equal(ResultCode.RejectedInState, (await session.SendPathAsync(new MotionControl(6, TaskType.Move, true, new[] { Point(3, 0, 0) }, Array.Empty<ActuatorCommand>()))).Result);
        await Wait.Until(() => _fleet.Reports.Any(r => r.Message is TaskReport { TaskId: 5, Status: TaskStatus.Finished }), 10, "finished");
        await Wait.Until(() => LatestIs("APPEND-1", s => s.LastNodeId == 3), 2, "at node 3");
        Assert.InRange(Latest("APPEND-1").Pose.Y, 990, 1010);
    }

    [Fact]
    public async Task Charges_at_its_station_and_switches_maps_and_navigation()
    {
        await using var sim = await Run(Agv("CHG-1", startNode: 50));
        var session = _server.FindOnline("CHG-1")!;
        Assert.Equal(ResultCode.UnknownNodeOrMap, (await session.SendChargeAsync(ChargeCommand.Start, 51)).Result);
        Assert.True((await session.SendChargeAsync(ChargeCommand.Start, 50)).IsOk);
        await Wait.Until(() => LatestIs("CHG-1", s => s.Charging), what: "charging");
        Assert.True((await session.SendChargeAsync(ChargeCommand.Stop, 50)).IsOk);
        await Wait.Until(() => LatestIs("CHG-1", s => s.AgvState == AgvState.Idle), what: "idle");

        Assert.True((await session.SendNavigationSwitchAsync(NavigationType.QrCode, 50)).IsOk);
        await Wait.Until(() => LatestIs("CHG-1", s => s.NavType == NavigationType.QrCode && s.AgvState == AgvState.Idle), what: "QR navigation");

        Assert.True((await session.SendMapSwitchAsync(2, 2001, new(500, 600, 1571))).IsOk);
        await Wait.Until(() => LatestIs("CHG-1", s => s.MapId == 2 && s.AgvState == AgvState.Idle), 4, "on map 2");
        Assert.Equal((new Pose(500, 600, 1571), 2001u), (Latest("CHG-1").Pose, Latest("CHG-1").LastNodeId));
    }

    [Fact]
    public async Task Reconnects_and_registers_again_after_losing_its_connection()
    {
        await using var sim = await Run(Agv("DROP-1"));
        var first = _server.FindOnline("DROP-1")!;
        await sim.DropConnectionAsync("DROP-1");
        await Wait.Until(() => _server.FindOnline("DROP-1") is { } s && !ReferenceEquals(s, first), 5, "a new session");
        Assert.Equal(1, sim.Reconnects);
        Assert.Contains(("DROP-1", OfflineReason.ConnectionLost), _fleet.Offline);
    }

    [Fact]
    public async Task Secure_simulated_agvs_report_through_the_envelope()
    {
        var a = new SimulatedAgvOptions { Serial = "SSIM-1", Mode = AccessMode.Secure, Key = Sm2.GenerateKeyPair(), Integrity = IntegrityProfile.SignedAndMac, EventsPerHour = 0 };
        var b = new SimulatedAgvOptions { Serial = "SSIM-2", Mode = AccessMode.Secure, Key = Sm2.GenerateKeyPair(), Integrity = IntegrityProfile.Signed, EventsPerHour = 0 };
        _fleet.Enrol(a.Serial, a.Key);
        _fleet.Enrol(b.Serial, b.Key);
        await using var sim = await Run(a, b);
        await Wait.Until(() => _fleet.States.Count(s => s.Serial == "SSIM-1") >= 3 && _fleet.States.Count(s => s.Serial == "SSIM-2") >= 3, 5, "secure reports");
        Assert.True(_server.FindOnline("SSIM-1")!.IsSecure);
        Assert.Equal(0, _server.Counters.BadTags + _server.Counters.Replays);
    }

    [Fact]
    public void Path_follower_moves_along_an_arc_through_its_control_point()
    {
        var f = new PathFollower();
        f.Append([Point(1, 2000, 0, trajectory: Trajectory.Arc, controls: [new(1000, 1000, 0)])], (0, 0));
        var reached = new List<PathPoint>();
        var (x, y, _) = f.Advance(Math.PI * 1000 / 2, reached, out _); // a quarter of the half circle of radius 1000
        Assert.InRange(x, 990, 1010);
        Assert.InRange(y, 990, 1010);
        f.Advance(5000, reached, out _);
        Assert.True(f.IsDone);
        Assert.Single(reached);
    }
}
