using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The database (SQLite by default from ConnectionStrings:Console; PostgreSQL when
    /// Database:Provider=Postgres) and the stores over it.
    /// </summary>
    public static IServiceCollection AddConsoleData(this IServiceCollection services)
    {
        // Read when the first context is made, not at registration: configuration added later
        // (command line, environment, a test host's overrides) must win.
        static void Configure(IServiceProvider sp, DbContextOptionsBuilder o)
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var connection = configuration.GetConnectionString("Console") ?? "Data Source=console.db";
            o.UseConsoleDatabase(configuration["Database:Provider"], connection);
            // Interceptors registered by the host (tests use one to make the disk "full").
            o.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        }
        services.AddDbContextFactory<ConsoleDbContext>(Configure);
        services.AddDbContext<ConsoleDbContext>(Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddSingleton<IAgvRepository, AgvStore>();
        services.AddSingleton<IMapRepository, MapStore>();
        services.AddSingleton<IAuditSink, AuditLog>();
        services.AddSingleton<ISettingsRepository, SettingsStore>();
        services.AddSingleton<IParameterRepository, ParameterStore>();
        services.AddSingleton<IAlarmRepository, AlarmStore>();
        services.AddSingleton<INotificationRepository, NotificationStore>();
        services.AddSingleton<IOrderRepository, OrderStore>();
        services.AddSingleton<IOrderEventRepository, OrderEventStore>();
        services.AddSingleton<IWebhookOutbox, WebhookOutbox>();
        services.AddSingleton<IHistoryQuery, HistoryQuery>();
        services.AddSingleton<HistoryWriter>();
        services.AddSingleton<IHistorySink>(sp => sp.GetRequiredService<HistoryWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<HistoryWriter>());
        return services;
    }
}
