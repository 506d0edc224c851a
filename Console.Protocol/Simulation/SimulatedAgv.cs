using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Protocol.Simulation;

/// <summary>
/// A simulated AGV that speaks the protocol for real: it reports state at its report period,
/// heartbeats, sends run data, obeys ParamSet (a new report period takes effect at once), follows
/// MotionControl paths at its speed limit along lines, arcs and Béziers, runs actuator actions,
/// pauses, resumes, cancels, stops for an emergency, charges, switches maps and navigation,
/// drains and charges its battery, raises events, and asks for space to avoid obstacles.
/// <see cref="Tick"/> is driven by <see cref="FleetSimulator"/>; commands arrive on the
/// connection's read loop; one lock keeps the two apart.
/// </summary>
public sealed class SimulatedAgv : IAgvCommandHandler
{
    public const uint None = 0xFFFFFFFF;
    private const ushort EventObstacle = 0x0101, EventLowBattery = 0x0201, EventCriticalBattery = 0x0202, EventOverTemp = 0x0301, EventLowConfidence = 0x0401;

    private readonly object _gate = new();
    private readonly Random _rng;
    private readonly PathFollower _path = new();
    private readonly Dictionary<ParamId, long> _params = new();
    private readonly Queue<IMessage> _outbox = new();
    private readonly HashSet<ushort> _raised = new();
    private readonly long _bootTicks = Environment.TickCount64;

    private double _x, _y, _heading, _battery, _odometer, _motorTemp = 35, _batteryTemp = 28, _controllerTemp = 40;
    private AgvState _agvState = AgvState.Idle;
    private AgvState _resumeState = AgvState.Moving;
    private uint _mapId, _taskId = None, _lastNode, _chargeCycles, _collisions, _estops, _navErrors;
    private TaskType _taskType;
    private NavigationType _nav;
    private bool _loaded;
    private byte _confidence = 98;
    private long _busyUntil, _lastTick, _nextReport, _nextHeartbeat, _nextRunData, _obstacleClearAt;
    private List<ActuatorCommand> _pendingActions = [];
    private EquatableArray<ActuatorCommand> _finalActions = EquatableArray<ActuatorCommand>.Empty;
    private readonly ActuatorState[] _actuators;
    private uint _nextSpaceRequestId = 1;
    private ValueTask _stateSend;

    public SimulatedAgv(SimulatedAgvOptions options)
    {
        Options = options;
        _rng = new Random(options.Seed == 0 ? options.Serial.GetHashCode() : options.Seed);
        _x = options.StartPose.X;
        _y = options.StartPose.Y;
        _heading = options.StartPose.Theta / 1000.0;
        _battery = options.StartBatteryPct;
        _mapId = options.MapId;
        _lastNode = options.StartNodeId;
        _nav = options.NavType;
        foreach (var d in ParameterCatalog.All) _params[d.Id] = d.Default ?? VehicleDefault(d.Id);
        _actuators = options.ToRegister().Actuators.Select(a => new ActuatorState(a.Type, a.Index, ActuatorStatus.Idle, a.Min)).ToArray();
    }

    public SimulatedAgvOptions Options { get; }
    public string Serial => Options.Serial;
    public AgvClient? Client { get; private set; }
    public long StatesSent { get; private set; }
    public long StatesSkipped { get; private set; }

    /// <summary>Until this Environment.TickCount64 the vehicle sends nothing and does not reconnect (a hung controller, a dead radio).</summary>
    public long SilentUntil { get; set; }

    /// <summary>Environment.TickCount64 at which <see cref="Tick"/> has something to do.</summary>
    public long NextDue => Math.Min(_nextReport, Math.Min(_nextHeartbeat, _nextRunData));

    public uint ReportPeriodMs => (uint)_params[ParamId.StateReportPeriodMs];
    public uint HeartbeatPeriodMs => (uint)_params[ParamId.HeartbeatPeriodMs];

    private long VehicleDefault(ParamId id) => id switch
    {
        ParamId.MaxLinearSpeed => Options.MaxSpeed,
        ParamId.MaxAngularSpeed => 1000,
        ParamId.Acceleration => 500,
        ParamId.Deceleration => 800,
        _ => 0,
    };

