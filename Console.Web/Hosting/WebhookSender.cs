using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Security;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Every webhook the console calls (alarm notifications, order feedback) goes out through here.
/// A call is stored in the outbox (IWebhookOutbox) before it is made, so a console that stops or
/// dies with calls under way makes them after it starts again (at least once: a receiver may see a
/// call twice across a restart). It is posted through its HTTP client's resilience pipeline
/// (Microsoft.Extensions.Http.Resilience, see <see cref="AddWebhooks"/>): up to
/// <see cref="MaxAttempts"/> attempts with exponential backoff and jitter, a timeout per attempt, and
/// a circuit breaker per receiver that fails attempts fast while the receiver is down. Then the call
/// leaves the outbox, delivered or given up, and alarm deliveries are recorded for the notification
/// page. Nothing here ever holds up the alarm pipeline or dispatch: they only enqueue.
/// </summary>
public sealed class WebhookSender(IWebhookOutbox outbox, INotificationRepository notifications, IHttpClientFactory http, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string AlarmKind = "alarm", OrderKind = "order";
    /// <summary>The HTTP client of order feedback (Api:Webhooks, from configuration: no target guard).</summary>
    public const string OrderClientName = "order-webhooks";
    public const int MaxAttempts = 6;
    /// <summary>Calls made at once; the rest wait their turn in memory (and in the outbox).</summary>
    public const int Parallel = 8;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<PendingWebhook> _queue = Channel.CreateUnbounded<PendingWebhook>();
    private readonly SemaphoreSlim _parallel = new(Parallel);
    private int _inFlight;
    private long _delivered, _givenUp, _ordersGivenUp;

    public int InFlight => Volatile.Read(ref _inFlight);
    public long Delivered => Interlocked.Read(ref _delivered);
    public long GivenUp => Interlocked.Read(ref _givenUp);
    /// <summary>Order feedback given up after every attempt (the order itself is not affected).</summary>
    public long OrderFeedbackFailures => Interlocked.Read(ref _ordersGivenUp);

    /// <summary>Stores the call and queues it. When the database cannot take it (a full disk), it is still made, just not durably.</summary>
    public async Task EnqueueAsync(string kind, string url, object payload, NotificationGroup? group = null, long? alarmId = null, string? change = null)
    {
        var call = new PendingWebhook(0, kind, url, JsonSerializer.Serialize(payload, Json), DateTimeOffset.UtcNow, group?.Id, group?.Name, alarmId, change);
        try { call = await outbox.AddAsync(call); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "A webhook call to {Url} could not be stored; it is made anyway but would not survive a restart", url);
        }
        _queue.Writer.TryWrite(call);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Calls that were pending when the console last stopped come first.
            var left = await outbox.PendingAsync(stoppingToken);
            if (left.Count > 0) logger.LogInformation("{Count} webhook calls were pending from before the start: making them now", left.Count);
            foreach (var call in left) _queue.Writer.TryWrite(call);
            await foreach (var call in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await _parallel.WaitAsync(stoppingToken);
                Interlocked.Increment(ref _inFlight);
                _ = DeliverAsync(call, stoppingToken).ContinueWith(_ =>
                {
                    Interlocked.Decrement(ref _inFlight);
                    _parallel.Release();
                }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task DeliverAsync(PendingWebhook call, CancellationToken stopping)
    {
        var attempts = new StrongBox<int>();
        string? error = null;
        try
        {
            var client = http.CreateClient(call.Kind == AlarmKind ? WebhookTargets.ClientName : OrderClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, call.Url) { Content = new StringContent(call.Payload, Encoding.UTF8, "application/json") };
            request.Options.Set(AttemptCounter.Key, attempts);
            using var response = await client.SendAsync(request, stopping);
            if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return; // the console stops: the call stays in the outbox and is made after the next start
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException or BrokenCircuitException
                                       or Polly.Timeout.TimeoutRejectedException or InvalidOperationException or UriFormatException)
        {
            error = e is BrokenCircuitException ? "the receiver failed repeatedly: its circuit is open" : e.GetBaseException().Message;
        }

        bool delivered = error is null;
        if (delivered) Interlocked.Increment(ref _delivered);
        else
        {
            Interlocked.Increment(ref _givenUp);
            if (call.Kind == OrderKind) Interlocked.Increment(ref _ordersGivenUp);
            logger.LogWarning("Webhook {Kind} call to {Url} given up after {Attempts} attempts: {Error}", call.Kind, call.Url, attempts.Value, error);
        }
        try
        {
            if (call.Id != 0) await outbox.RemoveAsync(call.Id, CancellationToken.None);
            if (call.Kind == AlarmKind)
                await notifications.RecordDeliveryAsync(new WebhookDelivery(DateTimeOffset.UtcNow, call.GroupId ?? 0, call.GroupName ?? "", call.AlarmId ?? 0,
                    call.Change ?? "", call.Url, attempts.Value, delivered, error), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the outcome of a webhook call to {Url}", call.Url);
        }
    }

    /// <summary>
    /// The two webhook clients with their resilience pipelines. The HttpClient's own timeout is off:
    /// the pipeline times each attempt (5 s) and the whole call.
    /// </summary>
    public static IServiceCollection AddWebhooks(IServiceCollection services, IConfiguration configuration)
    {
        services.AddTransient<AttemptCounter>();
        // Alarm webhooks connect only where WebhookTargets allows; no proxy, so the check sees the real target.
        services.AddHttpClient(WebhookTargets.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler { ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync, UseProxy = false })
            .AddResilienceHandler("alarm-webhook", (b, context) => Pipeline(b, configuration)).SelectPipelineByAuthority();
        services.AddHttpClient(OrderClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("order-webhook", (b, context) => Pipeline(b, configuration)).SelectPipelineByAuthority();
        // Inside the pipeline (added after it), so it sees every attempt.
        services.AddHttpClient(WebhookTargets.ClientName).AddHttpMessageHandler<AttemptCounter>();
        services.AddHttpClient(OrderClientName).AddHttpMessageHandler<AttemptCounter>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        return services;
    }

    /// <summary>
    /// Up to <see cref="MaxAttempts"/> attempts, the first retry after Alarms:WebhookRetryDelayMs (1 s),
    /// doubling with jitter; 5 s per attempt; a receiver that failed 90 % of at least 10 attempts in
    /// 30 s is left alone for 15 s (its attempts fail at once, and count).
    /// </summary>
    private static void Pipeline(ResiliencePipelineBuilder<HttpResponseMessage> b, IConfiguration configuration)
    {
        var first = TimeSpan.FromMilliseconds(configuration.GetValue("Alarms:WebhookRetryDelayMs", 1000));
        b.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = first,
            // Transient answers and failures (5xx, 408, 429, no connection, a timed-out attempt) and an open circuit.
            ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome) || args.Outcome.Exception is BrokenCircuitException),
        });
        b.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.9, MinimumThroughput = 10, SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(15),
        });
        b.AddTimeout(TimeSpan.FromSeconds(5));
    }

    /// <summary>Counts a call's attempts (the pipeline re-sends through it).</summary>
    internal sealed class AttemptCounter : DelegatingHandler
    {
        public static readonly HttpRequestOptionsKey<StrongBox<int>> Key = new("agv.webhook.attempts");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Options.TryGetValue(Key, out var box)) Interlocked.Increment(ref box.Value);
            return base.SendAsync(request, ct);
        }
    }
}
