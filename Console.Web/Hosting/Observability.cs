using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Traffic;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// How operations teams watch the console: OpenTelemetry metrics scraped by Prometheus at /metrics
/// (the console's own meter, .NET runtime and process CPU/memory, ASP.NET Core's request metrics)
/// and the health probes /health/live and /health/ready. GET /api/v1/system stays as it is.
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddConsoleObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MetricsOptions>(configuration.GetSection("Metrics"));
        // Traffic control is read through this one small interface; whatever drives the trips provides it.
        services.AddSingleton<ITrafficWaits>(sp => sp.GetRequiredService<VehicleCommands>().Trips);
        services.AddHostedService<ConsoleMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("agv-console"))
            .WithMetrics(m => m
                .AddMeter(ConsoleMetrics.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter());
        services.AddConsoleHealthChecks();
        return services;
    }

    public static WebApplication MapConsoleObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null,
            configureBranchedPipeline: scrape => scrape.UseMiddleware<MetricsAccess>(), optionsName: null);
        app.MapConsoleHealth();
        return app;
    }
}