    /// <summary>The periods the RCS handed out at registration (before any ParamSet that follows it).</summary>
    public void OnRegistered(RegisterResponse r)
    {
        lock (_gate)
        {
            _params[ParamId.HeartbeatPeriodMs] = r.HeartbeatPeriodMs;
            _params[ParamId.StateReportPeriodMs] = r.ReportPeriodMs;
            _params[ParamId.RunDataPeriodMs] = r.RunDataPeriodMs;
        }
    }

    /// <summary>Uses a freshly registered connection (its periods were taken in <see cref="OnRegistered"/>).</summary>
    public void Attach(AgvClient client, long now)
    {
        lock (_gate)
        {
            Client = client;
            _lastTick = now;
            _nextReport = now;
            _nextHeartbeat = now + HeartbeatPeriodMs;
            _nextRunData = now + 1000;
        }
    }

    public void Detach()
    {
        lock (_gate) Client = null;
    }

    // ---- the simulation step ------------------------------------------------------------------

    /// <summary>Advances the vehicle to <paramref name="now"/> and sends what is due.</summary>
    public void Tick(long now)
    {
        var client = Client;
        if (client is null || now < SilentUntil) return;
        State state;
        bool report, heartbeat, runData;
        IMessage[] outbox;
        lock (_gate)
        {
            double dt = Math.Max(0, now - _lastTick) / 1000.0 * Options.TimeScale;
            _lastTick = now;
            Step(dt, now);
            report = now >= _nextReport;
            heartbeat = now >= _nextHeartbeat;
            runData = now >= _nextRunData;
            if (report) _nextReport = Math.Max(_nextReport + ReportPeriodMs, now - ReportPeriodMs);
            if (heartbeat) _nextHeartbeat = now + HeartbeatPeriodMs;
            if (runData) _nextRunData = now + (long)_params[ParamId.RunDataPeriodMs];
            state = Snapshot();
            outbox = _outbox.Count == 0 ? [] : _outbox.ToArray();
            _outbox.Clear();
        }

        foreach (var m in outbox) Forget(m is EventReport e ? client.SendEventAsync(e) : client.SendTaskReportAsync((TaskReport)m));
        if (report)
        {
            // A report still on its way (slow socket) is not queued behind: the next one replaces it.
            if (_stateSend.IsCompleted)
            {
                _stateSend = client.SendStateAsync(state);
                StatesSent++;
            }
            else StatesSkipped++;
        }
        if (heartbeat) _ = client.SendHeartbeatAsync((uint)((now - _bootTicks) / 1000));
        if (runData) Forget(client.SendRunDataAsync(RunData()));
    }

    private static void Forget(ValueTask t)
    {
        if (!t.IsCompleted) _ = t.AsTask();
    }

    private void Step(double dt, long now)
    {
        // Battery and temperatures.
        bool moving = _agvState == AgvState.Moving;
        if (_agvState == AgvState.Charging)
        {
            double before = _battery;
            _battery = Math.Min(100, _battery + Options.ChargePctPerMinute * dt / 60);
            if (before < 100 && _battery >= 100) _chargeCycles++;
        }
        else _battery = Math.Max(0, _battery - (moving ? Options.DrainPctPerMinuteMoving : Options.DrainPctPerMinuteIdle) * dt / 60);
        _motorTemp += ((moving ? 55 : 32) - _motorTemp) * Math.Min(1, dt / 120) + (_rng.NextDouble() - 0.5) * 0.2;
        _batteryTemp += ((_agvState == AgvState.Charging ? 38 : 28) - _batteryTemp) * Math.Min(1, dt / 300);
        _controllerTemp += ((moving ? 48 : 40) - _controllerTemp) * Math.Min(1, dt / 120);
        byte confidence = (byte)Math.Clamp(_confidence + _rng.Next(-2, 3), 85, 100);
        if (confidence == 85 && _confidence > 85) _navErrors++; // a brief loss of localisation
        _confidence = confidence;

        // Timed states end.
        if (_busyUntil != 0 && now >= _busyUntil)
        {
            _busyUntil = 0;
            FinishBusyState();
        }
        if (_obstacleClearAt != 0 && now >= _obstacleClearAt)
        {
            _obstacleClearAt = 0;
            if (_agvState == AgvState.WaitingForSpace) _agvState = AgvState.Moving;
        }

        if (_agvState == AgvState.Moving) Drive(dt, now);
        AnimateActuators(dt);
        SelfChecks();
        MaybeRandomEvent(dt);
    }

