using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Fleet.Tests;

public class AlarmEngineTests
{
    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now = start;
        public override DateTimeOffset GetUtcNow() => Now;
        public void Advance(double seconds) => Now = Now.AddSeconds(seconds);
    }

    private sealed class Store : IAlarmRepository
    {
        public List<AlarmRule> RuleList { get; } = [];
        public Dictionary<long, Alarm> Saved { get; } = new();
        public int Writes;
        private long _next;
        public Task<IReadOnlyList<AlarmRule>> GetRulesAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AlarmRule>>(RuleList);
        public Task<AlarmRule> SaveRuleAsync(AlarmRule rule, CancellationToken ct = default) { var r = rule with { Id = RuleList.Count + 1 }; RuleList.Add(r); return Task.FromResult(r); }
        public Task DeleteRuleAsync(int id, CancellationToken ct = default) => Task.CompletedTask;
        public Task<IReadOnlyList<Alarm>> GetActiveAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Alarm>>(Saved.Values.Where(a => a.Active).ToList());
        public Task<Alarm?> GetAsync(long id, CancellationToken ct = default) => Task.FromResult(Saved.GetValueOrDefault(id));
        public Task SaveAsync(Alarm alarm, CancellationToken ct = default)
        {
            if (alarm.Id == 0) alarm.Id = ++_next;
            Saved[alarm.Id] = alarm;
            Writes++;
            return Task.CompletedTask;
        }
        public Task<IReadOnlyList<Alarm>> SearchAsync(AlarmQuery query, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Alarm>>(Saved.Values.ToList());
        public Task<int> CountAsync(AlarmQuery query, CancellationToken ct = default) => Task.FromResult(Saved.Count);
    }

    private static (AlarmEngine, Store, Clock, List<(Alarm, string)>) Make(params AlarmRule[] rules)
    {
        var registry = new FleetRegistry();
        var v = registry.GetOrAdd("A");
        v.Vendor = "Acme";
        v.AgvType = AgvType.Forklift;
        registry.GetOrAdd("B").Vendor = "Kivo";
        var store = new Store();
        for (int i = 0; i < rules.Length; i++) store.RuleList.Add(rules[i] with { Id = i + 1 });
        var clock = new Clock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var engine = new AlarmEngine(registry, store, NullLogger<AlarmEngine>.Instance, clock);
        engine.LoadAsync().Wait();
        var changes = new List<(Alarm, string)>();
        engine.Changed += (a, c) => changes.Add((a, c));
        return (engine, store, clock, changes);
    }

    private static AlarmRule Rule(AlarmSource source, int raiseAfter = 0, int clearAfter = 0, EventLevel level = EventLevel.Error, long? threshold = null,
        RuleScope scope = RuleScope.All, string? scopeValue = null, bool enabled = true) =>
        new(0, source.ToString(), source, threshold, level, enabled, scope, scopeValue, raiseAfter, clearAfter, []);

    [Fact]
    public async Task Raises_only_after_the_condition_held_for_the_debounce_and_once()
    {
        var (engine, store, clock, changes) = Make(Rule(AlarmSource.Offline, raiseAfter: 5, clearAfter: 3));
        engine.HeartbeatLost("A");
        await engine.TickAsync();
        clock.Advance(4);
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        clock.Advance(1);
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);
        Assert.Equal(("A", EventLevel.Error), (alarm.Serial, alarm.Level));
        clock.Advance(10);
        await engine.TickAsync();
        Assert.Single(engine.Active); // still one: no duplicate for a condition that is still active
        Assert.Equal([(alarm, "raised")], changes);
        Assert.Equal(1, store.Writes); // stored before it was announced
    }

    [Fact]
    public async Task A_dropped_connection_alarms_after_its_debounce_but_a_quick_reconnect_does_not()
    {
        var rule = AlarmRule.DefaultTemplate().Single(r => r.Source == AlarmSource.ConnectionLost);
        Assert.True(rule.Enabled && rule.RaiseAfterS > 0); // in the default rule set, with a debounce
        var (engine, _, clock, changes) = Make(rule);
        engine.ConnectionLost("A");
        await engine.TickAsync();
        clock.Advance(rule.RaiseAfterS - 2);
        engine.Registered("A"); // back within the debounce: nothing to tell anyone
        await engine.TickAsync();
        clock.Advance(10);
        await engine.TickAsync();
        Assert.Empty(changes);

        engine.ConnectionLost("B");
        await engine.TickAsync();
        clock.Advance(rule.RaiseAfterS);
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);
        Assert.Equal(("B", AlarmSource.ConnectionLost), (alarm.Serial, alarm.Source));
        Assert.Contains("connection lost", alarm.Text);
    }

    [Fact]
    public async Task Rules_of_later_sources_are_added_to_a_site_that_lacks_them()
    {
        var (engine, store, _, _) = Make(Rule(AlarmSource.Offline));
        await engine.AddDefaultRulesAsync(AlarmRule.LaterSources);
        Assert.Equal([AlarmSource.Offline, AlarmSource.ConnectionLost, AlarmSource.HistoryWrite], store.RuleList.Select(r => r.Source)); // in the template's order
        await engine.AddDefaultRulesAsync(AlarmRule.LaterSources); // twice: nothing more
        Assert.Equal(3, store.RuleList.Count);
    }

    [Fact]
    public async Task Clears_by_itself_only_after_the_condition_was_gone_for_the_debounce()
    {
        var (engine, _, clock, changes) = Make(Rule(AlarmSource.Offline, clearAfter: 3));
        engine.HeartbeatLost("A");
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);
        engine.Registered("A"); // the AGV is back
        await engine.TickAsync();
        clock.Advance(2);
        engine.HeartbeatLost("A"); // flaps: lost again inside the clear window
        await engine.TickAsync();
        engine.Registered("A");
        clock.Advance(2.5);
        await engine.TickAsync();
        Assert.Single(engine.Active);
        clock.Advance(3);
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        Assert.NotNull(alarm.ClearedAt);
        Assert.Null(alarm.ClearedBy);
        Assert.Equal(["raised", "cleared"], changes.Select(c => c.Item2));
    }

    [Fact]
    public async Task Events_raise_by_the_most_severe_matching_rule_at_their_own_level_and_clear_when_the_agv_clears_them()
    {
        var (engine, _, clock, _) = Make(Rule(AlarmSource.AgvEvent, level: EventLevel.Warning), Rule(AlarmSource.AgvEvent, level: EventLevel.Error) with { Name = "faults" });
        engine.EventReported("A", new EventReport(0x201, EventLevel.Fatal, EventKind.Raised, "drive fault"));
        engine.EventReported("B", new EventReport(0x001, EventLevel.Info, EventKind.Raised, "hello"));
        await engine.TickAsync();
        clock.Advance(AlarmEngine.RelatedWindow.TotalSeconds + 1); // a later, separate happening (not the same cause)
        engine.EventReported("A", new EventReport(0x101, EventLevel.Warning, EventKind.Raised, "obstacle"));
        await engine.TickAsync();
        var active = engine.Active.OrderBy(a => a.Code).ToList();
        Assert.Equal(2, active.Count);
        Assert.Equal((0x101, EventLevel.Warning, 1), (active[0].Code, active[0].Level, active[0].RuleId));
        Assert.Equal((0x201, EventLevel.Fatal, 2), (active[1].Code, active[1].Level, active[1].RuleId));
        engine.EventReported("A", new EventReport(0x201, EventLevel.Fatal, EventKind.Cleared, ""));
        await engine.TickAsync();
        Assert.Equal(0x101, Assert.Single(engine.Active).Code);
    }

    [Fact]
    public async Task Scope_and_switch_limit_which_agvs_a_rule_covers()
    {
        var (engine, _, _, _) = Make(Rule(AlarmSource.Offline, scope: RuleScope.Vendor, scopeValue: "kivo"), Rule(AlarmSource.Offline, enabled: false));
        engine.HeartbeatLost("A");
        engine.HeartbeatLost("B");
        await engine.TickAsync();
        Assert.Equal("B", Assert.Single(engine.Active).Serial);
    }

    [Fact]
    public async Task One_shot_alarms_wait_for_a_person_and_clearing_by_hand_is_recorded()
    {
        var (engine, store, _, changes) = Make(Rule(AlarmSource.TaskFailed, level: EventLevel.Warning));
        engine.OneShot("A", AlarmSource.TaskFailed, 0x301, "task 7 failed");
        engine.OneShot("A", AlarmSource.TaskFailed, 0x301, "task 7 failed");
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);
        await engine.TickAsync();
        Assert.Single(engine.Active);

        var (acked, changed) = await engine.AcknowledgeAsync(alarm.Id, "maint", "looking at it");
        Assert.True(changed);
        Assert.False((await engine.AcknowledgeAsync(alarm.Id, "other", null)).Changed);
        Assert.Equal(("maint", "looking at it"), (acked!.AcknowledgedBy, acked.AcknowledgeComment));
        Assert.True((await engine.ClearByHandAsync(alarm.Id, "maint", "restarted the task")).Changed);
        Assert.Empty(engine.Active);
        Assert.Equal(["raised", "acknowledged", "cleared by hand"], alarm.Timeline.Select(t => t.What));
        Assert.Equal(["raised", "acknowledged", "cleared"], changes.Select(c => c.Item2));
        Assert.Equal(3, store.Writes);
        Assert.Null((await engine.AcknowledgeAsync(999, "x", null)).Alarm);
    }

    [Fact]
    public async Task Repeated_space_denials_raise_within_ten_minutes_only()
    {
        var (engine, _, clock, _) = Make(Rule(AlarmSource.SpaceDenied, threshold: 3, clearAfter: 0));
        engine.SpaceDenied("A");
        clock.Advance(300);
        engine.SpaceDenied("A");
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        engine.SpaceDenied("A");
        await engine.TickAsync();
        Assert.Single(engine.Active);
        clock.Advance(400); // the first denial is now older than 10 minutes
        await engine.TickAsync();
        Assert.Empty(engine.Active);
    }

    [Fact]
    public async Task Active_alarms_survive_a_restart_and_clear_when_their_condition_is_gone()
    {
        var (engine, store, clock, _) = Make(Rule(AlarmSource.Offline, clearAfter: 2));
        engine.HeartbeatLost("A");
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);

        // A new engine over the same store (the console restarted): the alarm is there again.
        var registry = new FleetRegistry();
        registry.GetOrAdd("A");
        var restarted = new AlarmEngine(registry, store, NullLogger<AlarmEngine>.Instance, clock);
        await restarted.LoadAsync();
        Assert.Equal(alarm.Id, Assert.Single(restarted.Active).Id);
        await restarted.TickAsync(); // the AGV's heartbeat loss is not known to the new run: the condition is gone
        clock.Advance(2);
        await restarted.TickAsync();
        Assert.Empty(restarted.Active);
    }

    // ---- one cause, one alarm ------------------------------------------------------------------

    /// <summary>The default rule set (or <paramref name="rules"/>), with AGV A online and idle.</summary>
    private static (AlarmEngine, Store, Clock, List<(Alarm, string)>, Vehicle) Online(params AlarmRule[] rules)
    {
        var registry = new FleetRegistry();
        var a = registry.GetOrAdd("A");
        a.SetState(Idle());
        var store = new Store();
        var list = rules.Length > 0 ? rules : [.. AlarmRule.DefaultTemplate()];
        for (int i = 0; i < list.Length; i++) store.RuleList.Add(list[i] with { Id = i + 1 });
        var clock = new Clock(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var engine = new AlarmEngine(registry, store, NullLogger<AlarmEngine>.Instance, clock) { IsOnline = v => v.Serial == "A" };
        engine.LoadAsync().Wait();
        var changes = new List<(Alarm, string)>();
        engine.Changed += (x, c) => changes.Add((x, c));
        return (engine, store, clock, changes, a);
    }

    private static State Idle(params ushort[] errors) => new()
    {
        AgvState = AgvState.Idle, BatteryPct = 80, LocConfidence = 95,
        Errors = SmallList<AgvError>.From(errors.Select(e => new AgvError(e, EventLevel.Error)).ToArray()),
    };

    private static State EStopped(params ushort[] errors) => Idle(errors) with { AgvState = AgvState.EmergencyStop };

    [Fact]
    public async Task An_emergency_stop_seen_as_state_event_errors_and_failed_task_is_one_alarm_with_the_others_related()
    {
        var (engine, _, clock, changes, a) = Online();
        // What a pressed e-stop looks like: the state, the AGV's fault event, an error code in the state reports, the task it was on.
        a.SetState(EStopped(0x0101));
        engine.EventReported("A", new EventReport(0x0301, EventLevel.Error, EventKind.Raised, "emergency stop button pressed"));
        engine.OneShot("A", AlarmSource.TaskFailed, 0x0301, "task 12 failed at point 3");
        await engine.TickAsync();
        clock.Advance(2.5); // "Errors in state reports" waits 2 s before it is raised
        await engine.TickAsync();

        var alarm = Assert.Single(engine.Active);
        Assert.Equal(("Emergency stop", AlarmSource.EmergencyStop), (alarm.RuleName, alarm.Source));
        Assert.Equal(["AGV fault events", "Task failed", "Errors in state reports"], alarm.Related.Select(r => r.Comment!.Split(':')[0]));
        Assert.Contains("emergency stop button pressed", alarm.Related[0].Comment);
        Assert.Equal(["raised", "related", "related", "related"], changes.Select(c => c.Item2));
        Assert.All(changes, c => Assert.Same(alarm, c.Item1));

        // Released: the AGV reports the event and the error gone a moment later. Nothing else is raised.
        a.SetState(Idle(0x0101));
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        clock.Advance(1);
        engine.EventReported("A", new EventReport(0x0301, EventLevel.Error, EventKind.Cleared, ""));
        a.SetState(Idle());
        await engine.TickAsync();
        clock.Advance(30);
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        Assert.Equal(["raised", "related", "related", "related", "cleared"], changes.Select(c => c.Item2));
    }

    [Fact]
    public async Task The_first_alarm_raised_is_the_primary_when_its_event_comes_before_the_state()
    {
        var (engine, _, clock, changes, a) = Online();
        engine.EventReported("A", new EventReport(0x0301, EventLevel.Error, EventKind.Raised, "emergency stop button pressed"));
        await engine.TickAsync();
        clock.Advance(1); // the next state report says so too
        a.SetState(EStopped());
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);
        Assert.Equal("AGV fault events", alarm.RuleName);
        Assert.Equal("Emergency stop: emergency stop", Assert.Single(alarm.Related).Comment);
    }

    [Fact]
    public async Task A_related_condition_that_outlasts_its_primary_raises_its_own_alarm()
    {
        var (engine, _, clock, changes, a) = Online();
        a.SetState(EStopped());
        engine.EventReported("A", new EventReport(0x0501, EventLevel.Error, EventKind.Raised, "bumper damaged"));
        await engine.TickAsync();
        var estop = Assert.Single(engine.Active);
        a.SetState(Idle());
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        clock.Advance(AlarmEngine.RelatedWindow.TotalSeconds - 1);
        await engine.TickAsync();
        Assert.Empty(engine.Active); // still inside the window after the e-stop cleared
        clock.Advance(2);
        await engine.TickAsync();
        var bumper = Assert.Single(engine.Active); // the damage is a condition of its own
        Assert.Equal(("AGV fault events", 0x0501), (bumper.RuleName, bumper.Code));
        Assert.NotSame(estop, bumper);
    }

    [Fact]
    public async Task A_more_severe_condition_is_never_hidden_under_a_milder_alarm()
    {
        var (engine, _, clock, _) = Make(Rule(AlarmSource.AgvEvent, level: EventLevel.Warning));
        engine.EventReported("A", new EventReport(0x0101, EventLevel.Warning, EventKind.Raised, "obstacle"));
        await engine.TickAsync();
        clock.Advance(1);
        engine.EventReported("A", new EventReport(0x0201, EventLevel.Fatal, EventKind.Raised, "drive fault"));
        engine.EventReported("A", new EventReport(0x0102, EventLevel.Warning, EventKind.Raised, "slowed down"));
        await engine.TickAsync();
        var active = engine.Active.OrderBy(x => x.Code).ToList();
        Assert.Equal([0x0101, 0x0201], active.Select(x => x.Code));
        // The later warning belongs to the first alarm that started with it and is at least as severe: the obstacle.
        Assert.Contains("slowed down", Assert.Single(active[0].Related).Comment);
        Assert.Empty(active[1].Related);
    }

    [Fact]
    public async Task Conditions_of_other_agvs_or_that_start_apart_raise_their_own_alarms()
    {
        var (engine, _, clock, _) = Make(Rule(AlarmSource.AgvEvent, level: EventLevel.Warning));
        engine.EventReported("A", new EventReport(0x0101, EventLevel.Warning, EventKind.Raised, "obstacle"));
        engine.EventReported("B", new EventReport(0x0101, EventLevel.Warning, EventKind.Raised, "obstacle"));
        await engine.TickAsync();
        clock.Advance(AlarmEngine.RelatedWindow.TotalSeconds + 0.5);
        engine.EventReported("A", new EventReport(0x0102, EventLevel.Warning, EventKind.Raised, "slowed down"));
        await engine.TickAsync();
        Assert.Equal(3, engine.Active.Count);
        Assert.All(engine.Active, x => Assert.Empty(x.Related));
    }

    [Fact]
    public async Task An_agv_that_drops_its_connection_raises_one_offline_alarm()
    {
        var (engine, _, clock, changes) = Make(AlarmRule.DefaultTemplate().Where(r => r.Source is AlarmSource.Offline or AlarmSource.ConnectionLost or AlarmSource.TaskFailed).ToArray());
        // The heartbeat stopped, the socket then dropped, and the task it was on failed: one outage.
        engine.HeartbeatLost("A");
        engine.ConnectionLost("A");
        engine.OneShot("A", AlarmSource.TaskFailed, 0x0900, "task 3 failed: AGV gone");
        await engine.TickAsync();
        clock.Advance(11); // "Connection lost" waits 10 s for a reconnect
        await engine.TickAsync();
        var alarm = Assert.Single(engine.Active);
        Assert.Equal(AlarmSource.Offline, alarm.Source);
        Assert.Equal(["Task failed", "Connection lost"], alarm.Related.Select(r => r.Comment!.Split(':')[0]));

        // Acknowledged once, for the whole outage; back again, it clears, and nothing is left behind.
        Assert.True((await engine.AcknowledgeAsync(alarm.Id, "maint", "radio dead spot")).Changed);
        engine.Registered("A");
        await engine.TickAsync();
        clock.Advance(10);
        await engine.TickAsync();
        Assert.Empty(engine.Active);
        Assert.Equal(1, changes.Count(c => c.Item2 == "raised"));
    }
}
