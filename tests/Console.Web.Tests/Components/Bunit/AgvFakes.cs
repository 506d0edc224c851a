using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Ui;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>What the AGV pages need beside the feeds: fakes that record what was sent, and the role checks.</summary>
public static class AgvPageServices
{
    /// <summary>A page context with the AGV pages' fakes (and the role checks) registered.</summary>
    public static (ConsolePageContext Ctx, FakeAgvControl Control, FakeAgvParameters Parameters, FakeHistory History) Context(
        string role, string culture = AgvConsole.Web.Ui.ConsoleCulture.English, string user = "pat")
    {
        var control = new FakeAgvControl();
        var parameters = new FakeAgvParameters();
        var history = new FakeHistory();
        var ctx = new ConsolePageContext(role, culture, user, s =>
        {
            s.AddSingleton<IAgvControl>(control);
            s.AddSingleton<IAgvParameters>(parameters);
            s.AddSingleton(new AgvLogReader(history, history, history));
            s.AddScoped<Permissions>();
        });
        return (ctx, control, parameters, history);
    }

    /// <summary>The texts of the snackbars shown so far.</summary>
    public static List<string> Snackbars(this ConsolePageContext ctx) =>
        ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();
}

/// <summary>Records every command; answers with <see cref="Answer"/>.</summary>
public sealed class FakeAgvControl : IAgvControl
{
    public List<string> Sent { get; } = [];
    public Func<string, CommandOutcome> Answer { get; set; } = what => CommandOutcome.FromAnswer(what, ResultCode.Ok);
    public Dictionary<string, List<uint>> Held { get; } = new();
    public List<AgvEventRecord> Events { get; } = [];
    public Dictionary<string, bool> AutoDispatch { get; } = new();

    private Task<CommandOutcome> Record(string line, string what)
    {
        lock (Sent) Sent.Add(line);
        return Task.FromResult(Answer(what));
    }

    public Task<CommandOutcome> MotionAsync(string actor, string serial, MotionCommandKind command) => Record($"{actor} {serial} motion {command}", command.ToString());
    public Task<CommandOutcome> ChargeAsync(string actor, string serial, ChargeCommand command, uint stationNodeId) =>
        Record($"{actor} {serial} charge {command} {stationNodeId}", "charge");
    public Task<CommandOutcome> NavigationSwitchAsync(string actor, string serial, NavigationType navType, uint atNodeId) =>
        Record($"{actor} {serial} navigation {navType} {atNodeId}", "navigation");
    public Task<CommandOutcome> MapSwitchAsync(string actor, string serial, uint targetMapId) => Record($"{actor} {serial} map {targetMapId}", "map");

    public Task<(bool Ok, string Message)> SetAutoDispatchAsync(string actor, string serial, bool on)
    {
        lock (Sent) Sent.Add($"{actor} {serial} auto-dispatch {(on ? "on" : "off")}");
        AutoDispatch[serial] = on;
        return Task.FromResult((true, "ok"));
    }

    public IReadOnlyList<uint> HeldNodes(string serial) => Held.TryGetValue(serial, out var l) ? l.ToArray() : [];

    public Task<int?> ReleaseHeldNodesAsync(string actor, string serial)
    {
        lock (Sent) Sent.Add($"{actor} {serial} release");
        int n = Held.Remove(serial, out var l) ? l.Count : 0;
        return Task.FromResult<int?>(n);
    }

    public Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count) => Task.FromResult<IReadOnlyList<AgvEventRecord>>(Events.ToList());
}

public sealed class FakeAgvParameters : IAgvParameters
{
    public Dictionary<ParamId, long> Stored { get; } = new();
    public Dictionary<ParamId, long> OnAgv { get; } = new();
    public Dictionary<AgvType, Dictionary<ParamId, long>> Defaults { get; } = new();
    public List<IReadOnlyDictionary<ParamId, long>> Sets { get; } = [];
    public List<(AgvType Type, IReadOnlyDictionary<ParamId, long> Values, bool ApplyNow)> SavedDefaults { get; } = [];
    /// <summary>Parameters the AGV refuses (BAD_PARAMETER).</summary>
    public HashSet<ParamId> Refuses { get; } = [];
    public int Queries { get; private set; }

    public Task<IReadOnlyDictionary<ParamId, long>> StoredAsync(string serial) => Task.FromResult<IReadOnlyDictionary<ParamId, long>>(new Dictionary<ParamId, long>(Stored));
    public Task<IReadOnlyDictionary<ParamId, long>> TypeDefaultsAsync(AgvType type) =>
        Task.FromResult<IReadOnlyDictionary<ParamId, long>>(Defaults.TryGetValue(type, out var d) ? new Dictionary<ParamId, long>(d) : new Dictionary<ParamId, long>());

