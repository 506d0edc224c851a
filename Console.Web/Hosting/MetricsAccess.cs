using System.Security.Cryptography;
using System.Text;
using AgvConsole.Web.Security;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>The <c>Metrics:</c> section (the console's own keys).</summary>
public sealed class MetricsOptions
{
    /// <summary>Scrape tokens, "secret" or "name=secret", presented as <c>Authorization: Bearer secret</c> (Prometheus' <c>authorization</c> setting).</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>true = /metrics answers anyone (a site whose HTTP port only its monitoring network reaches). The demo sets it.</summary>
    public bool AllowAnonymous { get; set; }
}

/// <summary>
/// Who may read /metrics. Decision: a key is needed unless the site opens it with
/// <c>Metrics:AllowAnonymous</c>. The numbers leak little one by one, but together they tell
/// anyone who reaches the console's HTTP port (often the whole plant network, not only the
/// monitoring LAN) the fleet's size and activity, the orders' pace, and whether the security drops
/// count an attacker's probes; and GET /api/v1/system, which says the same, needs a key too.
/// A scraper gets its own token (<c>Metrics:Keys</c>, sent as a bearer token) rather than an API
/// key, which would also let it command AGVs; an API key in <c>X-Api-Key</c> is accepted as well
/// (a person with curl). A refusal is 401 with a text body, nothing else is read.
/// </summary>
public sealed class MetricsAccess(RequestDelegate next, IOptionsMonitor<MetricsOptions> options, ApiKeys apiKeys)
{
    private const string ApiKeyHeader = "X-Api-Key"; // API.md's header

    public async Task InvokeAsync(HttpContext http)
    {
        if (options.CurrentValue.AllowAnonymous || HasScrapeToken(http.Request) || apiKeys.Authenticate(http.Request.Headers[ApiKeyHeader].ToString()) is not null)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
        await http.Response.WriteAsync("Metrics need a scrape token (Metrics:Keys) as 'Authorization: Bearer <token>', or an API key in X-Api-Key.\n");
    }

    private bool HasScrapeToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        bool match = false;
        foreach (var key in options.CurrentValue.Keys)
        {
            if (string.IsNullOrWhiteSpace(key)) continue;
            int eq = key.IndexOf('=');
            var secret = Encoding.UTF8.GetBytes(eq > 0 ? key[(eq + 1)..] : key);
            match |= CryptographicOperations.FixedTimeEquals(presented, secret); // every key compared, in constant time each
        }
        return match;
    }
}
