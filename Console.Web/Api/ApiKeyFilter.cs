using AgvConsole.Web.Security;

namespace AgvConsole.Web.Api;

/// <summary>Every /api/v1 call but health needs <c>X-Api-Key</c>; a missing or wrong key gets 401 and changes nothing.</summary>
public sealed class ApiKeyFilter(ApiKeys keys) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    public const string KeyNameItem = "api.keyName";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var name = keys.Authenticate(http.Request.Headers[Header].ToString());
        if (name is null)
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or wrong",
                detail: $"Send one of the keys configured in Api:Keys in the {Header} header.");
        http.Items[KeyNameItem] = name;
        return await next(context);
    }
}
