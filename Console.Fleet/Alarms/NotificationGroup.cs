namespace AgvConsole.Fleet.Alarms;

/// <summary>Who hears of an alarm: a name, the members' contacts (for people), and a webhook the console calls.</summary>
public sealed record NotificationGroup(int Id, string Name, string Contacts, string? WebhookUrl);

/// <summary>The outcome of delivering one alarm change to one group's webhook.</summary>
public sealed record WebhookDelivery(DateTimeOffset At, int GroupId, string GroupName, long AlarmId, string Change, string Url, int Attempts, bool Delivered, string? Error);
