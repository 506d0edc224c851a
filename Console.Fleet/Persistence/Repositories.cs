using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Persistence;

// What the fleet needs from persistence, as small interfaces the fleet owns. Console.Data
// implements them with EF Core; the fleet itself knows nothing of databases or ASP.NET.

/// <summary>An AGV as stored: identity, what it declared at registration, enrolment, last known position.</summary>
public sealed record AgvRecord(
    string Serial,
    uint AgvId,
    string Vendor,
    string Model,
    string Firmware,
    string AgvType,
    string NavType,
    int LengthMm,
    int WidthMm,
    int HeightMm,
    int MaxSpeed,
    string? PublicKeyHex,
    bool Enrolled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeenAt,
    uint LastMapId,
    int LastX,
    int LastY,
    int LastTheta,
    bool AutoDispatch = true);

public interface IAgvRepository
{
    Task<IReadOnlyList<AgvRecord>> GetAllAsync(CancellationToken ct = default);
    Task<AgvRecord?> FindAsync(string serial, CancellationToken ct = default);

    /// <summary>Records a registration: creates the AGV if new (with the next agvId) and updates what it declared.</summary>
    Task<AgvRecord> RecordRegistrationAsync(AgvRecord declared, CancellationToken ct = default);

    /// <summary>Enrols an AGV (agvId assigned here); null if the serial exists.</summary>
    Task<AgvRecord?> EnrolAsync(AgvRecord agv, CancellationToken ct = default);

    /// <summary>
    /// Enrols an AGV the console has seen register without being enrolled: it keeps its agvId and what it
    /// declared, and takes <paramref name="publicKeyHex"/> (null: normal mode only). Null if no such AGV is
    /// known or it is enrolled already.
    /// </summary>
    Task<AgvRecord?> EnrolSeenAsync(string serial, string? publicKeyHex, CancellationToken ct = default);

    Task<bool> RemoveAsync(string serial, CancellationToken ct = default);
    /// <summary>Stores whether the console gives the AGV work by itself; false if the serial is unknown.</summary>
    Task<bool> SetAutoDispatchAsync(string serial, bool on, CancellationToken ct = default);
    /// <summary>Where the AGV was when it went offline, and that it was seen then (LastSeenAt).</summary>
    Task SaveLastPositionAsync(string serial, uint mapId, int x, int y, int theta, CancellationToken ct = default);
}

public interface IMapRepository
{
    Task<IReadOnlyList<SiteMap>> GetAllAsync(CancellationToken ct = default);
    /// <summary>Creates or replaces the map.</summary>
    Task SaveAsync(SiteMap map, CancellationToken ct = default);
}

/// <summary>History records, taken without waiting and written later in batches.</summary>
public interface IHistorySink
{
    void StateSample(string serial, DateTimeOffset at, uint mapId, int x, int y, int theta, string state, int batteryPct, uint taskId);
    void Event(string serial, DateTimeOffset at, string kind, int code, string level, string text);
    void RunData(string serial, DateTimeOffset at, Protocol.Messages.RunData data);
}

/// <summary>An entry of the audit log: who did what to what, and the outcome.</summary>
public sealed record AuditRecord(DateTimeOffset At, string Actor, string Action, string Target, string Detail, string Outcome);

public interface IAuditSink
{
    /// <summary>Writes the entry and returns once it is stored: audit entries are never batched away (entries written together may be stored in one transaction).</summary>
    Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default);
    Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default);

    /// <summary>
    /// Newest first; every filter optional (text filters match a part, case-insensitively). A page of them:
    /// <see cref="AuditQuery.Limit"/> entries after skipping <see cref="AuditQuery.Offset"/>.
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>How many entries the query's filters match in all (its Limit and Offset aside): the pager's total.</summary>
    Task<int> CountAsync(AuditQuery query, CancellationToken ct = default);
}

public static class AuditSinkExtensions
{
    /// <summary>
    /// Writes an entry for something that has already happened (a command sent, a sign-in, an
    /// acknowledgement): when the database cannot take it (a full disk), the entry goes to the log
    /// instead and the caller carries on; failing the person or the AGV would not undo the act.
    /// </summary>
    public static async Task TryWriteAsync(this IAuditSink audit, Microsoft.Extensions.Logging.ILogger logger, string actor, string action, string target, string detail, string outcome)
    {
        try
        {
            await audit.WriteAsync(actor, action, target, detail, outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, e, "Audit entry not stored: {Actor} {Action} {Target} {Detail} → {Outcome}", actor, action, target, detail, outcome);
        }
    }
}

