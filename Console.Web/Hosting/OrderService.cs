using System.Threading.Channels;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Orders;
using AgvConsole.Web.Options;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>An order in API.md's shape.</summary>
public sealed record OrderDto(long OrderId, string ExternalId, string Status, string? AgvSerial, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Error,
    string Type, uint? FromNodeId, uint ToNodeId, int Priority)
{
    public static OrderDto From(Order o) => new(o.Id, o.ExternalId, Api.Names.Camel(o.Status.ToString()), o.AgvSerial, o.CreatedAt, o.UpdatedAt == default ? o.CreatedAt : o.UpdatedAt,
        o.Error, Api.Names.Camel(o.Type.ToString()), o.FromNodeId, o.ToNodeId, o.Priority);
}

/// <summary>
/// Runs the dispatcher and the charging manager once a second, traffic control five times a
/// second, and sends order feedback: every status change is POSTed in
/// the order's shape to each <c>Api:Webhooks</c> URL, retried with backoff, never holding up dispatch.
/// </summary>
public sealed class OrderService(Dispatcher dispatcher, AgvConsole.Fleet.Dispatch.VehicleCommands commands, FleetHandler handler, IOptions<ApiOptions> api, WebhookSender webhooks,
    AgvConsole.Fleet.Traffic.TrafficMonitor traffic, AgvConsole.Fleet.Traffic.SpaceArbiter arbiter, ChargingManager charging, ILogger<OrderService> logger) : BackgroundService
{
    private string? _lastStatusKey;

    /// <summary>Order feedback calls given up after every attempt (the orders themselves go on).</summary>
    public long FeedbackFailures => webhooks.OrderFeedbackFailures;

    public override async Task StartAsync(CancellationToken ct)
    {
        await dispatcher.LoadAsync(ct);
        dispatcher.Attach(commands.Trips);
        handler.SpaceArbiter = arbiter.Decide;
        handler.SpaceReleased = arbiter.Release;
        dispatcher.Changed += o =>
        {
            var key = $"{o.Id}:{o.Status}:{o.Leg}";
            if (key == _lastStatusKey) return; // a priority change is not a status change
            _lastStatusKey = key;
            // Stored in the outbox and posted apart (WebhookSender): dispatch never waits for a receiver.
            var dto = OrderDto.From(o);
            foreach (var url in api.Value.Webhooks.Where(u => !string.IsNullOrWhiteSpace(u)))
                _ = webhooks.EnqueueAsync(WebhookSender.OrderKind, url, dto);
        };
        await base.StartAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DispatchLoopAsync(stoppingToken), TrafficLoopAsync(stoppingToken));

    /// <summary>Traffic control follows the AGVs five times a second (release behind, hold where they stand).</summary>
    private async Task TrafficLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await traffic.TickAsync(); }
                catch (Exception e) { logger.LogError(e, "Traffic control tick failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task DispatchLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await dispatcher.TickAsync(ct);
                    await charging.TickAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Dispatch failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
