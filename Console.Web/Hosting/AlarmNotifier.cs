using System.Threading.Channels;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Calls the webhooks of the notification groups a rule is routed to, for every alarm change
/// (raised, acknowledged, cleared). The alarm pipeline only enqueues: the calls go out through
/// <see cref="WebhookSender"/> (stored first, retried with backoff, outcomes recorded and shown on
/// the notification page).
/// </summary>
public sealed class AlarmNotifier(AlarmEngine engine, INotificationRepository store, WebhookSender webhooks) : IHostedService
{
    public const int MaxAttempts = WebhookSender.MaxAttempts;
    private volatile IReadOnlyList<NotificationGroup> _groups = [];

    public IReadOnlyList<NotificationGroup> Groups => _groups;

    /// <summary>Webhook calls under way (alarm notifications and order feedback).</summary>
    public int InFlight => webhooks.InFlight;

    public async Task ReloadGroupsAsync() => _groups = await store.GetGroupsAsync();

    public async Task StartAsync(CancellationToken ct)
    {
        await ReloadGroupsAsync();
        engine.Changed += OnChanged;
    }

    public Task StopAsync(CancellationToken ct)
    {
        engine.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(Alarm alarm, string change)
    {
        // A related condition joins an alarm already announced (one cause, one alarm): the webhook contract stays raised/acknowledged/cleared.
        if (change == Alarm.RelatedStep) return;
        var rule = engine.Rules.FirstOrDefault(r => r.Id == alarm.RuleId);
        if (rule is null) return;
        var dto = AlarmDto.From(alarm);
        foreach (var g in _groups.Where(g => rule.NotifyGroups.Contains(g.Id) && !string.IsNullOrWhiteSpace(g.WebhookUrl)))
            _ = webhooks.EnqueueAsync(WebhookSender.AlarmKind, g.WebhookUrl!, new { change, group = g.Name, alarm = dto }, g, alarm.Id, change);
    }
}
