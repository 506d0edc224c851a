using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using AgvConsole.Fleet.Persistence;

namespace AgvConsole.Web.Security;

/// <summary>Sign-out as a POST (with the antiforgery token of the form in the navigation bar).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn, IAntiforgery antiforgery, HttpContext http, IAuditSink audit, ILogger<IAuditSink> logger) =>
        {
            // Checked here: the antiforgery middleware only marks a request, and this endpoint binds no
            // form, so nothing else would refuse a sign-out posted from another site.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Text("Sign-out needs the Sign out button of the console: reload the page and use it. You are still signed in.",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            var user = http.User.Identity?.Name ?? "?";
            await signIn.SignOutAsync();
            await audit.TryWriteAsync(logger, user, "sign-out", user, "", "ok");
            return Results.Redirect("/account/login");
        }).RequireAuthorization();
        return app;
    }
}
