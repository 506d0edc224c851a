using AgvConsole.Web.Accounts;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>What the operator side adds to the console: the site clock, user administration and the password gate, the audit export.</summary>
public static class OperatorHosting
{
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when the host starts (not now: tests add their configuration later); a wrong zone stops the start.
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection("Site"))
            .Validate(o => SiteClock.TryFind(o.TimeZone, out _), $"{SiteClock.ConfigurationKey} is not a time zone this machine knows: use an IANA id such as Asia/Shanghai (or leave it out for the server's own zone).")
            .ValidateOnStart();
        services.AddSingleton(sp => SiteClock.From(sp.GetRequiredService<IOptions<SiteOptions>>().Value));
        services.AddAccountAdministration();
        return services;
    }

    /// <summary>After authentication: the password gate sees who is signed in; then the audit export's endpoint.</summary>
    public static WebApplication UseOperatorConsole(this WebApplication app)
    {
        app.UseMustChangePassword();
        app.MapAuditExport();
        return app;
    }
}