    public Task<(CommandOutcome Outcome, IReadOnlyDictionary<ParamId, long> Values)> QueryAsync(string actor, string serial)
    {
        Queries++;
        return Task.FromResult((CommandOutcome.FromAnswer("Read parameters", ResultCode.Ok), (IReadOnlyDictionary<ParamId, long>)new Dictionary<ParamId, long>(OnAgv)));
    }

    public Task<ParameterOutcome> SetAsync(string actor, string serial, IReadOnlyDictionary<ParamId, long> values)
    {
        Sets.Add(values);
        var results = values.ToDictionary(kv => kv.Key, kv => Refuses.Contains(kv.Key) ? ResultCode.BadParameter : ResultCode.Ok);
        foreach (var (id, v) in values)
            if (!Refuses.Contains(id)) { Stored[id] = v; OnAgv[id] = v; }
        int refused = results.Count(r => r.Value != ResultCode.Ok);
        var outcome = refused == 0 ? new CommandOutcome(OutcomeKind.Done, "all") : new CommandOutcome(OutcomeKind.AgvRefused, "some", ResultCode.BadParameter);
        return Task.FromResult(new ParameterOutcome(outcome, results));
    }

    public Task<TypeDefaultsSaved> SaveTypeDefaultsAsync(string actor, AgvType type, IReadOnlyDictionary<ParamId, long> values, bool applyNow)
    {
        SavedDefaults.Add((type, values, applyNow));
        Defaults[type] = new Dictionary<ParamId, long>(values);
        return Task.FromResult(new TypeDefaultsSaved(values.Count, applyNow ? 2 : 0, applyNow ? 2 : 0));
    }
}

/// <summary>History, audit and alarms of the log page, filled by the test; queries filter by AGV and period as the stores do.</summary>
public sealed class FakeHistory : IHistoryQuery, IAuditSink, IAlarmRepository
{
    public List<(string Serial, AgvEventRecord Event)> Events { get; } = [];
    public List<(string Serial, StateSampleRecord Sample)> Samples { get; } = [];
    public List<(string Serial, RunDataRecord Data)> Runs { get; } = [];
    public List<AuditRecord> Audit { get; } = [];
    public List<Alarm> Alarms { get; } = [];
    /// <summary>The periods asked for, to check which one a page chose.</summary>
    public List<(DateTimeOffset From, DateTimeOffset To)> Asked { get; } = [];

    public Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AgvEventRecord>>(Events.Where(e => e.Serial == serial).Select(e => e.Event).OrderByDescending(e => e.At).Take(count).ToList());
    public Task<IReadOnlyList<AgvEventRecord>> EventsAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        Asked.Add((from, to));
        return Task.FromResult<IReadOnlyList<AgvEventRecord>>(Events.Where(e => e.Serial == serial && e.Event.At >= from && e.Event.At <= to).Select(e => e.Event).ToList());
    }
    public Task<IReadOnlyList<StateSampleRecord>> StateSamplesAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StateSampleRecord>>(Samples.Where(e => e.Serial == serial && e.Sample.At >= from && e.Sample.At <= to).Select(e => e.Sample).OrderBy(s => s.At).ToList());
    public Task<IReadOnlyList<RunDataRecord>> RunDataAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<RunDataRecord>>(Runs.Where(e => e.Serial == serial && e.Data.At >= from && e.Data.At <= to).Select(e => e.Data).OrderBy(s => s.At).ToList());

    public Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default) => throw new NotSupportedException("the log page only reads");
    public Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default) => throw new NotSupportedException("the log page searches");
    public Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>(Audit.Where(a => (query.Target is null || a.Target.Contains(query.Target)) && a.At >= query.From && a.At <= query.To).ToList());
    public Task<int> CountAsync(AuditQuery query, CancellationToken ct = default) => throw new NotSupportedException("the log page does not page the audit log");

    public Task<IReadOnlyList<AlarmRule>> GetRulesAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<AlarmRule> SaveRuleAsync(AlarmRule rule, CancellationToken ct = default) => throw new NotSupportedException();
    public Task DeleteRuleAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Alarm>> GetActiveAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Alarm?> GetAsync(long id, CancellationToken ct = default) => throw new NotSupportedException();
    public Task SaveAsync(Alarm alarm, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Alarm>> SearchAsync(AlarmQuery query, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Alarm>>(Alarms.Where(a => a.Serial == query.Serial).ToList());
    public Task<int> CountAsync(AlarmQuery query, CancellationToken ct = default) => throw new NotSupportedException("the log page does not page the alarm history");
}
