using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Alarms;

/// <summary>One step in an alarm's life.</summary>
public sealed record AlarmEvent(DateTimeOffset At, string What, string? Who, string? Comment);

/// <summary>
/// An alarm: raised once for a condition (an AGV, a rule, a code), acknowledged by a person,
/// cleared when the condition ends or by hand. It guards its transitions: an alarm is
/// acknowledged once, cleared once, and a cleared alarm does not come back (a new one is raised).
/// </summary>
public sealed class Alarm
{
    private readonly List<AlarmEvent> _timeline = [];

    public Alarm(long id, string serial, int ruleId, string ruleName, AlarmSource source, int code, EventLevel level, string text, DateTimeOffset raisedAt)
    {
        Id = id;
        Serial = serial;
        RuleId = ruleId;
        RuleName = ruleName;
        Source = source;
        Code = code;
        Level = level;
        Text = text;
        RaisedAt = raisedAt;
        _timeline.Add(new AlarmEvent(raisedAt, "raised", null, text));
    }

    /// <summary>The serial of alarms about the console itself: empty, which no AGV can register with (FleetHandler refuses it).</summary>
    public const string ConsoleSerial = "";

    /// <summary>0 until the alarm is stored (a database that cannot be written does not stop an alarm being announced).</summary>
    public long Id { get; set; }
    public bool IsConsole => Serial == ConsoleSerial;
    public string Serial { get; }
    public int RuleId { get; }
    public string RuleName { get; }
    public AlarmSource Source { get; }
    public int Code { get; }
    public EventLevel Level { get; }
    public string Text { get; }
    public DateTimeOffset RaisedAt { get; }
    public string? AcknowledgedBy { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgeComment { get; private set; }
    public DateTimeOffset? ClearedAt { get; private set; }
    public string? ClearedBy { get; private set; }
    public bool Active => ClearedAt is null;
    public IReadOnlyList<AlarmEvent> Timeline => _timeline;

    /// <summary>
    /// Conditions of the same AGV that started with this alarm and are shown as part of it instead of
    /// raising alarms of their own (AlarmEngine: one cause, one alarm). Each is "rule: text".
    /// </summary>
    public IReadOnlyList<AlarmEvent> Related => _timeline.Where(e => e.What == RelatedStep).ToArray();

    /// <summary>The timeline step that records a related condition (stored with the timeline; no column of its own).</summary>
    public const string RelatedStep = "related";

    /// <summary>Records a condition that belongs to this alarm's cause. Only an active alarm takes one.</summary>
    public bool Relate(string ruleName, string text, DateTimeOffset at)
    {
        if (!Active) return false;
        _timeline.Add(new AlarmEvent(at, RelatedStep, null, $"{ruleName}: {text}"));
        return true;
    }

    /// <summary>The condition this alarm stands for: one active alarm per key, no duplicates.</summary>
    public string Key => AlarmKey(Serial, RuleId, Code);
    public static string AlarmKey(string serial, int ruleId, int code) => $"{serial}|{ruleId}|{code}";

    public bool Acknowledge(string who, string? comment, DateTimeOffset at)
    {
        if (AcknowledgedAt is not null) return false;
        AcknowledgedBy = who;
        AcknowledgedAt = at;
        AcknowledgeComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        _timeline.Add(new AlarmEvent(at, "acknowledged", who, AcknowledgeComment));
        return true;
    }

    /// <param name="who">null when the condition ended by itself.</param>
    public bool Clear(string? who, string reason, DateTimeOffset at)
    {
        if (ClearedAt is not null) return false;
        ClearedAt = at;
        ClearedBy = who;
        _timeline.Add(new AlarmEvent(at, who is null ? "cleared (condition ended)" : "cleared by hand", who, reason));
        return true;
    }

    /// <summary>Rebuilds an alarm from storage.</summary>
    public static Alarm Restore(long id, string serial, int ruleId, string ruleName, AlarmSource source, int code, EventLevel level, string text,
        DateTimeOffset raisedAt, string? ackBy, DateTimeOffset? ackAt, string? ackComment, DateTimeOffset? clearedAt, string? clearedBy, IEnumerable<AlarmEvent> timeline)
    {
        var a = new Alarm(id, serial, ruleId, ruleName, source, code, level, text, raisedAt)
        {
            AcknowledgedBy = ackBy, AcknowledgedAt = ackAt, AcknowledgeComment = ackComment, ClearedAt = clearedAt, ClearedBy = clearedBy,
        };
        a._timeline.Clear();
        a._timeline.AddRange(timeline);
        return a;
    }
}
