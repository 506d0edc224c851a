using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace AgvConsole.Web.Accounts;

/// <summary>Accounts beyond sign-in: user administration, the session check, and the must-change-password gate.</summary>
public static class AccountHosting
{
    /// <summary>
    /// How often a signed-in browser's cookie is checked against its account (Identity's security stamp):
    /// a disabled account's or a reset password's open sessions end, and a new role or flag takes effect,
    /// within this time. One minute: one small query per browser per minute, and a disabled operator is
    /// out before they could do much.
    /// </summary>
    public static readonly TimeSpan SessionCheckInterval = TimeSpan.FromMinutes(1);

    public const string ChangePasswordPath = "/account/password";

    public static IServiceCollection AddAccountAdministration(this IServiceCollection services)
    {
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionCheckInterval);
        services.AddScoped<UserAdministration>();
        return services;
    }

    /// <summary>
    /// An account flagged <see cref="AccountClaims.MustChangePassword"/> reaches only the change-password page
    /// (and sign-out): every other request of its browser is sent there. Machines with API keys are not
    /// signed-in users and pass untouched.
    /// </summary>
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (http.User.Identity?.IsAuthenticated == true && http.User.MustChangePasswordNow()
            && !path.StartsWithSegments("/api") && !path.StartsWithSegments(ChangePasswordPath)
            && !path.StartsWithSegments("/account/logout") && !path.StartsWithSegments("/account/login")
            && !path.StartsWithSegments("/error") && !path.StartsWithSegments("/not-found"))
        {
            var back = HttpMethods.IsGet(http.Request.Method) ? http.Request.PathBase + path + http.Request.QueryString : "/";
            http.Response.StatusCode = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? StatusCodes.Status302Found : StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = $"{ChangePasswordPath}?returnUrl={Uri.EscapeDataString(back)}";
            return;
        }
        await next();
    });
}