/// <summary>The audit log's filters and one page of it (<paramref name="Offset"/> entries skipped, at most <paramref name="Limit"/> returned).</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    int Limit = 200, int Offset = 0);

/// <summary>One event from an AGV's history.</summary>
public sealed record AgvEventRecord(DateTimeOffset At, string Kind, int Code, string Level, string Text);

/// <summary>Reads history back, for the pages that trace a fault.</summary>
public sealed record StateSampleRecord(DateTimeOffset At, uint MapId, int X, int Y, string State, int BatteryPct, uint TaskId);
public sealed record RunDataRecord(DateTimeOffset At, long OdometerMm, int MotorTempC, int BatteryTempC, int ControllerTempC, long CollisionCount, long EmergencyStopCount);

public interface IHistoryQuery
{
    Task<IReadOnlyList<AgvEventRecord>> RecentEventsAsync(string serial, int count, CancellationToken ct = default);
    Task<IReadOnlyList<AgvEventRecord>> EventsAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
    Task<IReadOnlyList<StateSampleRecord>> StateSamplesAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
    Task<IReadOnlyList<RunDataRecord>> RunDataAsync(string serial, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}

/// <summary>Parameters the console keeps: per AGV (what the AGV accepted) and defaults per AGV type.</summary>
public interface IParameterRepository
{
    Task<IReadOnlyDictionary<Protocol.Messages.ParamId, long>> GetForAgvAsync(string serial, CancellationToken ct = default);
    /// <summary>Merges <paramref name="values"/> into the AGV's stored parameters.</summary>
    Task SaveForAgvAsync(string serial, IReadOnlyDictionary<Protocol.Messages.ParamId, long> values, CancellationToken ct = default);
    Task<IReadOnlyDictionary<Protocol.Messages.ParamId, long>> GetTypeDefaultsAsync(string agvType, CancellationToken ct = default);
    /// <summary>Replaces the defaults of an AGV type.</summary>
    Task SaveTypeDefaultsAsync(string agvType, IReadOnlyDictionary<Protocol.Messages.ParamId, long> values, CancellationToken ct = default);
}

/// <summary>Console-wide settings that administrators change at run time (e.g. refusing normal mode).</summary>
public interface ISettingsRepository
{
    Task<string?> GetAsync(string key, CancellationToken ct = default);
    Task SetAsync(string key, string value, CancellationToken ct = default);
}

/// <summary>Alarms and alarm rules. Every change is written through at once: an alarm raised just before a crash survives it.</summary>
public interface IAlarmRepository
{
    Task<IReadOnlyList<Alarms.AlarmRule>> GetRulesAsync(CancellationToken ct = default);
    /// <summary>Creates (Id 0) or updates a rule; returns it with its id.</summary>
    Task<Alarms.AlarmRule> SaveRuleAsync(Alarms.AlarmRule rule, CancellationToken ct = default);
    Task DeleteRuleAsync(int id, CancellationToken ct = default);

    Task<IReadOnlyList<Alarms.Alarm>> GetActiveAsync(CancellationToken ct = default);
    Task<Alarms.Alarm?> GetAsync(long id, CancellationToken ct = default);
    /// <summary>Creates (Id 0, the new id is set on the alarm) or updates an alarm with its timeline.</summary>
    Task SaveAsync(Alarms.Alarm alarm, CancellationToken ct = default);
    /// <summary>Newest first; every filter optional; one page: <see cref="AlarmQuery.Limit"/> alarms after skipping <see cref="AlarmQuery.Offset"/>.</summary>
    Task<IReadOnlyList<Alarms.Alarm>> SearchAsync(AlarmQuery query, CancellationToken ct = default);

