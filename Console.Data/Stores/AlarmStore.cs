using System.Text.Json;
using AgvConsole.Data.Entities;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Data.Stores;

/// <summary>Alarms (with their timelines) and alarm rules. Written through on every change.</summary>
public sealed class AlarmStore(IDbContextFactory<ConsoleDbContext> factory) : IAlarmRepository
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static AlarmRule ToRule(AlarmRuleEntity e) => new(e.Id, e.Name, Enum.Parse<AlarmSource>(e.Source), e.Threshold, Enum.Parse<EventLevel>(e.Level),
        e.Enabled, Enum.Parse<RuleScope>(e.Scope), e.ScopeValue, e.RaiseAfterS, e.ClearAfterS,
        e.NotifyGroups.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray());

    public async Task<IReadOnlyList<AlarmRule>> GetRulesAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.AlarmRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct)).Select(ToRule).ToList();
    }

    public async Task<AlarmRule> SaveRuleAsync(AlarmRule rule, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = rule.Id == 0 ? null : await db.AlarmRules.SingleOrDefaultAsync(r => r.Id == rule.Id, ct);
        if (e is null) db.AlarmRules.Add(e = new AlarmRuleEntity());
        e.Name = rule.Name;
        e.Source = rule.Source.ToString();
        e.Threshold = rule.Threshold;
        e.Level = rule.Level.ToString();
        e.Enabled = rule.Enabled;
        e.Scope = rule.Scope.ToString();
        e.ScopeValue = rule.ScopeValue;
        e.RaiseAfterS = rule.RaiseAfterS;
        e.ClearAfterS = rule.ClearAfterS;
        e.NotifyGroups = string.Join(',', rule.NotifyGroups);
        await db.SaveChangesAsync(ct);
        return ToRule(e);
    }

    public async Task DeleteRuleAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.AlarmRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct);
    }

    private static Alarm ToAlarm(AlarmEntity e) => Alarm.Restore(e.Id, e.Serial, e.RuleId, e.RuleName, Enum.Parse<AlarmSource>(e.Source), e.Code,
        Enum.Parse<EventLevel>(e.Level), e.Text, e.RaisedAt, e.AcknowledgedBy, e.AcknowledgedAt, e.AcknowledgeComment, e.ClearedAt, e.ClearedBy,
        JsonSerializer.Deserialize<List<AlarmEvent>>(e.Timeline, Json) ?? []);

    public async Task<IReadOnlyList<Alarm>> GetActiveAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Alarms.AsNoTracking().Where(a => a.Active).ToListAsync(ct)).Select(ToAlarm).ToList();
    }

    public async Task<Alarm?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Alarms.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        return e is null ? null : ToAlarm(e);
    }

    public async Task SaveAsync(Alarm alarm, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = alarm.Id == 0 ? null : await db.Alarms.SingleOrDefaultAsync(a => a.Id == alarm.Id, ct);
        if (e is null) db.Alarms.Add(e = new AlarmEntity());
        e.Serial = alarm.Serial;
        e.RuleId = alarm.RuleId;
        e.RuleName = alarm.RuleName;
        e.Source = alarm.Source.ToString();
        e.Code = alarm.Code;
        e.Level = alarm.Level.ToString();
        e.Text = alarm.Text;
        e.RaisedAt = alarm.RaisedAt;
        e.AcknowledgedBy = alarm.AcknowledgedBy;
        e.AcknowledgedAt = alarm.AcknowledgedAt;
        e.AcknowledgeComment = alarm.AcknowledgeComment;
        e.ClearedAt = alarm.ClearedAt;
        e.ClearedBy = alarm.ClearedBy;
        e.Active = alarm.Active;
        e.Timeline = JsonSerializer.Serialize(alarm.Timeline, Json);
        await db.SaveChangesAsync(ct);
        alarm.Id = e.Id;
    }

    public async Task<IReadOnlyList<Alarm>> SearchAsync(AlarmQuery q, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var list = await Filtered(db, q).OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id)
            .Skip(Math.Max(q.Offset, 0)).Take(Math.Clamp(q.Limit, 1, 10_000)).ToListAsync(ct);
        return list.Select(ToAlarm).ToList();
    }

    public async Task<int> CountAsync(AlarmQuery q, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Filtered(db, q).CountAsync(ct);
    }

    private static IQueryable<AlarmEntity> Filtered(ConsoleDbContext db, AlarmQuery q)
    {
        var rows = db.Alarms.AsNoTracking();
        if (q.Active is { } active) rows = rows.Where(a => a.Active == active);
        if (!string.IsNullOrWhiteSpace(q.Serial)) rows = rows.Where(a => a.Serial.Contains(q.Serial));
        if (q.RuleId is { } rule) rows = rows.Where(a => a.RuleId == rule);
        if (q.Level is { } level) rows = rows.Where(a => a.Level == level.ToString());
        if (q.From is { } from) rows = rows.Where(a => a.RaisedAt >= from);
        if (q.To is { } to) rows = rows.Where(a => a.RaisedAt <= to);
        return rows;
    }
}
