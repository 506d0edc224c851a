namespace AgvConsole.Web.Security;

/// <summary>
/// The browser-hardening headers on every response of the console: pages, the sign-in page, error
/// pages, static files and the API alike (one rule is easier to keep than a list of exceptions).
/// </summary>
/// <remarks>
/// The Content-Security-Policy allows script only from the console itself (no inline script, no
/// eval, no inline handlers): even if data ever reached a page as markup, it could not run. Styles
/// allow 'unsafe-inline' because pages use style attributes (battery bars, chart keys) and
/// MudBlazor (issue 14) sets them too; a style cannot run script. Images allow data: URLs (the
/// favicon). connect-src 'self' covers the SignalR hub, and Blazor Server's blazor.web.js and its
/// WebSocket when the console turns interactive. Extend the policy here, in one place.
/// Referrer-Policy is same-origin rather than no-referrer: nothing leaves the site (page URLs carry
/// serials and filters), while the console's own requests keep their Referer and a real Origin
/// header (under no-referrer a browser sends "Origin: null" on form posts), so an origin check on
/// posts or on Blazor's WebSocket stays possible.
/// </remarks>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Frame-Options"] = "DENY",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "same-origin",
    };

    /// <summary>First in the pipeline. Set when the response starts, so error handlers that clear the response keep them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(next => context =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            foreach (var (name, value) in All) headers[name] = value;
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