    private void Drive(double dt, long now)
    {
        var target = _path.CurrentTarget;
        if (target is null)
        {
            CompleteTask();
            return;
        }
        double speed = Math.Min(Options.MaxSpeed, _params[ParamId.MaxLinearSpeed]);
        if (target.MaxSpeed > 0) speed = Math.Min(speed, target.MaxSpeed);
        var reached = new List<PathPoint>();
        var (x, y, heading) = _path.Advance(speed * dt, reached, out bool stopped);
        _odometer += Math.Sqrt((x - _x) * (x - _x) + (y - _y) * (y - _y));
        _x = x;
        _y = y;
        _heading = target.MoveType == MoveType.Backward ? heading + Math.PI : heading;
        foreach (var p in reached)
        {
            _lastNode = p.NodeId;
            _outbox.Enqueue(new TaskReport(_taskId, TaskStatus.Running, (ushort)_path.CurrentPointIndex, 0));
        }
        if (stopped && _path.LastReached is { } point)
        {
            _heading = point.Pose.Theta / 1000.0;
            if (point.Actions.Count > 0) StartActions(point.Actions.ToList(), now);
        }
        if (_path.IsDone && _agvState == AgvState.Moving)
        {
            if (_path.LastReached is { } last) _heading = last.Pose.Theta / 1000.0;
            if (_finalActions.Count > 0)
            {
                var finals = _finalActions.ToList();
                _finalActions = EquatableArray<ActuatorCommand>.Empty;
                StartActions(finals, now);
            }
            else CompleteTask();
        }
        else if (_agvState == AgvState.Moving && Options.SpaceRequestsPerHour > 0 && _rng.NextDouble() < Options.SpaceRequestsPerHour * dt / 3600)
            RequestSpace(now);
    }

    private void StartActions(List<ActuatorCommand> actions, long now)
    {
        _pendingActions = actions;
        _agvState = AgvState.ExecutingAction;
        _busyUntil = now + (long)(1500 * actions.Count / Options.TimeScale);
        for (int i = 0; i < _actuators.Length; i++)
            if (actions.Any(a => a.ActuatorType == _actuators[i].Type && a.Index == _actuators[i].Index))
                _actuators[i] = _actuators[i] with { Status = ActuatorStatus.Moving };
    }

    private void FinishBusyState()
    {
        switch (_agvState)
        {
            case AgvState.ExecutingAction:
                foreach (var a in _pendingActions) Apply(a);
                _pendingActions = [];
                _agvState = _path.IsDone ? AgvState.Idle : AgvState.Moving;
                if (_path.IsDone)
                {
                    if (_finalActions.Count > 0)
                    {
                        var finals = _finalActions.ToList();
                        _finalActions = EquatableArray<ActuatorCommand>.Empty;
                        StartActions(finals, _lastTick);
                    }
                    else CompleteTask();
                }
                break;
            case AgvState.SwitchingMap:
            case AgvState.SwitchingNavigation:
                _agvState = AgvState.Idle;
                break;
        }
    }

    private void Apply(ActuatorCommand a)
    {
        for (int i = 0; i < _actuators.Length; i++)
        {
            if (_actuators[i].Type != a.ActuatorType || _actuators[i].Index != a.Index) continue;
            int value = _actuators[i].Value;
            if (a.ActuatorType == ActuatorType.Lift)
            {
                if (a.Command == (byte)LiftAdjustment.LiftUp) { value = a.TargetValue > 0 ? a.TargetValue : 60; _loaded = true; }
                else if (a.Command == (byte)LiftAdjustment.LiftDown) { value = 0; _loaded = false; }
            }
            else if (a.Command == 1)
            {
                value = a.TargetValue;
                if (a.ActuatorType is ActuatorType.Fork or ActuatorType.Roller or ActuatorType.Clamp) _loaded = a.TargetValue > 0;
            }
            _actuators[i] = _actuators[i] with { Status = ActuatorStatus.Done, Value = value };
        }
    }

