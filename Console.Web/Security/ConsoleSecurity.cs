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
        // The alarm webhooks' HTTP client (guarded by WebhookTargets where it connects) is set up with the others: WebhookSender.AddWebhooks.
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
