using AgvConsole.Web.Security;

namespace AgvConsole.Web.Api;

/// <summary>
/// Every /api/v1 call but <c>GET /api/v1/health</c> needs <c>X-Api-Key</c>; a missing or wrong key
/// gets 401 and changes nothing. A middleware, not an endpoint filter, so the key is checked before
/// anything of the request is read: a caller without a key learns nothing from how its body parses.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys)
{
    public const string Header = "X-Api-Key";
    /// <summary>HttpContext.Items key of the accepted key's name: the actor of audit entries ("api:name").</summary>
    public const string KeyNameItem = "api.keyName";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api/v1") || NeedsNoKey(http.Request))
        {
            await next(http);
            return;
        }
        var name = keys.Authenticate(http.Request.Headers[Header].ToString());
        if (name is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or wrong",
                detail: $"Send one of the keys configured in Api:Keys in the {Header} header. Nothing was read or changed.").ExecuteAsync(http);
            return;
        }
        http.Items[KeyNameItem] = name;
        await next(http);
    }

    /// <summary>What API.md lets anyone call: the health check.</summary>
    private static bool NeedsNoKey(HttpRequest r) =>
        (HttpMethods.IsGet(r.Method) || HttpMethods.IsHead(r.Method))
        && string.Equals(r.Path.Value?.TrimEnd('/'), "/api/v1/health", StringComparison.OrdinalIgnoreCase);
}
