using System.Collections.Concurrent;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Fleet.Alarms;

/// <summary>
/// Turns what the fleet reports into alarms. Conditions come from the live state (battery,
/// localisation, emergency stop, errors in state reports, offline), from run data (temperatures),
/// from AGV events, and from one-off happenings (a failed task or command, denied space). Each
/// condition is debounced by its rule (raise after it held N s, clear after it was gone N s);
/// one condition never has two active alarms. Every change is stored before it is announced; one
/// the database cannot take is announced anyway and stored as soon as it can be.
/// <para>
/// <b>One cause, one alarm.</b> One thing happening to an AGV shows up in several places at once:
/// an emergency stop is a state ("Emergency stop"), usually an EventReport ("AGV fault events"),
/// error codes in the next state reports ("Errors in state reports") and a failed task. So a
/// condition of an AGV that is due to be raised, while that AGV has an active alarm whose condition
/// started within <see cref="RelatedWindow"/> of this one's start and whose level is at least this
/// one's, is not raised: it is attached to that alarm (the <i>primary</i>) as a related condition
/// (a "related" step in its timeline, shown with it, acknowledged and cleared with it). The primary
/// is the alarm raised first; conditions due in the same evaluation are taken in the order
/// emergency stop, connection lost, heartbeat lost, AGV event, state-report error, the rest, and by
/// level, most severe first. A more severe condition is never hidden under a milder alarm: it raises
/// its own. When the primary clears (or is cleared by hand), a related condition that still holds
/// <see cref="RelatedWindow"/> later is a lasting condition of its own and raises its own alarm;
/// one that ends within that time (the AGV reports it gone a moment after the e-stop is released)
/// raises nothing. Alarms about the console itself are never related to an AGV's. Relations are
/// kept in memory: after a restart, conditions that hold at the first evaluation are related again
/// by the same rule to the AGV's restored alarm.
/// </para>
/// </summary>
public sealed class AlarmEngine(FleetRegistry registry, IAlarmRepository store, ILogger<AlarmEngine> logger, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly Dictionary<string, Condition> _conditions = new();
    private readonly ConcurrentDictionary<string, Alarm> _active = new();
    private readonly ConcurrentDictionary<string, (int Code, EventLevel Level, string Text)[]> _events = new();
    private readonly ConcurrentDictionary<string, short> _maxTemp = new();
    private readonly ConcurrentDictionary<string, byte> _heartbeatLost = new();
    private readonly ConcurrentDictionary<string, byte> _connectionLost = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _denials = new();
    private readonly ConcurrentQueue<(string Serial, AlarmSource Source, int Code, string Text)> _oneShots = new();
    private volatile IReadOnlyList<AlarmRule> _rules = [];
    private readonly List<(AlarmSource Source, Func<string?> Condition)> _watches = [];
    // Alarms whose last change could not be stored yet (the database may be what failed): retried every tick.
    private readonly List<Alarm> _unsaved = [];
    // Conditions attached to another alarm of their AGV (one cause, one alarm): condition key → its primary.
    private readonly Dictionary<string, Alarm> _relatedTo = new();

    /// <summary>Conditions of one AGV that start within this time of an active alarm's start belong to its cause (see the class summary).</summary>
    public static readonly TimeSpan RelatedWindow = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An alarm was raised, acknowledged, cleared (after it was stored, or found it could not be yet), stored late ("stored"),
    /// or took a related condition ("related", <see cref="Alarm.RelatedStep"/>).
    /// </summary>
    public event Action<Alarm, string>? Changed;

    public IReadOnlyList<AlarmRule> Rules => _rules;

    /// <summary>Whether an AGV is connected; tests put a vehicle online without a TCP session.</summary>
    internal Func<Vehicle, bool> IsOnline { get; set; } = v => v.Online;
    public IReadOnlyCollection<Alarm> Active => _active.Values.ToArray();

    private sealed class Condition
    {
        public required string Serial;
        public required AlarmRule Rule;
        public required int Code;
        public required string Text;
        public required EventLevel Level;
        public DateTimeOffset Since;
        public DateTimeOffset? GoneSince;
        public bool Holds;
    }

    public async Task LoadAsync(CancellationToken ct = default)
    {
        _rules = await store.GetRulesAsync(ct);
        foreach (var a in await store.GetActiveAsync(ct)) _active[a.Key] = a;
    }

    public void SetRules(IReadOnlyList<AlarmRule> rules) => _rules = rules;

    /// <summary>
    /// Adds the default template's rule for each of <paramref name="sources"/> that has no rule yet
    /// (a site set up before the source existed gets it; its level and notifications can then be edited).
    /// </summary>
    public async Task AddDefaultRulesAsync(IEnumerable<AlarmSource> sources, CancellationToken ct = default)
    {
        var added = false;
        foreach (var rule in AlarmRule.DefaultTemplate().Where(r => sources.Contains(r.Source)))
            if (!_rules.Any(r => r.Source == rule.Source))
            {
                await store.SaveRuleAsync(rule, ct);
                added = true;
            }
        if (added) _rules = await store.GetRulesAsync(ct);
    }

    /// <summary>
    /// Watches a condition of the console itself: <paramref name="condition"/> returns what is wrong,
    /// or null when all is well. It is evaluated every tick against the enabled rule of <paramref name="source"/>.
    /// </summary>
    public void Watch(AlarmSource source, Func<string?> condition)
    {
        lock (_gate) _watches.Add((source, condition));
    }

    // ---- inputs from the fleet (called on the protocol's read loops: cheap, no I/O) -------------

    public void Attach(FleetHandler handler)
    {
        handler.EventReported += (v, e) => EventReported(v.Serial, e);
        handler.TaskReported += (v, t) => { if (t.Status == Protocol.Messages.TaskStatus.Failed) OneShot(v.Serial, AlarmSource.TaskFailed, t.ErrorCode, $"task {t.TaskId} failed at point {t.PointIndex} (error 0x{t.ErrorCode:X4})"); };
        handler.WentOffline += (v, reason) =>
        {
            if (reason == OfflineReason.HeartbeatLost) HeartbeatLost(v.Serial);
            else if (reason == OfflineReason.ConnectionLost) ConnectionLost(v.Serial);
        };
        handler.Registered += v => Registered(v.Serial);
        handler.RunDataReported += RunDataReported;
        handler.SpaceAnswered += (serial, answer) => { if (answer.Decision == SpaceDecision.Denied) SpaceDenied(serial); };
    }

    public void HeartbeatLost(string serial) => _heartbeatLost[serial] = 0;

    /// <summary>Traffic control: the AGV's goal cannot be reached now (why, naming who is in the way), or can again (null).</summary>
    public void TrafficBlocked(string serial, string? why)
    {
        if (why is null) _trafficBlocked.TryRemove(serial, out _);
        else _trafficBlocked[serial] = why;
    }

    private readonly ConcurrentDictionary<string, string> _trafficBlocked = new(StringComparer.Ordinal);

    /// <summary>The connection dropped without a Disconnect; a condition until the AGV registers again.</summary>
    public void ConnectionLost(string serial) => _connectionLost[serial] = 0;

    public void Registered(string serial)
    {
        _heartbeatLost.TryRemove(serial, out _);
        _connectionLost.TryRemove(serial, out _);
    }
    public void RunDataReported(string serial, RunData d) => _maxTemp[serial] = Math.Max(d.MotorTempC, Math.Max(d.BatteryTempC, d.ControllerTempC));

    /// <summary>An EventReport: a raised event is a condition until the AGV reports it cleared.</summary>
    public void EventReported(string serial, EventReport e)
    {
        _events.AddOrUpdate(serial,
            _ => e.Kind == EventKind.Raised ? [(e.Code, e.Level, e.Text)] : [],
            (_, list) => e.Kind == EventKind.Raised
                ? [.. list.Where(x => x.Code != e.Code), (e.Code, e.Level, e.Text)]
                : list.Where(x => x.Code != e.Code).ToArray());
    }

    /// <summary>Something that happened once (a failed task or command): raised at once, cleared by hand.</summary>
    public void OneShot(string serial, AlarmSource source, int code, string text) => _oneShots.Enqueue((serial, source, code, text));

    public void SpaceDenied(string serial)
    {
        var q = _denials.GetOrAdd(serial, _ => new ConcurrentQueue<DateTimeOffset>());
        q.Enqueue(_clock.GetUtcNow());
    }

    // ---- evaluation -----------------------------------------------------------------------------

    /// <summary>Evaluates every rule for every AGV, applies debounce, raises and clears. Called twice a second.</summary>
    public async Task TickAsync(CancellationToken ct = default)
    {
        await SaveUnsavedAsync(ct);
        var now = _clock.GetUtcNow();
        var rules = _rules.Where(r => r.Enabled).ToList();
        var holding = new Dictionary<string, (string Serial, AlarmRule Rule, int Code, string Text, EventLevel Level)>();
        foreach (var v in registry.All)
        {
            var applicable = rules.Where(r => r.Covers(v.Serial, v.Vendor, v.AgvType)).ToList();
            if (applicable.Count == 0) continue;
            foreach (var (rule, code, text, level) in Evaluate(v, applicable, now))
                holding[Alarm.AlarmKey(v.Serial, rule.Id, code)] = (v.Serial, rule, code, text, level);
        }
        (AlarmSource Source, Func<string?> Condition)[] watches;
        lock (_gate) watches = _watches.ToArray();
        foreach (var (source, condition) in watches)
            if (condition() is { } what && rules.FirstOrDefault(r => r.Source == source) is { } rule)
                holding[Alarm.AlarmKey(Alarm.ConsoleSerial, rule.Id, 0)] = (Alarm.ConsoleSerial, rule, 0, what, rule.Level);

        var toRaise = new List<Condition>();
        var toClear = new List<Alarm>();
        lock (_gate)
        {
            foreach (var (key, h) in holding)
            {
                if (!_conditions.TryGetValue(key, out var c))
                    _conditions[key] = c = new Condition { Serial = h.Serial, Rule = h.Rule, Code = h.Code, Text = h.Text, Level = h.Level, Since = now };
                c.Holds = true;
                c.GoneSince = null;
                c.Rule = h.Rule;
                if (!_active.ContainsKey(key) && !IsRelated(key, now) && (now - c.Since).TotalSeconds >= h.Rule.RaiseAfterS) toRaise.Add(c);
            }
            foreach (var (key, c) in _conditions.ToArray())
            {
                if (holding.ContainsKey(key)) continue;
                c.Holds = false;
                c.GoneSince ??= now;
                _relatedTo.Remove(key); // a related condition that ended: nothing to raise
                if (!_active.TryGetValue(key, out var alarm)) { _conditions.Remove(key); continue; }
                if ((now - c.GoneSince.Value).TotalSeconds >= c.Rule.ClearAfterS) { toClear.Add(alarm); _conditions.Remove(key); }
            }
            // Active alarms whose condition is no longer tracked (e.g. after a restart) and does not hold: clear after the rule's delay.
            foreach (var (key, alarm) in _active)
            {
                if (holding.ContainsKey(key) || _conditions.ContainsKey(key) || IsOneShot(alarm.Source)) continue;
                var rule = _rules.FirstOrDefault(r => r.Id == alarm.RuleId);
                _conditions[key] = new Condition { Serial = alarm.Serial, Rule = rule ?? DisabledRule(alarm), Code = alarm.Code, Text = alarm.Text, Level = alarm.Level, Since = alarm.RaisedAt, GoneSince = now };
            }
        }

        while (_oneShots.TryDequeue(out var o))
        {
            var v = registry.Find(o.Serial);
            var rule = rules.FirstOrDefault(r => r.Source == o.Source && (v is null || r.Covers(v.Serial, v.Vendor, v.AgvType)));
            if (rule is null || _active.ContainsKey(Alarm.AlarmKey(o.Serial, rule.Id, o.Code))) continue;
            toRaise.Add(new Condition { Serial = o.Serial, Rule = rule, Code = o.Code, Text = o.Text, Level = rule.Level, Since = now });
        }

        foreach (var c in toRaise.OrderBy(c => c.Serial, StringComparer.Ordinal).ThenBy(c => CauseRank(c.Rule.Source)).ThenByDescending(c => c.Level))
        {
            if (_active.ContainsKey(Alarm.AlarmKey(c.Serial, c.Rule.Id, c.Code))) continue; // the same one-shot twice in one evaluation
            if (FindPrimary(c, toClear) is { } primary) await RelateAsync(primary, c, now, ct);
            else await RaiseAsync(c, now, ct);
        }
        foreach (var a in toClear) await ClearAsync(a, null, "condition ended", ct);
    }

    /// <summary>Which cause is taken as the primary when several conditions of one AGV are due at once (lower first).</summary>
    private static int CauseRank(AlarmSource s) => s switch
    {
        AlarmSource.EmergencyStop => 0,
        AlarmSource.ConnectionLost => 1,
        AlarmSource.Offline => 2,
        AlarmSource.AgvEvent => 3,
        AlarmSource.StateError => 4,
        _ => 5,
    };

    /// <summary>
    /// Whether the condition is attached to another alarm. It stays attached while that alarm is active and for
    /// <see cref="RelatedWindow"/> after it cleared; after that it is on its own (and raises if it still holds).
    /// </summary>
    private bool IsRelated(string key, DateTimeOffset now)
    {
        if (!_relatedTo.TryGetValue(key, out var primary)) return false;
        if (primary.ClearedAt is not { } cleared || now - cleared < RelatedWindow) return true;
        _relatedTo.Remove(key);
        return false;
    }

    /// <summary>When an active alarm's condition started (its raise may have waited for the rule's debounce).</summary>
    private DateTimeOffset StartOf(Alarm a)
    {
        lock (_gate) return _conditions.TryGetValue(a.Key, out var c) ? c.Since : a.RaisedAt;
    }

    /// <summary>The active alarm of the same AGV this condition belongs to, if any (the class summary's rule).</summary>
    private Alarm? FindPrimary(Condition c, List<Alarm> clearing)
    {
        if (c.Serial == Alarm.ConsoleSerial) return null;
        return _active.Values
            .Where(a => a.Serial == c.Serial && a.Level >= c.Level && !clearing.Contains(a))
            .Select(a => (Alarm: a, Start: StartOf(a)))
            .Where(x => (x.Start - c.Since).Duration() <= RelatedWindow)
            .OrderBy(x => x.Start).ThenBy(x => x.Alarm.RaisedAt)
            .Select(x => x.Alarm)
            .FirstOrDefault();
    }

    private async Task RelateAsync(Alarm primary, Condition c, DateTimeOffset now, CancellationToken ct)
    {
        if (!primary.Relate(c.Rule.Name, c.Text, now)) return;
        // One-shot conditions do not hold on: nothing to keep attached.
        if (!IsOneShot(c.Rule.Source)) lock (_gate) _relatedTo[Alarm.AlarmKey(c.Serial, c.Rule.Id, c.Code)] = primary;
        await StoreAsync(primary, ct);
        logger.LogInformation("Alarm {Id} ({Rule}) of {Serial}: related condition {Related}: {Text}", primary.Id, primary.RuleName, primary.Serial, c.Rule.Name, c.Text);
        Changed?.Invoke(primary, Alarm.RelatedStep);
    }

    private static bool IsOneShot(AlarmSource s) => s is AlarmSource.TaskFailed or AlarmSource.CommandFailed;
    private static AlarmRule DisabledRule(Alarm a) => new(a.RuleId, a.RuleName, a.Source, null, a.Level, false, RuleScope.All, null, 0, 0, []);

    private IEnumerable<(AlarmRule Rule, int Code, string Text, EventLevel Level)> Evaluate(Vehicle v, List<AlarmRule> rules, DateTimeOffset now)
    {
        var s = v.State;
        bool online = IsOnline(v);
        foreach (var r in rules)
        {
            switch (r.Source)
            {
                case AlarmSource.LowBattery when online && r.Threshold is { } t && s.BatteryPct < t:
                    yield return (r, 0, AlarmText.LowBattery(s.BatteryPct, t), r.Level);
                    break;
                case AlarmSource.CriticalBattery when online && r.Threshold is { } t && s.BatteryPct < t:
                    yield return (r, 0, AlarmText.CriticalBattery(s.BatteryPct, t), r.Level);
                    break;
                case AlarmSource.LowConfidence when online && r.Threshold is { } t && s.LocConfidence < t:
                    yield return (r, 0, AlarmText.LowConfidence(s.LocConfidence, t), r.Level);
                    break;
                case AlarmSource.EmergencyStop when online && s.AgvState == AgvState.EmergencyStop:
                    yield return (r, 0, AlarmText.EmergencyStop(), r.Level);
                    break;
                case AlarmSource.OverTemperature when online && r.Threshold is { } t && _maxTemp.TryGetValue(v.Serial, out var temp) && temp > t:
                    yield return (r, 0, AlarmText.OverTemperature(temp, t), r.Level);
                    break;
                case AlarmSource.Offline when !online && _heartbeatLost.ContainsKey(v.Serial):
                    yield return (r, 0, AlarmText.HeartbeatLost(), r.Level);
                    break;
                case AlarmSource.ConnectionLost when !online && _connectionLost.ContainsKey(v.Serial):
                    yield return (r, 0, AlarmText.ConnectionLost(), r.Level);
                    break;
                case AlarmSource.StateError when online:
                    for (int i = 0; i < s.Errors.Count; i++)
                        if (s.Errors[i].Level >= r.Level)
                            yield return (r, s.Errors[i].Code, AlarmText.StateError(s.Errors[i].Code, s.Errors[i].Level.ToString()), s.Errors[i].Level);
                    break;
                case AlarmSource.TrafficBlocked when _trafficBlocked.TryGetValue(v.Serial, out var why):
                    yield return (r, 0, why, r.Level);
                    break;
                case AlarmSource.SpaceDenied when r.Threshold is { } t && _denials.TryGetValue(v.Serial, out var q):
                    while (q.TryPeek(out var at) && now - at > TimeSpan.FromMinutes(10)) q.TryDequeue(out _);
                    if (q.Count >= t) yield return (r, 0, AlarmText.SpaceDenied(q.Count), r.Level);
                    break;
            }
        }
        // An AGV event is raised by the most severe AgvEvent rule its level reaches, at the event's own level.
        if (_events.TryGetValue(v.Serial, out var events))
            foreach (var e in events)
            {
                var rule = rules.Where(r => r.Source == AlarmSource.AgvEvent && e.Level >= r.Level).MaxBy(r => r.Level);
                if (rule is not null) yield return (rule, e.Code, AlarmText.AgvEvent(e.Code, e.Text), e.Level);
            }
    }

    private async Task RaiseAsync(Condition c, DateTimeOffset now, CancellationToken ct)
    {
        var alarm = new Alarm(0, c.Serial, c.Rule.Id, c.Rule.Name, c.Rule.Source, c.Code, c.Level, c.Text, now);
        if (!_active.TryAdd(alarm.Key, alarm)) return;
        await StoreAsync(alarm, ct);
        logger.LogWarning("Alarm {Id} raised: {Serial} {Rule}: {Text}", alarm.Id, alarm.IsConsole ? "console" : alarm.Serial, alarm.RuleName, alarm.Text);
        Changed?.Invoke(alarm, "raised");
    }

    private async Task ClearAsync(Alarm alarm, string? who, string reason, CancellationToken ct)
    {
        if (!alarm.Clear(who, reason, _clock.GetUtcNow())) return;
        _active.TryRemove(alarm.Key, out _);
        await StoreAsync(alarm, ct);
        Changed?.Invoke(alarm, "cleared");
    }

    /// <summary>
    /// Stores an alarm's change. When the store fails (a full disk is itself an alarm), the alarm is
    /// still announced and shown, with id 0 until it is stored, and storing is retried every tick.
    /// </summary>
    private async Task StoreAsync(Alarm alarm, CancellationToken ct)
    {
        try
        {
            await store.SaveAsync(alarm, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lock (_gate)
            {
                if (!_unsaved.Contains(alarm)) _unsaved.Add(alarm);
                if (_unsaved.Count == 1) logger.LogError(e, "Could not store alarm {Key}; it is shown and stored as soon as the database can be written", alarm.Key);
            }
        }
    }

    private async Task SaveUnsavedAsync(CancellationToken ct)
    {
        Alarm[] pending;
        lock (_gate) pending = _unsaved.ToArray();
        foreach (var alarm in pending)
        {
            try { await store.SaveAsync(alarm, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { return; } // still failing: the next tick tries again
            lock (_gate) _unsaved.Remove(alarm);
            logger.LogInformation("Alarm {Id} ({Rule}) stored after the database could be written again", alarm.Id, alarm.RuleName);
            Changed?.Invoke(alarm, "stored");
        }
    }

    /// <summary>Alarms announced but not stored yet (the database could not be written): an alarm being raised right now is not one of them.</summary>
    public IReadOnlyList<Alarm> Unstored
    {
        get { lock (_gate) return _unsaved.Where(a => a.Id == 0).ToArray(); }
    }

    // ---- people ---------------------------------------------------------------------------------

    /// <summary>An active alarm by id; an alarm not stored yet (id 0) cannot be acted on by id.</summary>
    public Alarm? FindActive(long id) => id <= 0 ? null : _active.Values.FirstOrDefault(a => a.Id == id);

    /// <summary>Acknowledges an alarm (active or already cleared). Null if there is no such alarm.</summary>
    public async Task<(Alarm? Alarm, bool Changed)> AcknowledgeAsync(long id, string who, string? comment, CancellationToken ct = default)
    {
        var alarm = FindActive(id) ?? await store.GetAsync(id, ct);
        if (alarm is null) return (null, false);
        if (!alarm.Acknowledge(who, comment, _clock.GetUtcNow())) return (alarm, false);
        await StoreAsync(alarm, ct);
        Changed?.Invoke(alarm, "acknowledged");
        return (alarm, true);
    }

    /// <summary>Clears an alarm by hand. If its condition still holds, a new alarm is raised for it later.</summary>
    public async Task<(Alarm? Alarm, bool Changed)> ClearByHandAsync(long id, string who, string? comment, CancellationToken ct = default)
    {
        var alarm = FindActive(id) ?? await store.GetAsync(id, ct);
        if (alarm is null) return (null, false);
        if (!alarm.Active) return (alarm, false);
        lock (_gate) _conditions.Remove(alarm.Key);
        await ClearAsync(alarm, who, string.IsNullOrWhiteSpace(comment) ? "cleared by hand" : comment.Trim(), ct);
        return (alarm, true);
    }
}
