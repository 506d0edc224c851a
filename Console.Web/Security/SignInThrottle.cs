using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace AgvConsole.Web.Security;

/// <summary>
/// Sign-in attempts are limited per client address (ASP.NET Core's rate limiter), not per account:
/// a lockout per account lets anyone lock the administrator out by typing wrong passwords.
/// Default: 10 attempts (POST /account/login) per address in any 5 minutes (a sliding window in
/// five 1-minute segments), configurable with <c>Accounts:SignInAttemptsPerAddress</c> and
/// <c>Accounts:SignInWindowMinutes</c> (the console's own keys). A person who mistypes a few times
/// never meets it; a password guesser gets 120 tries an hour per address instead of thousands.
/// IPv6 clients are counted per /64 (one host usually holds a whole /64). Behind a reverse proxy
/// every client has the proxy's address: raise the limit, or forward the client address.
/// Attempts over the limit get 429 and a short page; nothing of the request is echoed.
/// </summary>
public static class SignInThrottle
{
    public const int DefaultAttempts = 10;
    public const int DefaultWindowMinutes = 5;

    public static IServiceCollection AddSignInThrottle(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        // Read when the options are first used, so a test host's or the command line's settings win.
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            int attempts = Math.Max(1, configuration.GetValue("Accounts:SignInAttemptsPerAddress", DefaultAttempts));
            var window = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Accounts:SignInWindowMinutes", DefaultWindowMinutes)));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http.Request)
                ? RateLimitPartition.GetSlidingWindowLimiter(Partition(http.Connection.RemoteIpAddress), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = attempts, Window = window, SegmentsPerWindow = 5, QueueLimit = 0, AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => RefuseAsync(context.HttpContext, context.Lease, window, ct);
        });
        return services;
    }

    public static IApplicationBuilder UseSignInThrottle(this IApplicationBuilder app) => app.UseRateLimiter();

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/account/login");

    /// <summary>The address an attempt counts against: IPv4 as is, IPv6 by its /64 prefix.</summary>
    public static string Partition(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static async ValueTask RefuseAsync(HttpContext http, RateLimitLease lease, TimeSpan window, CancellationToken ct)
    {
        // A sliding window does not say when a permit comes back; the whole window is the honest upper bound.
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        int minutes = Math.Max(1, (int)Math.Ceiling(retry.TotalMinutes));
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>Too many sign-in attempts · AGV Console</title><link rel="stylesheet" href="/lib/bootstrap/css/bootstrap.min.css" /></head>
            <body class="bg-body-tertiary"><main class="container py-5" style="max-width: 36rem">
            <h1 class="h4">Too many sign-in attempts</h1>
            <p>There were too many attempts to sign in from this computer's address in the last few minutes, so the console
            does not take more for now. Wait about {{minutes}} minute(s), then sign in again.</p>
            <p>If you do not remember your password, ask an administrator to reset it.</p>
            <p><a class="btn btn-primary" href="/account/login">Back to sign-in</a></p>
            </main></body></html>
            """, ct);
    }
}
