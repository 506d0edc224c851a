using AgvConsole.Web.Accounts;
using AgvConsole.Web.Ui;

namespace AgvConsole.Web.Hosting;

/// <summary>What the alarm, audit and administration pages use beside the feeds (docs/ui.md).</summary>
public static class AlarmAndAdministrationPages
{
    public static IServiceCollection AddAlarmAndAdministrationPages(this IServiceCollection services)
    {
        services.AddSingleton<IAlarmActions>(sp => sp.GetRequiredService<AlarmCentre>());
        services.AddSingleton<NotificationAdministration>();
        services.AddSingleton<UserAccounts>();
        services.AddConsoleMudText(); // MudBlazor's own texts (pager, grid filters, dialogs) in the page's language
        return services;
    }
}
