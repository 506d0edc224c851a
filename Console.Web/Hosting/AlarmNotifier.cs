using System.Threading.Channels;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Calls the webhooks of the notification groups a rule is routed to, for every alarm change
/// (raised, acknowledged, cleared). The alarm pipeline only enqueues; deliveries run apart, each
/// retried with exponential backoff, and every outcome (delivered or failed, with the error) is
/// stored and shown on the notification page.
/// </summary>
public sealed class AlarmNotifier(
    AlarmEngine engine,
    INotificationRepository store,
    IHttpClientFactory http,
    IConfiguration configuration,
    ILogger<AlarmNotifier> logger) : BackgroundService
{
    public const int MaxAttempts = 6;
    private readonly Channel<(NotificationGroup Group, AlarmDto Alarm, string Change)> _queue = Channel.CreateUnbounded<(NotificationGroup, AlarmDto, string)>();
    private readonly SemaphoreSlim _parallel = new(8);
    private volatile IReadOnlyList<NotificationGroup> _groups = [];
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);
    private TimeSpan RetryDelay => TimeSpan.FromMilliseconds(configuration.GetValue("Alarms:WebhookRetryDelayMs", 1000));

    public IReadOnlyList<NotificationGroup> Groups => _groups;

    public async Task ReloadGroupsAsync() => _groups = await store.GetGroupsAsync();

    public override async Task StartAsync(CancellationToken ct)
    {
        await ReloadGroupsAsync();
        engine.Changed += OnChanged;
        await base.StartAsync(ct);
    }

    private void OnChanged(Alarm alarm, string change)
    {
        // A related condition joins an alarm already announced (one cause, one alarm): the webhook contract stays raised/acknowledged/cleared.
        if (change == Alarm.RelatedStep) return;
        var rule = engine.Rules.FirstOrDefault(r => r.Id == alarm.RuleId);
        if (rule is null) return;
        var dto = AlarmDto.From(alarm);
        foreach (var g in _groups.Where(g => rule.NotifyGroups.Contains(g.Id) && !string.IsNullOrWhiteSpace(g.WebhookUrl)))
            _queue.Writer.TryWrite((g, dto, change));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await _parallel.WaitAsync(stoppingToken);
                Interlocked.Increment(ref _inFlight);
                _ = DeliverAsync(item.Group, item.Alarm, item.Change, stoppingToken).ContinueWith(_ =>
                {
                    Interlocked.Decrement(ref _inFlight);
                    _parallel.Release();
                }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task DeliverAsync(NotificationGroup group, AlarmDto alarm, string change, CancellationToken ct)
    {
        var (attempt, error) = await WebhookPoster.PostAsync(http.CreateClient(Security.WebhookTargets.ClientName), group.WebhookUrl!, new { change, group = group.Name, alarm }, MaxAttempts, RetryDelay, ct);
        bool delivered = error is null && attempt > 0;
        if (!delivered) logger.LogWarning("Webhook of group {Group} failed for alarm {Alarm} ({Change}) after {Attempts} attempts: {Error}", group.Name, alarm.Id, change, attempt, error);
        try
        {
            await store.RecordDeliveryAsync(new WebhookDelivery(DateTimeOffset.UtcNow, group.Id, group.Name, alarm.Id, change, group.WebhookUrl!, attempt, delivered, error), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record a webhook delivery");
        }
    }
}