    /// <summary>How many alarms the query's filters match in all (its Limit and Offset aside): the pager's total.</summary>
    Task<int> CountAsync(AlarmQuery query, CancellationToken ct = default);
}

/// <summary>The alarm history's filters and one page of it (<paramref name="Offset"/> alarms skipped, at most <paramref name="Limit"/> returned).</summary>
public sealed record AlarmQuery(bool? Active = null, string? Serial = null, int? RuleId = null, Protocol.Messages.EventLevel? Level = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 500, int Offset = 0);

public interface INotificationRepository
{
    Task<IReadOnlyList<Alarms.NotificationGroup>> GetGroupsAsync(CancellationToken ct = default);
    Task<Alarms.NotificationGroup> SaveGroupAsync(Alarms.NotificationGroup group, CancellationToken ct = default);
    Task DeleteGroupAsync(int id, CancellationToken ct = default);
    Task RecordDeliveryAsync(Alarms.WebhookDelivery delivery, CancellationToken ct = default);
    Task<IReadOnlyList<Alarms.WebhookDelivery>> RecentDeliveriesAsync(int count, CancellationToken ct = default);
}

/// <summary>
/// A webhook call to be made: kept from the moment it is decided until it is delivered or given
/// up, so a console that stops (or dies) in between makes it after it starts again.
/// <paramref name="Kind"/>: "alarm" (a notification group's webhook; the group, alarm and change are
/// for the delivery record) or "order" (order feedback to Api:Webhooks). <paramref name="Payload"/> is the JSON body.
/// </summary>
public sealed record PendingWebhook(long Id, string Kind, string Url, string Payload, DateTimeOffset CreatedAt,
    int? GroupId = null, string? GroupName = null, long? AlarmId = null, string? Change = null);

/// <summary>The webhook outbox (pending calls), in the database.</summary>
public interface IWebhookOutbox
{
    /// <summary>Stores the call; returns it with its id.</summary>
    Task<PendingWebhook> AddAsync(PendingWebhook call, CancellationToken ct = default);
    /// <summary>Every call still pending, oldest first (after a restart, all of them).</summary>
    Task<IReadOnlyList<PendingWebhook>> PendingAsync(CancellationToken ct = default);
    /// <summary>The call was delivered or given up: it is no longer pending.</summary>
    Task RemoveAsync(long id, CancellationToken ct = default);
}

public interface IOrderRepository
{
    /// <summary>Creates (Id 0: the new id is set) or updates an order.</summary>
    Task SaveAsync(Orders.Order order, CancellationToken ct = default);
    Task<Orders.Order?> GetAsync(long id, CancellationToken ct = default);
    /// <summary>The first order stored with this external id (the caller's idempotency key), or null.</summary>
    Task<Orders.Order?> FindByExternalIdAsync(string externalId, CancellationToken ct = default);
    /// <summary>Orders that have not ended (queued, assigned, running), for the dispatcher after a restart.</summary>
    Task<IReadOnlyList<Orders.Order>> GetOpenAsync(CancellationToken ct = default);
    Task<IReadOnlyList<Orders.Order>> RecentAsync(int count, CancellationToken ct = default);
    /// <summary>One page of the stored orders matching <paramref name="query"/>, newest first, and how many match in all.</summary>
    Task<(IReadOnlyList<Orders.Order> Orders, int Total)> SearchAsync(OrderQuery query, CancellationToken ct = default);
}

/// <summary>
/// A search of the order history; every filter optional. <paramref name="Text"/> matches a part of the
/// external id or of the AGV's serial (case-insensitively), or any order from or to one of <paramref name="Nodes"/>
/// (the page passes the places whose names match the same text).
/// </summary>
public sealed record OrderQuery(IReadOnlyCollection<Orders.OrderStatus>? Statuses = null, string? Text = null, IReadOnlyCollection<uint>? Nodes = null,
    int Skip = 0, int Take = 50);

/// <summary>The orders' timelines (<see cref="Orders.OrderEvent"/>), written by the dispatcher as orders change.</summary>
public interface IOrderEventRepository
{
    /// <summary>Stores events of orders already stored (each names its order).</summary>
    Task AppendAsync(IReadOnlyList<Orders.OrderEvent> events, CancellationToken ct = default);
    /// <summary>One order's timeline, in the order it happened.</summary>
    Task<IReadOnlyList<Orders.OrderEvent>> TimelineAsync(long orderId, CancellationToken ct = default);
    /// <summary>The orders assigned since <paramref name="since"/>, each with when it was queued and first assigned (oldest first).</summary>
    Task<IReadOnlyList<Orders.OrderWait>> AssignedSinceAsync(DateTimeOffset since, CancellationToken ct = default);
}
