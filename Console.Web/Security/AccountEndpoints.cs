using Microsoft.AspNetCore.Identity;
using AgvConsole.Fleet.Persistence;

namespace AgvConsole.Web.Security;

/// <summary>Sign-out as a POST (with the antiforgery token of the form in the navigation bar).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn, HttpContext http, IAuditSink audit, ILogger<IAuditSink> logger) =>
        {
            var user = http.User.Identity?.Name ?? "?";
            await signIn.SignOutAsync();
            await audit.TryWriteAsync(logger, user, "sign-out", user, "", "ok");
            return Results.Redirect("/account/login");
        }).RequireAuthorization();
        return app;
    }
}
