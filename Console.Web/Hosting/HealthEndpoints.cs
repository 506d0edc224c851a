using System.Text.Json;
using AgvConsole.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// /health/live and /health/ready for an orchestrator or a load balancer, with no key (like
/// GET /api/v1/health): live = the process answers HTTP (no check runs); ready = the database
/// answers a query and the AGV port accepts connections. 200 when healthy, 503 otherwise, with a
/// small JSON body naming each check's status; no exception text (it may name paths or hosts).
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    /// <summary>A probe that hangs is worse than one that fails: a database that does not answer in this time is unreachable.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddConsoleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            // A real query on a small table: on SQLite merely opening succeeds even where the file is gone (it makes a new, empty one).
            .AddDbContextCheck<ConsoleDbContext>("database", HealthStatus.Unhealthy, [Ready],
                async (db, ct) => { await db.Settings.AsNoTracking().AnyAsync(ct); return true; })
            .AddCheck<AgvListenerCheck>("agvListener", HealthStatus.Unhealthy, [Ready]);
        services.PostConfigure<HealthCheckServiceOptions>(o =>
        {
            foreach (var r in o.Registrations) r.Timeout = CheckTimeout;
        });
        return services;
    }

    public static void MapConsoleHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }, cancellationToken: http.RequestAborted);
    }
}

/// <summary>Ready only while the AGV port is bound and accepting (not before the listener started, not after it stopped).</summary>
public sealed class AgvListenerCheck(AgvListener listener) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(listener.Running is { IsListening: true } server
            ? HealthCheckResult.Healthy($"AGV port {server.Port}")
            : new HealthCheckResult(context.Registration.FailureStatus, "the AGV port is not accepting connections"));
}
