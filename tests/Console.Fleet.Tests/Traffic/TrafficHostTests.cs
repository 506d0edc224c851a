using System.Collections.Concurrent;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Tests.Traffic;

/// <summary>
/// The traffic host between the fleet and the kernel, in virtual time: AGVs are played by the test
/// (each MotionControl the host sends is driven node by node as state reports, then a task report).
/// </summary>
public sealed class TrafficHostTests : IDisposable
{
    //  1 ── 2 ── 3        nodes 3 m apart, every edge both ways
    //       │
    //       4
    private readonly SiteMaps _maps = new();
    private readonly FleetRegistry _registry = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private readonly Agvs _agvs = new();
    private readonly TrafficHost _host;

    public TrafficHostTests()
    {
        _maps.Set(new SiteMap(1, "Hall", "A", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 3000, 0, MapNodeKind.Normal), new(3, 6000, 0, MapNodeKind.Normal), new(4, 3000, 3000, MapNodeKind.Parking)],
            [new(1, 2, true, 1000), new(2, 3, true, 1000), new(2, 4, true, 1000)]));
        _host = new TrafficHost(_registry, _maps, _agvs, NullLogger.Instance, _clock);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Plays the AGVs: records what is sent to them and, while <see cref="Hold"/> does not name them, drives it.</summary>
    private sealed class Agvs : ITripSender
    {
        public readonly ConcurrentQueue<(string Serial, MotionControl Motion)> Sent = new();
        public readonly List<(string Serial, MotionControl Motion)> All = [];
        public readonly HashSet<string> Hold = [];
        /// <summary>AGVs whose report of the last node of each piece is lost (it looked like one sent before: reports are deduplicated by node).</summary>
        public readonly HashSet<string> LoseLastNode = [];
        /// <summary>As the simulator does: a task with no path points is reported finished before its answer arrives.</summary>
        public TrafficHost? FinishEmptyAtOnce;
        /// <summary>AGVs whose answer to the next MotionControl is lost (they take it and drive it all the same).</summary>
        public readonly HashSet<string> LoseNextAnswer = [];
        /// <summary>AGVs the next MotionControl never reaches (lost on the way): no answer, nothing driven.</summary>
        public readonly HashSet<string> LoseNextCommand = [];
        /// <summary>Commands with no path points (final actions alone) still to be answered Busy, each attempt.</summary>
        public int RefuseActs;
        /// <summary>When set, the next MotionControl's answer waits for it (the command is out, its answer not back yet).</summary>
        public TaskCompletionSource<CommandOutcome>? HoldNextAnswer;
        public bool IsOnline(Vehicle v) => true;

        public Task<CommandOutcome> SendAsync(string actor, Vehicle v, MotionControl motion, string detail)
        {
            lock (LoseNextCommand)
                if (LoseNextCommand.Remove(v.Serial)) return Task.FromResult(CommandOutcome.FromAnswer("Path", ResultCode.Timeout));
            if (motion.Path.Count == 0 && Interlocked.Decrement(ref RefuseActs) >= 0) return Task.FromResult(CommandOutcome.FromAnswer("Path", ResultCode.Busy));
            if (motion.Path.Count == 0 && FinishEmptyAtOnce is { } host) host.OnTaskReport(v, new TaskReport(motion.TaskId, TaskStatus.Finished, 0, 0));
            Sent.Enqueue((v.Serial, motion));
            lock (All) All.Add((v.Serial, motion));
            if (Interlocked.Exchange(ref HoldNextAnswer, null) is { } held) return held.Task;
            lock (LoseNextAnswer)
                if (LoseNextAnswer.Remove(v.Serial)) return Task.FromResult(CommandOutcome.FromAnswer("Path", ResultCode.Timeout));
            return Task.FromResult(new CommandOutcome(OutcomeKind.Done, "ok"));
        }

        public Task<CommandOutcome> SwitchMapAsync(string actor, Vehicle v, uint targetMapId) => Task.FromResult(new CommandOutcome(OutcomeKind.Done, "ok"));
    }

    private Vehicle Agv(string serial, uint node, AgvState state = AgvState.Idle)
    {
        var v = _registry.GetOrAdd(serial);
        v.MaxSpeed = 1000;
        Report(v, node, state);
        return v;
    }

    private void Report(Vehicle v, uint node, AgvState state, uint task = 0xFFFFFFFF)
    {
        var s = new State { MapId = 1, LastNodeId = node, AgvState = state, TaskId = task };
        v.SetState(s);
        _host.OnState(v, s);
    }

    /// <summary>Lets virtual time pass in ticks; each AGV not held drives what it was sent, reporting every node, then finishes the task.</summary>
    private async Task RunAsync(int ticks, Func<bool>? until = null)
    {
        for (int i = 0; i < ticks && until?.Invoke() != true; i++)
        {
            _clock.Advance(TrafficHost.TickEvery);
            await _host.DrainAsync();
            await Task.Delay(2); // the links send on their own tasks
            var held = new List<(string, MotionControl)>();
            while (_agvs.Sent.TryDequeue(out var sent))
            {
                if (_agvs.Hold.Contains(sent.Serial)) { held.Add(sent); continue; }
                var v = _registry.Find(sent.Serial)!;
                var path = sent.Motion.Path.ToList();
                if (_agvs.LoseLastNode.Contains(sent.Serial) && path.Count > 0) path.RemoveAt(path.Count - 1);
                foreach (var p in path) Report(v, p.NodeId, AgvState.Moving, sent.Motion.TaskId);
                Report(v, v.State.LastNodeId, AgvState.Idle);
                _host.OnTaskReport(v, new TaskReport(sent.Motion.TaskId, TaskStatus.Finished, 0, 0));
            }
            foreach (var h in held) _agvs.Sent.Enqueue(h);
        }
        await _host.DrainAsync();
    }

    [Fact]
    public async Task A_dispatch_drives_the_agv_to_its_goal_and_its_owner_hears_the_end_with_the_trips_id()
    {
        var a = Agv("A", 1);
        var reports = new List<TaskReport>();
        _host.Reported += (v, r) => { lock (reports) reports.Add(r); };
        await RunAsync(3);

        var (outcome, trip) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        Assert.Same(trip, _host.Of("A"));
        Assert.Equal([1u, 2, 3], a.CurrentPath);
        await RunAsync(100, () => _host.Of("A") is null);

        Assert.Null(_host.Of("A"));
        Assert.Equal(3u, a.State.LastNodeId);
        Assert.Equal([TaskStatus.Running, TaskStatus.Finished], reports.Where(r => r.TaskId == trip!.Id).Select(r => r.Status));
        Assert.Equal([2u, 3u], _agvs.All.Where(s => s.Serial == "A").SelectMany(s => s.Motion.Path).Select(p => p.NodeId));
        Assert.Empty(a.CurrentPath);
        Assert.Equal([3u], _host.HeldBy("A"));
    }

    [Fact]
    public async Task What_traffic_control_cleared_an_agv_to_drive_is_on_its_live_entry_until_it_passed_it()
    {
        var a = Agv("A", 1);
        await RunAsync(3);
        _agvs.Hold.Add("A"); // it takes its time
        var (outcome, _) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(20, () => a.Cleared.Count > 1);
        Assert.Equal(1u, a.Cleared[0]); // from where it stands
        Assert.Contains(2u, a.Cleared);
        _agvs.Hold.Clear();
        await RunAsync(100, () => _host.Of("A") is null);
        Assert.Empty(a.Cleared);
    }

    [Fact]
    public async Task A_command_left_unanswered_is_not_sent_again_and_the_agv_is_taken_afresh_once_it_stands_idle()
    {
        // The drive benchmark of 2026-11-30: a MotionControl answered too late was sent again, the AGV drove the
        // same nodes twice, back over places the kernel had given to another AGV, and their footprints met.
        var a = Agv("A", 1);
        await RunAsync(3);
        _agvs.LoseNextAnswer.Add("A"); // it takes the first piece and drives it; its answer is lost
        var (outcome, trip) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(200, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A"));
        Assert.Equal(3u, a.State.LastNodeId);
        // Every node was sent once: nothing went out again after the unanswered one.
        Assert.Equal([2u, 3u], _agvs.All.Where(x => x.Serial == "A").SelectMany(x => x.Motion.Path).Select(p => p.NodeId));
        Assert.Contains("unanswered 1", _host.Health());
    }

    [Fact]
    public async Task An_agv_reported_off_its_granted_path_keeps_what_it_was_granted_until_it_stood_idle()
    {
        // A command taken late, a person pushing it: it may still drive what it was granted. Nobody may be given it meanwhile.
        var a = Agv("A", 1);
        await RunAsync(3);
        _agvs.Hold.Add("A"); // it does not drive what it is sent (yet)
        var (outcome, _) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(20, () => _host.HeldBy("A").Contains(2u));
        Report(a, 4, AgvState.Moving, 77); // it turns up at 4, off its path, still moving
        await RunAsync(50);
        var described = await _host.DescribeAsync();
        Assert.True(_host.HeldBy("A").Contains(2u), described); // still kept for it, by the host
        Assert.Matches(@"#\d+:2>3g", described); // and by the kernel: the move onto 3 stays granted (nobody else gets it)
        Assert.DoesNotMatch(@"#\d+:4>", described); // nothing planned from where it turned up while it may still drive
        Assert.Contains("off its granted path", described);
        Report(a, 4, AgvState.Idle);
        _agvs.Hold.Clear();
        _agvs.Sent.Clear(); // what it was sent before is not driven
        await RunAsync(10);
        Assert.True(_host.HeldBy("A").Contains(2u), await _host.DescribeAsync()); // idle, but not for long enough yet
        await RunAsync(300, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A")); // taken afresh from 4 and driven to 3
        Assert.Equal(3u, a.State.LastNodeId);
    }

    [Fact]
    public async Task What_an_agv_was_granted_is_kept_while_a_command_to_it_is_out_even_when_its_task_fails()
    {
        // The review's case: a task ends (failed) while the next piece is on its way to the AGV; if that piece's answer
        // then does not come, the AGV may take it late: its nodes must not have been given away meanwhile.
        var a = Agv("A", 1);
        await RunAsync(3);
        var answer = new TaskCompletionSource<CommandOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _agvs.HoldNextAnswer = answer;
        _agvs.Hold.Add("A");
        var (outcome, _) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(10, () => _agvs.All.Any(x => x.Serial == "A"));
        var sent = Assert.Single(_agvs.All, x => x.Serial == "A");
        _host.OnTaskReport(a, new TaskReport(12345, TaskStatus.Failed, 0, 0)); // an earlier task of its own fails now
        await RunAsync(5);
        Assert.Matches(@"#\d+:1>2g", await _host.DescribeAsync()); // still granted to it: the command is out
        answer.SetResult(CommandOutcome.FromAnswer("Path", ResultCode.Timeout)); // and its answer never comes
        await RunAsync(5);
        Assert.Matches(@"#\d+:1>2g", await _host.DescribeAsync()); // kept until it stood idle and settled
        Assert.Contains("unanswered 1", _host.Health());
    }

    [Fact]
    public async Task A_finished_task_counts_as_driven_to_its_end_when_no_report_showed_the_last_node()
    {
        // A node passed out and back between two reports looks like no change; so does a last node whose
        // report is lost. The task report says the AGV drove all of it: the kernel must not wait for the node.
        var a = Agv("A", 1);
        await RunAsync(3);
        _agvs.LoseLastNode.Add("A");
        var reports = new List<TaskReport>();
        _host.Reported += (v, r) => { lock (reports) reports.Add(r); };
        var (outcome, trip) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(100, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A"));
        Assert.Contains(reports, r => r.TaskId == trip!.Id && r.Status == TaskStatus.Finished);
        Assert.NotEqual(3u, a.State.LastNodeId); // it never reported node 3
    }

    [Fact]
    public async Task A_goal_where_the_agv_stands_runs_its_final_action_there_with_a_path_of_no_points()
    {
        var a = Agv("A", 4);
        await RunAsync(3);
        _agvs.Hold.Add("A"); // only its task report tells the host it is done, and it comes before the answer
        _agvs.FinishEmptyAtOnce = _host;
        var lift = new ActuatorCommand(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftUp, 60, 20);
        var (outcome, trip) = await _host.StartAsync("dispatcher", a, 4, TaskType.PickUp, [lift], [4]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(50, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A"));
        var sent = Assert.Single(_agvs.All, s => s.Serial == "A");
        Assert.Empty(sent.Motion.Path);
        Assert.Equal([lift], sent.Motion.FinalActions.AsSpan().ToArray());
    }

    /// <summary>AGV A stands on node 4 and is sent to pick there: its final action goes out alone, after <paramref name="arrange"/>.</summary>
    private async Task<(Trip Trip, ActuatorCommand Lift, List<TaskReport> Reports)> PickWhereItStandsAsync(Action arrange)
    {
        var a = Agv("A", 4);
        await RunAsync(3);
        var reports = new List<TaskReport>();
        _host.Reported += (v, r) => { lock (reports) reports.Add(r); };
        arrange();
        var lift = new ActuatorCommand(ActuatorType.Lift, 0, (byte)LiftAdjustment.LiftUp, 60, 20);
        var (outcome, trip) = await _host.StartAsync("dispatcher", a, 4, TaskType.PickUp, [lift], [4]);
        Assert.True(outcome.Ok, outcome.Message);
        return (trip!, lift, reports);
    }

    [Fact]
    public async Task A_final_action_that_never_reached_the_agv_is_sent_again_before_the_trip_ends()
    {
        // The pick goes out alone (the AGV stands on its goal) and is lost on the way: no answer, no task.
        // Standing idle on its goal is not having picked: the trip waits, and once the AGV has settled idle
        // without ever reporting that task, the action is sent again; the trip ends with that task's report.
        var (trip, lift, reports) = await PickWhereItStandsAsync(() => _agvs.LoseNextCommand.Add("A"));
        await RunAsync(10);
        Assert.Same(trip, _host.Of("A")); // idle on its goal, the action unanswered: not finished
        Assert.Empty(_agvs.All);          // nothing reached the AGV
        await RunAsync(200, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A"));
        var taken = Assert.Single(_agvs.All, s => s.Serial == "A");
        Assert.Empty(taken.Motion.Path);
        Assert.Equal([lift], taken.Motion.FinalActions.AsSpan().ToArray());
        Assert.Equal(TaskStatus.Finished, reports.Last(r => r.TaskId == trip!.Id).Status);
    }

    [Fact]
    public async Task A_final_action_the_agv_refused_until_the_link_gave_up_is_sent_again_and_the_trip_waits_for_it()
    {
        // Every attempt of the first send is answered Busy: the link gives up. Idle on its goal, the AGV has not
        // picked: the trip does not end; the action goes out again and the trip ends with its report.
        var (trip, _, reports) = await PickWhereItStandsAsync(() => _agvs.RefuseActs = AgvLink.Attempts);
        await RunAsync(400, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A"));
        Assert.Single(_agvs.All, s => s.Serial == "A"); // the one it took
        Assert.Equal(TaskStatus.Finished, reports.Last(r => r.TaskId == trip!.Id).Status);
    }

    [Fact]
    public async Task A_final_action_never_taken_fails_the_trip_after_the_tries()
    {
        var (trip, _, reports) = await PickWhereItStandsAsync(() => _agvs.RefuseActs = int.MaxValue);
        await RunAsync(2000, () => _host.Of("A") is null);
        Assert.Null(_host.Of("A"));
        Assert.Empty(_agvs.All);
        Assert.Equal(TaskStatus.Failed, reports.Last(r => r.TaskId == trip!.Id).Status);
    }

    [Fact]
    public async Task An_agv_in_fault_in_the_only_way_makes_the_goal_unreachable_naming_it_and_the_alarm_clears_when_it_is_back()
    {
        var a = Agv("A", 1);
        var b = Agv("B-FAULTY", 2, AgvState.Fault);
        var blocked = new List<(string Serial, string? Why)>();
        _host.BlockedChanged += (s, why) => { lock (blocked) blocked.Add((s, why)); };
        await RunAsync(3);

        var (outcome, _) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        await RunAsync(50, () => blocked.Count > 0);
        var (serial, why) = Assert.Single(blocked);
        Assert.Equal("A", serial);
        Assert.Contains("B-FAULTY", why);
        Assert.Contains("B-FAULTY", _host.Blocked["A"]);
        Assert.Equal(1u, a.State.LastNodeId); // nothing granted into the fault

        Report(b, 2, AgvState.Idle); // the fault is cleared: B may be moved aside, A drives on
        await RunAsync(300, () => _host.Of("A") is null);
        Assert.Equal(("A", (string?)null), blocked[^1]);
        Assert.False(_host.Blocked.ContainsKey("A"));
        Assert.Null(_host.Of("A"));
        Assert.Equal(3u, a.State.LastNodeId);
    }

    [Fact]
    public async Task A_waiting_agv_shows_whom_it_waits_for_and_since_when()
    {
        var a = Agv("A", 1);
        var b = Agv("B", 3);
        await RunAsync(3);
        _agvs.Hold.Add("B"); // B is slow: it takes what it was sent and does not report
        var (ob, _) = await _host.StartAsync("supervisor", b, 1, TaskType.Move, [], [3, 2, 1]);
        var (oa, tripA) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(ob.Ok && oa.Ok, ob.Message + oa.Message);
        await RunAsync(100, () => a.Wait is not null);

        Assert.True(a.Wait is not null, $"A at {a.State.LastNodeId}, B at {b.State.LastNodeId}; sent {string.Join(" | ", _agvs.All.Select(x => x.Serial + ":" + string.Join(",", x.Motion.Path.Select(p => p.NodeId))))}\n{await _host.DescribeAsync()}");
        Assert.Contains(_host.Waiting, w => w.Serial == "A");
        Assert.NotNull(tripA);
        Assert.False(string.IsNullOrEmpty(a.Wait!.Text));
        Assert.Contains("A", a.Wait.Text);
        Assert.True(a.Wait.OtherSerial == "B" || a.Wait.Text.Contains("node"), a.Wait.Text);
        // The same wait as values, for the pages to word in the reader's language.
        Assert.NotNull(a.Wait.Cause);
        Assert.Equal(("A", a.Wait.OtherSerial, a.Wait.NodeId), (a.Wait.Cause.Serial, a.Wait.Cause.Other, a.Wait.Cause.NodeId));
        Assert.Equal(a.Wait.Text, a.Wait.Cause.English);
        var note = a.Snapshot().Wait; // what the live map and the AGV page read
        Assert.NotNull(note);
        Assert.Equal(a.Wait, note);
        Assert.True(note.Since > DateTimeOffset.MinValue && note.Since <= _clock.GetUtcNow());

        _agvs.Hold.Clear();
        await RunAsync(400, () => _host.Of("A") is null && _host.Of("B") is null);
        Assert.Equal(3u, a.State.LastNodeId);
        Assert.Equal(1u, b.State.LastNodeId);
        Assert.DoesNotContain(_host.Waiting, w => w.Serial == "A");
        Assert.Null(a.Snapshot().Wait);
    }

    [Fact]
    public async Task A_space_request_is_answered_by_the_kernel_and_drawn_until_released()
    {
        var a = Agv("A", 4);
        Agv("B", 1);
        await RunAsync(3);
        var request = new SpaceRequest(7, SpaceReason.FinePositioning, Space.Circle(3000, 3000, 800), 10_000, []);
        var answering = _host.DecideSpaceAsync("A", request).AsTask();
        await RunAsync(30, () => answering.IsCompleted);
        var answer = await answering;
        Assert.Equal(SpaceDecision.Granted, answer.Decision);
        Assert.Equal(7u, answer.RequestId);
        Assert.True(answer.ExpiresAt > (ulong)_clock.GetUtcNow().ToUnixTimeMilliseconds());
        Assert.Single(a.Spaces);

        _host.ReleaseSpace("A", 7);
        await RunAsync(2);
        Assert.Empty(a.Spaces);

        var bad = await _host.DecideSpaceAsync("A", new SpaceRequest(8, SpaceReason.Other, Space.Circle(3000, 3000, 800), 0, []));
        Assert.Equal(SpaceDecision.Denied, bad.Decision);
        var unknown = await _host.DecideSpaceAsync("NOBODY", request);
        Assert.Equal(SpaceDecision.Denied, unknown.Decision);
    }

    [Fact]
    public async Task A_second_dispatch_is_refused_while_the_first_runs_and_a_goal_off_the_map_is_refused_with_the_kernels_reason()
    {
        var a = Agv("A", 1);
        await RunAsync(3);
        _agvs.Hold.Add("A");
        var (first, _) = await _host.StartAsync("supervisor", a, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(first.Ok);
        var (second, none) = await _host.StartAsync("supervisor", a, 4, TaskType.Move, [], [1, 2, 4]);
        Assert.Equal(OutcomeKind.Blocked, second.Kind);
        Assert.Null(none);
        Assert.True(_host.Abandon("A", TaskStatus.Cancelled));
        await RunAsync(1);
        Assert.Null(_host.Of("A"));

        var (offMap, _) = await _host.StartAsync("supervisor", a, 99, TaskType.Move, [], [1, 99]);
        Assert.Equal(OutcomeKind.Invalid, offMap.Kind);
        Assert.Contains("99", offMap.Message);
    }

    /// <summary>1 ── 2 ══ 3, the aisle 2–3 at most 900 mm wide.</summary>
    private static SiteMaps NarrowSite()
    {
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "Narrow", "A", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 3000, 0, MapNodeKind.Normal), new(3, 6000, 0, MapNodeKind.Normal)],
            [new(1, 2, true, 1000), new(2, 3, true, 1000, MaxWidthMm: 900)]));
        return maps;
    }

    [Fact]
    public async Task The_registered_footprint_counts_a_wide_agv_is_not_sent_through_a_narrow_aisle_a_small_one_is()
    {
        using var host = new TrafficHost(_registry, NarrowSite(), _agvs, NullLogger.Instance, _clock);
        var blocked = new List<(string Serial, string? Why)>();
        host.BlockedChanged += (s, why) => { lock (blocked) blocked.Add((s, why)); };
        var wide = _registry.GetOrAdd("WIDE");
        (wide.LengthMm, wide.WidthMm, wide.MaxSpeed) = (2000, 1200, 1000);
        host.OnRegistered(wide);
        var state = new State { MapId = 1, LastNodeId = 1, AgvState = AgvState.Idle, TaskId = 0xFFFFFFFF };
        wide.SetState(state);
        host.OnState(wide, state);
        for (int i = 0; i < 3; i++) { _clock.Advance(TrafficHost.TickEvery); await host.DrainAsync(); }

        var (outcome, _) = await host.StartAsync("supervisor", wide, 3, TaskType.Move, [], [1, 2, 3]);
        for (int i = 0; i < 20; i++) { _clock.Advance(TrafficHost.TickEvery); await host.DrainAsync(); }
        // Refused at once, or taken and reported unreachable: either way nothing narrow is granted to it.
        Assert.True(!outcome.Ok || blocked.Any(b => b.Serial == "WIDE" && b.Why is not null), outcome.Message);
        await Task.Delay(20);
        Assert.DoesNotContain(_agvs.All, s => s.Serial == "WIDE" && s.Motion.Path.Any(p => p.NodeId == 3));
    }

    [Fact]
    public async Task An_agv_registered_again_with_other_dimensions_is_driven_with_the_new_footprint()
    {
        using var host = new TrafficHost(_registry, NarrowSite(), _agvs, NullLogger.Instance, _clock);
        var v = _registry.GetOrAdd("X");
        (v.LengthMm, v.WidthMm, v.MaxSpeed) = (2000, 1200, 1000); // registered wide first
        host.OnRegistered(v);
        var state = new State { MapId = 1, LastNodeId = 1, AgvState = AgvState.Idle, TaskId = 0xFFFFFFFF };
        v.SetState(state);
        host.OnState(v, state);
        for (int i = 0; i < 3; i++) { _clock.Advance(TrafficHost.TickEvery); await host.DrainAsync(); }
        Assert.Contains("footprint 2000×1200", await host.DescribeAsync());

        (v.LengthMm, v.WidthMm) = (800, 600); // a new session: the vendor's small carrier after all
        host.OnRegistered(v);
        v.SetState(state);
        host.OnState(v, state);
        for (int i = 0; i < 3; i++) { _clock.Advance(TrafficHost.TickEvery); await host.DrainAsync(); }
        var (outcome, _) = await host.StartAsync("supervisor", v, 3, TaskType.Move, [], [1, 2, 3]);
        Assert.True(outcome.Ok, outcome.Message);
        for (int i = 0; i < 30 && !_agvs.All.Any(s => s.Serial == "X" && s.Motion.Path.Any(p => p.NodeId == 3)); i++)
        {
            _clock.Advance(TrafficHost.TickEvery);
            await host.DrainAsync();
            await Task.Delay(2);
        }
        Assert.Contains(_agvs.All, s => s.Serial == "X" && s.Motion.Path.Any(p => p.NodeId == 3)); // the narrow aisle is open to it now
        Assert.Contains("footprint 800×600", await host.DescribeAsync());
    }
}
