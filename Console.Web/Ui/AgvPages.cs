namespace AgvConsole.Web.Ui;

/// <summary>The services behind the AGV pages (detail, log, parameters): what they read and do, faked in page tests.</summary>
public static class AgvPages
{
    public static IServiceCollection AddAgvPages(this IServiceCollection services)
    {
        services.AddSingleton<IAgvControl, AgvControl>();
        services.AddSingleton<IAgvParameters, AgvParameterService>();
        services.AddSingleton<AgvLogReader>();
        return services;
    }
}
