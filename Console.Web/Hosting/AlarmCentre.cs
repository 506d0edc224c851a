using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace AgvConsole.Web.Hosting;

/// <summary>An alarm as the API and the browser modules see it (API.md's shape).</summary>
public sealed record AlarmDto(long Id, string Serial, int Code, string Rule, string Level, string Text, DateTimeOffset RaisedAt,
    string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ClearedAt, string? Comment = null)
{
    public static AlarmDto From(Alarm a) => new(a.Id, a.Serial, a.Code, a.RuleName, a.Level.ToString().ToLowerInvariant(), a.Text, a.RaisedAt,
        a.AcknowledgedBy, a.AcknowledgedAt, a.ClearedAt, a.AcknowledgeComment);
}

/// <summary>What the alarm page does with an alarm: acknowledge it or clear it by hand, with a comment; both audited.</summary>
public interface IAlarmActions
{
    /// <summary>Null alarm: no such alarm; Changed false: it was acknowledged already.</summary>
    Task<(Alarm? Alarm, bool Changed)> AcknowledgeAsync(long id, string who, string? comment);

    /// <summary>Null alarm: no such alarm; Changed false: it was cleared already.</summary>
    Task<(Alarm? Alarm, bool Changed)> ClearAsync(long id, string who, string? comment);
}

/// <summary>A saved rule's threshold sent to the online AGVs it covers (ParamSet), and how many took it.</summary>
public sealed record ThresholdPush(string Parameter, long Value, int Sent, int Accepted);

/// <summary>
/// Runs the alarm engine: loads rules and active alarms, ticks twice a second, listens to the
/// fleet and to failed commands, announces every change to every open console over the hub, and
/// pushes the thresholds AGVs evaluate themselves when a rule changes.
/// </summary>
public sealed class AlarmCentre(
    AlarmEngine engine,
    FleetHandler handler,
    VehicleCommands commands,
    FleetRegistry registry,
    IAlarmRepository store,
    IAuditSink audit,
    IHubContext<FleetHub> hub,
    AgvConsole.Data.Stores.HistoryWriter history,
    ISettingsRepository settings,
    ILogger<AlarmCentre> logger) : BackgroundService, IAlarmActions
{
    private const string OfferedSourcesSetting = "alarms.offeredSources";

    /// <summary>The alarm rules in force (the rules page lists them).</summary>
    public IReadOnlyList<AlarmRule> Rules => engine.Rules;

    public int ActiveCount => engine.Active.Count;
    public int UnacknowledgedCount => engine.Active.Count(a => a.AcknowledgedAt is null);

    public override async Task StartAsync(CancellationToken ct)
    {
        await engine.LoadAsync(ct);
        // Rules of sources added since the site was set up: offered once, so a deleted one stays deleted.
        var offered = (await settings.GetAsync(OfferedSourcesSetting, ct))?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        await engine.AddDefaultRulesAsync(AlarmRule.LaterSources.Where(s => !offered.Contains(s.ToString())), ct);
        await settings.SetAsync(OfferedSourcesSetting, string.Join(',', AlarmRule.LaterSources), ct);
        engine.Attach(handler);
        engine.Watch(AlarmSource.HistoryWrite, () => history.LastError is { } error
            ? $"history cannot be written: {error.TrimEnd('.')}. {history.Pending} records wait in memory; the live map, orders and commands go on."
            : null);
        commands.CommandFailed += (serial, what, outcome) =>
            engine.OneShot(serial, AlarmSource.CommandFailed, (int)outcome.Result, $"{what}: {outcome.Message}");
        engine.Changed += (alarm, change) => _ = AnnounceAsync(alarm, change);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await engine.TickAsync(stoppingToken); }
            catch (OperationCanceledException) { break; }
            catch (Exception e) { logger.LogError(e, "Alarm evaluation failed"); }
        }
    }

    private async Task AnnounceAsync(Alarm alarm, string change)
    {
        try
        {
            await hub.Clients.All.SendAsync("alarm", new { change, alarm = AlarmDto.From(alarm), active = ActiveCount, unacknowledged = UnacknowledgedCount });
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Announcing alarm {Id} failed", alarm.Id);
        }
    }

    public async Task<(Alarm? Alarm, bool Changed)> AcknowledgeAsync(long id, string who, string? comment)
    {
        var r = await engine.AcknowledgeAsync(id, who, comment);
        if (r.Alarm is not null)
            await audit.TryWriteAsync(logger, who, "acknowledge alarm", r.Alarm.Serial, $"alarm {id} ({r.Alarm.RuleName}){(string.IsNullOrWhiteSpace(comment) ? "" : ": " + comment)}", r.Changed ? "ok" : "already acknowledged");
        return r;
    }

    public async Task<(Alarm? Alarm, bool Changed)> ClearAsync(long id, string who, string? comment)
    {
        var r = await engine.ClearByHandAsync(id, who, comment);
        if (r.Alarm is not null)
            await audit.TryWriteAsync(logger, who, "clear alarm", r.Alarm.Serial, $"alarm {id} ({r.Alarm.RuleName}){(string.IsNullOrWhiteSpace(comment) ? "" : ": " + comment)}", r.Changed ? "ok" : "already cleared");
        return r;
    }

    /// <summary>Saves a rule; when its threshold is one the AGVs evaluate themselves, pushes it to every covered online AGV.</summary>
    public async Task<(AlarmRule Rule, ThresholdPush? Pushed)> SaveRuleAsync(AlarmRule rule, string who)
    {
        var saved = await store.SaveRuleAsync(rule);
        engine.SetRules(await store.GetRulesAsync());
        await audit.WriteAsync(who, rule.Id == 0 ? "add alarm rule" : "change alarm rule", $"rule {saved.Id}",
            $"{saved.Name}: {saved.Source}, threshold {saved.Threshold?.ToString() ?? "–"}, {saved.Level}, {(saved.Enabled ? "on" : "off")}, scope {saved.Scope} {saved.ScopeValue}, raise after {saved.RaiseAfterS} s, clear after {saved.ClearAfterS} s", "ok");
        ThresholdPush? pushed = null;
        if (saved is { Enabled: true, PushedParameter: { } param, Threshold: { } threshold })
        {
            var targets = registry.All.Where(v => v.Online && saved.Covers(v.Serial, v.Vendor, v.AgvType)).ToList();
            var results = await Task.WhenAll(targets.Select(v => commands.SetParametersAsync(who, v.Serial,
                new Dictionary<ParamId, long> { [param] = threshold }, "alarm threshold")));
            pushed = new ThresholdPush(ParameterCatalog.Find(param)!.Name, threshold, targets.Count, results.Count(r => r.Outcome.Ok));
        }
        return (saved, pushed);
    }

    public async Task DeleteRuleAsync(int id, string who)
    {
        await store.DeleteRuleAsync(id);
        engine.SetRules(await store.GetRulesAsync());
        await audit.WriteAsync(who, "delete alarm rule", $"rule {id}", "", "ok");
    }

    /// <summary>The default template: adds the rules of <see cref="AlarmRule.DefaultTemplate"/> that are missing (by name).</summary>
    public async Task<int> ApplyDefaultTemplateAsync(string who)
    {
        var existing = (await store.GetRulesAsync()).Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        int added = 0;
        foreach (var r in AlarmRule.DefaultTemplate().Where(r => !existing.Contains(r.Name)))
        {
            await store.SaveRuleAsync(r);
            added++;
        }
        engine.SetRules(await store.GetRulesAsync());
        await audit.WriteAsync(who, "alarm rules: default template", "rules", $"{added} rule(s) added", "ok");
        return added;
    }
}