    private void AnimateActuators(double dt)
    {
        for (int i = 0; i < _actuators.Length; i++)
            if (_actuators[i].Status == ActuatorStatus.Done && _agvState != AgvState.ExecutingAction && _rng.NextDouble() < dt)
                _actuators[i] = _actuators[i] with { Status = ActuatorStatus.Idle };
    }

    private void CompleteTask()
    {
        if (_taskId != None)
        {
            _outbox.Enqueue(new TaskReport(_taskId, TaskStatus.Finished, (ushort)Math.Max(0, _path.Count - 1), 0));
            if (_taskType == TaskType.PickUp) _loaded = true;
            if (_taskType == TaskType.DropOff) _loaded = false;
        }
        _taskId = None;
        _path.Clear();
        _agvState = AgvState.Idle;
    }

    private void SelfChecks()
    {
        // The AGV evaluates the thresholds the RCS pushed with ParamSet and raises its own events.
        Toggle(EventLowBattery, _battery < _params[ParamId.LowBatteryAlarmPct], EventLevel.Warning, $"battery low ({_battery:0} %)");
        Toggle(EventCriticalBattery, _battery < _params[ParamId.CriticalBatteryPct], EventLevel.Error, $"battery critical ({_battery:0} %)");
        Toggle(EventOverTemp, _motorTemp > _params[ParamId.OverTempAlarmC], EventLevel.Error, $"motor over temperature ({_motorTemp:0} °C)");
        Toggle(EventLowConfidence, _confidence < _params[ParamId.LowConfidenceAlarm], EventLevel.Warning, $"localisation confidence {_confidence} %");
    }

    private void Toggle(ushort code, bool active, EventLevel level, string text)
    {
        if (active && _raised.Add(code)) _outbox.Enqueue(new EventReport(code, level, EventKind.Raised, text));
        else if (!active && _raised.Remove(code)) _outbox.Enqueue(new EventReport(code, level, EventKind.Cleared, text));
    }

    private void MaybeRandomEvent(double dt)
    {
        if (_raised.Contains(EventObstacle))
        {
            if (_rng.NextDouble() < dt / 20) Toggle(EventObstacle, false, EventLevel.Warning, "front scanner clear");
        }
        else if (Options.EventsPerHour > 0 && _rng.NextDouble() < Options.EventsPerHour * dt / 3600)
        {
            Toggle(EventObstacle, true, EventLevel.Warning, "obstacle in front scanner field");
            if (_agvState == AgvState.Moving && _rng.Next(10) == 0) _collisions++; // the bumper touched it
        }
    }

    private void RequestSpace(long now)
    {
        var client = Client;
        if (client is null) return;
        _agvState = AgvState.WaitingForSpace;
        _obstacleClearAt = now + 10_000; // gives up waiting for an answer after 10 s
        uint id = _nextSpaceRequestId++;
        var center = new Pose((int)_x, (int)_y, Pose.ToMilliradians(_heading));
        var request = new SpaceRequest(id, SpaceReason.ObstacleAvoidance, Space.Rectangle(center, (uint)Options.LengthMm * 3, (uint)Options.WidthMm * 2),
            4000, new Pose[] { center, new((int)(_x + Math.Cos(_heading) * 500 - Math.Sin(_heading) * 400), (int)(_y + Math.Sin(_heading) * 500 + Math.Cos(_heading) * 400), center.Theta), center });
        _ = Task.Run(async () =>
        {
            var answer = await client.RequestSpaceAsync(request).ConfigureAwait(false);
            bool granted = answer.Body is { Decision: SpaceDecision.Granted or SpaceDecision.PartiallyGranted };
            lock (_gate)
            {
                // Granted: manoeuvre for a moment; denied: wait for the obstacle to go.
                if (_agvState == AgvState.WaitingForSpace) _obstacleClearAt = Environment.TickCount64 + (granted ? 1500 : 3000);
            }
            if (granted)
            {
                await Task.Delay(2000).ConfigureAwait(false);
                await client.ReleaseSpaceAsync(id).ConfigureAwait(false);
            }
        });
    }

