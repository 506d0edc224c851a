using AgvConsole.Web.Api;

namespace AgvConsole.Web.Security;

/// <summary>The browser and API hardening, registered and put in the pipeline with one call each.</summary>
public static class ConsoleSecurity
{
    public static IServiceCollection AddConsoleSecurity(this IServiceCollection services)
    {
        services.AddScoped<PasswordSignIn>();
        services.AddSignInThrottle();
        services.AddSingleton<WebhookTargets>();
        // Alarm webhooks connect only where WebhookTargets allows; no proxy, so the check sees the real target.
        services.AddHttpClient(WebhookTargets.ClientName, c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler { ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync, UseProxy = false });
        return services;
    }

    /// <summary>First in the pipeline: headers on every response, then the sign-in throttle and the API key, before anything reads a body.</summary>
    public static IApplicationBuilder UseConsoleSecurity(this IApplicationBuilder app)
    {
        app.UseSecurityHeaders();
        app.UseSignInThrottle();
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }
}
