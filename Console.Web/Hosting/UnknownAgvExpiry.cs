using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Options;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// Forgets AGVs that were never enrolled (admitted by Agv:AllowUnknownAgvs) once they have been
/// offline longer than Agv:UnknownAgvRetentionHours, so made-up serials do not stay listed for
/// ever. An AGV that still holds floor (an offline AGV keeps its nodes until an operator releases
/// them), drives a trip or carries an order is kept. Each removal is audited as the console's.
/// </summary>
public sealed class UnknownAgvExpiry(
    IOptions<AgvOptions> options,
    IAgvRepository agvs,
    FleetRegistry registry,
    VehicleCommands commands,
    AgvConsole.Fleet.Orders.Dispatcher dispatcher,
    AgvAdministration administration,
    TimeProvider clock,
    ILogger<UnknownAgvExpiry> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try { await ExpireAsync(stoppingToken); }
            catch (OperationCanceledException) { break; }
            catch (Exception e) { logger.LogError(e, "Expiring unknown AGVs failed"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns the serials removed.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(CancellationToken ct = default)
    {
        var retention = TimeSpan.FromHours(options.Value.UnknownAgvRetentionHours);
        var cutoff = clock.GetUtcNow() - retention;
        var removed = new List<string>();
        foreach (var a in await agvs.GetAllAsync(ct))
        {
            if (a.Enrolled || (a.LastSeenAt ?? a.CreatedAt) > cutoff) continue;
            if (registry.Find(a.Serial) is { } v && (v.Online || commands.Trips.Of(a.Serial) is not null
                || commands.Trips.HeldBy(a.Serial).Count > 0 || dispatcher.HasOpenOrder(a.Serial))) continue;
            var (result, _) = await administration.RemoveAsync("console", a.Serial,
                $"never enrolled and not seen for {retention.TotalHours:0.#} h (Agv:UnknownAgvRetentionHours)");
            if (result == RemoveResult.Removed) removed.Add(a.Serial);
        }
        if (removed.Count > 0) logger.LogInformation("Forgot {Count} AGVs that were never enrolled and not seen for {Hours} h", removed.Count, retention.TotalHours);
        return removed;
    }
}