    private State Snapshot()
    {
        bool moving = _agvState == AgvState.Moving;
        double speed = moving ? Math.Min(Options.MaxSpeed, _params[ParamId.MaxLinearSpeed]) : 0;
        var target = _path.CurrentTarget;
        if (moving && target is { MaxSpeed: > 0 }) speed = Math.Min(speed, target.MaxSpeed);
        var s = new State
        {
            MapId = _mapId,
            Pose = new Pose((int)Math.Round(_x), (int)Math.Round(_y), Pose.ToMilliradians(_heading)),
            LocConfidence = _confidence,
            Vx = (int)speed,
            BatteryPct = (byte)Math.Round(_battery),
            BatteryMv = (ushort)(22000 + _battery * 45),
            Charging = _agvState == AgvState.Charging,
            AgvState = _agvState,
            NavType = _nav,
            TaskId = _taskId,
            LastNodeId = _lastNode,
            NextNodeId = target?.NodeId ?? None,
            PointIndex = (ushort)_path.CurrentPointIndex,
            Loaded = _loaded,
            Actuators = SmallList<ActuatorState>.From(_actuators),
        };
        foreach (var code in _raised)
            s.Errors.Add(new AgvError(code, code is EventCriticalBattery or EventOverTemp ? EventLevel.Error : EventLevel.Warning));
        return s;
    }

    private RunData RunData() => new((ulong)_odometer, (uint)((Environment.TickCount64 - _bootTicks) / 1000), _chargeCycles,
        (short)_motorTemp, (short)_batteryTemp, (short)_controllerTemp, _agvState == AgvState.Moving ? 12000 + _rng.Next(3000) : 800,
        _collisions, _estops, _navErrors);

    /// <summary>The state as the next report would carry it (for tests and the CLI's status line).</summary>
    public State Peek()
    {
        lock (_gate) return Snapshot();
    }

    // ---- commands from the RCS ------------------------------------------------------------------

