using AgvConsole.Web.Components;
using AgvConsole.Web.Live;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: Microsoft.Extensions.Localization.RootNamespace("AgvConsole.Web")]

namespace AgvConsole.Web.Ui;

/// <summary>
/// The browser console: Razor components in the interactive Server render mode with MudBlazor
/// (the sign-in and change-password pages stay static SSR), circuits that re-check who is signed in,
/// live feeds the components subscribe to, and the interface in English and Chinese (docs/ui.md).
/// </summary>
public static class ConsoleUi
{
    public static IServiceCollection AddConsoleUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(Toasts);
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddScoped<AuthenticationStateProvider, ConsoleRevalidation>();
        services.AddScoped<Permissions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISiteTime>(sp => sp.GetRequiredService<Hosting.SiteClock>());

        services.AddOptions<LiveOptions>().Bind(configuration.GetSection("Live"));
        services.AddSingleton<ShiftRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ShiftRecorder>());
        services.AddSingleton<IFleetFeed, FleetFeed>();
        services.AddSingleton<IAlarmFeed, AlarmFeed>();
        services.AddSingleton<IOrderFeed, OrderFeed>();
        return services;
    }

    /// <summary>The pages (interactive Server where the page allows it) and the language switch.</summary>
    public static IEndpointRouteBuilder MapConsoleUi(this IEndpointRouteBuilder app)
    {
        app.MapCultureSwitch();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Where toasts appear, how long, and how many at once (shared with the component tests).</summary>
    public static void Toasts(MudServicesConfiguration c)
    {
        c.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
        c.SnackbarConfiguration.PreventDuplicates = false;
        c.SnackbarConfiguration.MaxDisplayedSnackbars = 6;
        c.SnackbarConfiguration.VisibleStateDuration = 8000;
    }
}
