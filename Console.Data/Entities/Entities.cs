namespace AgvConsole.Data.Entities;

// Persistent shapes. Enums are stored as strings (see the *EntityTypeConfiguration classes), so
// a person with the sqlite3 shell can read the database.

/// <summary>An AGV the console knows: enrolled by an administrator, or first seen when it registered.</summary>
public sealed class AgvEntity
{
    public string Serial { get; set; } = "";
    /// <summary>The agvId handed out at registration; stable across reconnects and restarts.</summary>
    public long AgvId { get; set; }
    public string Vendor { get; set; } = "";
    public string Model { get; set; } = "";
    public string Firmware { get; set; } = "";
    public string AgvType { get; set; } = "";
    public string NavType { get; set; } = "";
    public int LengthMm { get; set; }
    public int WidthMm { get; set; }
    public int HeightMm { get; set; }
    public int MaxSpeed { get; set; }
    /// <summary>Hex of the 65-byte SM2 public key (secure mode), or null.</summary>
    public string? PublicKey { get; set; }
    /// <summary>Enrolled by an administrator (true) or only seen (false).</summary>
    public bool Enrolled { get; set; }
    /// <summary>Given orders, charging and demo trips by the console (true), or held back by an operator (false).</summary>
    public bool AutoDispatch { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    /// <summary>Last known position, so the map shows an offline AGV where it was.</summary>
    public long LastMapId { get; set; }
    public int LastX { get; set; }
    public int LastY { get; set; }
    public int LastTheta { get; set; }
}

public sealed class MapEntity
{
    public long MapId { get; set; }
    public string Name { get; set; } = "";
    public string Building { get; set; } = "";
    public int Floor { get; set; }
    public List<MapNodeEntity> Nodes { get; set; } = [];
    public List<MapEdgeEntity> Edges { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class MapNodeEntity
{
    public long MapId { get; set; }
    public long NodeId { get; set; }
    public int X { get; set; }
    public int Y { get; set; }
    public string Kind { get; set; } = "normal";
    /// <summary>For a lift node: the lift node it connects to on another map.</summary>
    public long? LinkedNodeId { get; set; }
    /// <summary>The widest vehicle that fits on the node, mm (schema 2); null = any.</summary>
    public int? MaxWidthMm { get; set; }
    /// <summary>What people call the place; optional, unique on its map.</summary>
    public string? Name { get; set; }
}

public sealed class MapEdgeEntity
{
    public long Id { get; set; }
    public long MapId { get; set; }
    public long From { get; set; }
    public long To { get; set; }
    public bool Bidirectional { get; set; }
    /// <summary>mm/s.</summary>
    public int MaxSpeed { get; set; }
    /// <summary>The widest vehicle that fits through, mm (schema 2); null = any.</summary>
    public int? MaxWidthMm { get; set; }
    /// <summary>Closed to traffic (schema 2).</summary>
    public bool Closed { get; set; }
}

/// <summary>A sample of an AGV's state, written in batches off the report path.</summary>
public sealed class StateSampleEntity
{
    public long Id { get; set; }
    public string Serial { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public long MapId { get; set; }
    public int X { get; set; }
    public int Y { get; set; }
    public int Theta { get; set; }
    public string State { get; set; } = "";
    public int BatteryPct { get; set; }
    public long TaskId { get; set; }
}

/// <summary>What happened to an AGV: an EventReport, registration, going offline, a security refusal.</summary>
public sealed class AgvEventEntity
{
    public long Id { get; set; }
    public string Serial { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public int Code { get; set; }
    public string Level { get; set; } = "info";
    public string Text { get; set; } = "";
}

public sealed class RunDataSampleEntity
{
    public long Id { get; set; }
    public string Serial { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public long OdometerMm { get; set; }
    public long RuntimeS { get; set; }
    public long ChargeCycles { get; set; }
    public int MotorTempC { get; set; }
    public int BatteryTempC { get; set; }
    public int ControllerTempC { get; set; }
    public int MotorCurrentMa { get; set; }
    public long CollisionCount { get; set; }
    public long EmergencyStopCount { get; set; }
    public long NavErrorCount { get; set; }
}

/// <summary>Who did what, when, to what, and with which answer.</summary>
public sealed class AuditEntity
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string Detail { get; set; } = "";
    public string Outcome { get; set; } = "";
}

/// <summary>A console setting stored in the database (e.g. the generated demo API key).</summary>
public sealed class SettingEntity
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>
/// The schema version the releases before EF Core migrations kept by hand (1 or 2). Migrations set
/// it to 3 (SchemaInfoMarksMigrations), so such a release refuses a migrated database; the
/// console itself reads it only to adopt a database of those releases (Schema/LegacyRelease.cs).
/// </summary>
public sealed class SchemaInfoEntity
{
    public int Id { get; set; }
    public int Version { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}

/// <summary>A parameter value the AGV accepted (ParamSet), re-applied when it registers again.</summary>
public sealed class AgvParameterEntity
{
    public string Serial { get; set; } = "";
    public int ParamId { get; set; }
    public long Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A fleet-wide default for every AGV of one type.</summary>
public sealed class TypeParameterDefaultEntity
{
    public string AgvType { get; set; } = "";
    public int ParamId { get; set; }
    public long Value { get; set; }
}

public sealed class AlarmRuleEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Source { get; set; } = "";
    public long? Threshold { get; set; }
    public string Level { get; set; } = "";
    public bool Enabled { get; set; }
    public string Scope { get; set; } = "";
    public string? ScopeValue { get; set; }
    public int RaiseAfterS { get; set; }
    public int ClearAfterS { get; set; }
    /// <summary>Notification group ids, comma-separated.</summary>
    public string NotifyGroups { get; set; } = "";
}

public sealed class AlarmEntity
{
    public long Id { get; set; }
    public string Serial { get; set; } = "";
    public int RuleId { get; set; }
    public string RuleName { get; set; } = "";
    public string Source { get; set; } = "";
    public int Code { get; set; }
    public string Level { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgeComment { get; set; }
    public DateTimeOffset? ClearedAt { get; set; }
    public string? ClearedBy { get; set; }
    public bool Active { get; set; }
    /// <summary>The alarm's timeline as JSON (raised, acknowledged, cleared, with who and comments).</summary>
    public string Timeline { get; set; } = "[]";
}

public sealed class NotificationGroupEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Contacts { get; set; } = "";
    public string? WebhookUrl { get; set; }
}

public sealed class WebhookDeliveryEntity
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public int GroupId { get; set; }
    public string GroupName { get; set; } = "";
    public long AlarmId { get; set; }
    public string Change { get; set; } = "";
    public string Url { get; set; } = "";
    public int Attempts { get; set; }
    public bool Delivered { get; set; }
    public string? Error { get; set; }
}

/// <summary>A webhook call not yet delivered or given up (the outbox): see IWebhookOutbox.</summary>
public sealed class PendingWebhookEntity
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Url { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int? GroupId { get; set; }
    public string? GroupName { get; set; }
    public long? AlarmId { get; set; }
    public string? Change { get; set; }
}

public sealed class OrderEntity
{
    public long Id { get; set; }
    public string ExternalId { get; set; } = "";
    public string Type { get; set; } = "";
    public long? FromNodeId { get; set; }
    public long ToNodeId { get; set; }
    public int Priority { get; set; }
    public string? RequestedAgv { get; set; }
    public string Status { get; set; } = "";
    public string? AgvSerial { get; set; }
    public long? TaskId { get; set; }
    public int Leg { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>One entry of an order's timeline (<see cref="AgvConsole.Fleet.Orders.OrderEvent"/>).</summary>
public sealed class OrderEventEntity
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string? AgvSerial { get; set; }
    public int Leg { get; set; }
    public long? NodeId { get; set; }
    public long? TaskId { get; set; }
    /// <summary>Who did it: a user, or <c>api:&lt;key name&gt;</c>.</summary>
    public string? By { get; set; }
    public string? Detail { get; set; }
}