    public ValueTask<Reply> OnCommandAsync(IMessage command)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(command switch
            {
                ParamQuery q => Reply.Ok(new ParamQueryResponse((q.Ids.Count == 0 ? _params.Keys.ToArray() : q.Ids.ToArray())
                    .Where(_params.ContainsKey).Select(id => ParameterCatalog.Find(id)!.With(_params[id])).ToArray())),
                ParamSet s => Reply.Ok(new ParamSetResponse(s.Params.Select(SetParam).ToArray())),
                MotionControl m => Motion(m),
                MotionCommand m => Command(m),
                ChargeControl c => Charge(c),
                NavigationSwitch n => SwitchNavigation(n),
                MapSwitch m => SwitchMap(m),
                _ => new Reply(ResultCode.UnsupportedMessage),
            });
        }
    }

    private ParamResult SetParam(Param p)
    {
        var result = ParameterCatalog.Check(p);
        if (result == ResultCode.Ok)
        {
            _params[p.Id] = p.Value;
            // A new period takes effect from now, not after the old period has run out.
            if (p.Id == ParamId.StateReportPeriodMs) _nextReport = Math.Min(_nextReport, _lastTick + p.Value);
            if (p.Id == ParamId.HeartbeatPeriodMs) _nextHeartbeat = Math.Min(_nextHeartbeat, _lastTick + p.Value);
            if (p.Id == ParamId.RunDataPeriodMs) _nextRunData = Math.Min(_nextRunData, _lastTick + p.Value);
            if (Client is { } c)
            {
                if (p.Id == ParamId.StateReportPeriodMs) c.ReportPeriodMs = (uint)p.Value;
                if (p.Id == ParamId.HeartbeatPeriodMs) c.HeartbeatPeriodMs = (uint)p.Value;
            }
        }
        return new ParamResult(p.Id, result);
    }

    private Reply Motion(MotionControl m)
    {
        if (m.Path.Count == 0 && m.FinalActions.Count == 0) return ResultCode.BadParameter;
        if (_agvState is AgvState.EmergencyStop or AgvState.Fault or AgvState.Charging or AgvState.SwitchingMap or AgvState.SwitchingNavigation)
            return ResultCode.RejectedInState;
        if (m.Append)
        {
            if (_taskId != m.TaskId) return ResultCode.RejectedInState; // nothing to append to
            _path.Append(m.Path.ToList(), (_x, _y));
            if (m.FinalActions.Count > 0) _finalActions = m.FinalActions;
            if (_agvState == AgvState.Idle) _agvState = AgvState.Moving;
            return Reply.Ok(new MotionControlResponse(m.TaskId));
        }
        if (_taskId != None && _taskId != m.TaskId) return ResultCode.Busy;
        _path.Clear();
        _path.Append(m.Path.ToList(), (_x, _y));
        _taskId = m.TaskId;
        _taskType = m.TaskType;
        _finalActions = m.FinalActions;
        _agvState = _agvState == AgvState.Paused ? AgvState.Paused : AgvState.Moving;
        _outbox.Enqueue(new TaskReport(m.TaskId, TaskStatus.Accepted, 0, 0));
        return Reply.Ok(new MotionControlResponse(m.TaskId));
    }

    private Reply Command(MotionCommand m)
    {
        switch (m.Command)
        {
            case MotionCommandKind.Pause:
                if (_agvState is AgvState.Moving or AgvState.WaitingForSpace or AgvState.ExecutingAction)
                {
                    _resumeState = _agvState == AgvState.ExecutingAction ? AgvState.Moving : _agvState;
                    _agvState = AgvState.Paused;
                    return ResultCode.Ok;
                }
                return _agvState == AgvState.Paused ? ResultCode.Ok : ResultCode.RejectedInState;
            case MotionCommandKind.Resume:
                if (_agvState != AgvState.Paused) return ResultCode.RejectedInState;
                _agvState = _taskId == None ? AgvState.Idle : _resumeState;
                return ResultCode.Ok;
            case MotionCommandKind.Cancel:
                if (_taskId == None) return ResultCode.RejectedInState;
                if (m.TaskId != 0 && m.TaskId != None && m.TaskId != _taskId) return ResultCode.BadParameter;
                _outbox.Enqueue(new TaskReport(_taskId, TaskStatus.Cancelled, (ushort)_path.CurrentPointIndex, 0));
                _taskId = None;
                _path.Clear();
                _finalActions = EquatableArray<ActuatorCommand>.Empty;
                if (_agvState is not AgvState.EmergencyStop) _agvState = AgvState.Idle;
                return ResultCode.Ok;
            case MotionCommandKind.EmergencyStop:
                if (_agvState != AgvState.EmergencyStop) _estops++;
                _agvState = AgvState.EmergencyStop;
                _busyUntil = 0;
                return ResultCode.Ok;
            case MotionCommandKind.ReleaseEmergencyStop:
                if (_agvState != AgvState.EmergencyStop) return ResultCode.RejectedInState;
                // After an emergency stop the vehicle does not drive off by itself: a task waits for resume.
                _agvState = _taskId == None ? AgvState.Idle : AgvState.Paused;
                _resumeState = AgvState.Moving;
                return ResultCode.Ok;
            default:
                return ResultCode.BadParameter;
        }
    }

    private Reply Charge(ChargeControl c)
    {
        if (c.Command == ChargeCommand.Start)
        {
            if (_agvState != AgvState.Idle) return ResultCode.RejectedInState;
            if (c.StationNodeId != _lastNode) return ResultCode.UnknownNodeOrMap; // not standing at that station
            _agvState = AgvState.Charging;
            return ResultCode.Ok;
        }
        if (c.Command == ChargeCommand.Stop)
        {
            if (_agvState != AgvState.Charging) return ResultCode.RejectedInState;
            _agvState = AgvState.Idle;
            return ResultCode.Ok;
        }
        return ResultCode.BadParameter;
    }

    private Reply SwitchNavigation(NavigationSwitch n)
    {
        if (_agvState != AgvState.Idle) return ResultCode.RejectedInState;
        if (n.AtNodeId != _lastNode) return ResultCode.UnknownNodeOrMap;
        _nav = n.NavType;
        _agvState = AgvState.SwitchingNavigation;
        _busyUntil = _lastTick + 1000;
        return ResultCode.Ok;
    }

    private Reply SwitchMap(MapSwitch m)
    {
        if (_agvState != AgvState.Idle) return ResultCode.RejectedInState;
        _mapId = m.TargetMapId;
        _x = m.InitialPose.X;
        _y = m.InitialPose.Y;
        _heading = m.InitialPose.Theta / 1000.0;
        _lastNode = m.EntryNodeId;
        _agvState = AgvState.SwitchingMap;
        _busyUntil = _lastTick + 1500;
        return ResultCode.Ok;
    }

    public void OnDisconnect(DisconnectReason reason) { }
}
