using System.Net;
using AgvConsole.Web.Api;
using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// The API reference for integrators at /api/docs: Scalar renders the OpenAPI document
/// (/openapi/v1.json), which describes the API key scheme (<see cref="ApiKeySecurityScheme"/>).
/// </summary>
/// <remarks>
/// Scalar's own page bootstraps itself with an inline script, which the console's
/// Content-Security-Policy (script-src 'self', no inline script) refuses. So the page is the
/// console's: the same bundle, served by Scalar.AspNetCore from its route (/api/docs/scalar.js, from
/// the package, never a CDN), started by wwwroot/js/api-docs.js. No inline script, no relaxed policy.
/// Every page route of Scalar's group answers with this page, so no page that would break under the
/// policy is reachable. Scalar is told not to fetch its web fonts (a CDN), to send no telemetry, and
/// to offer none of its cloud tools (AI agent, SDK generation, hosting), which would send the
/// document to its servers. One thing the browser still reports: the bundle's schema library probes
/// once whether <c>Function('')</c> is allowed, is refused (script-src has no 'unsafe-eval'), and
/// validates without generated code; nothing on the page depends on it.
/// </remarks>
public static class ApiDocs
{
    public const string Path = "/api/docs";
    public const string OpenApiDocument = "/openapi/v1.json";

    private static readonly string[] ScalarAssets = ["scalar.js", "scalar.aspnetcore.js", "favicon.svg"];

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        // AddOpenApi() (Program.cs) registers document "v1"; this adds to its options.
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer<ApiKeySecurityScheme>();
            // The document is for integrators: the REST API only, not the browser modules' own
            // endpoints (/ui/..., sign-out, CSV export), which need a signed-in browser and its antiforgery token.
            var earlier = o.ShouldInclude;
            o.ShouldInclude = d => earlier(d) && d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path).AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var last = request.Path.Value?.TrimEnd('/').Split('/')[^1];
            return ScalarAssets.Contains(last, StringComparer.Ordinal)
                ? await next(context)
                : Results.Content(Page(request.PathBase), "text/html; charset=utf-8");
        });
        return app;
    }

    private static string Page(PathString pathBase)
    {
        string Url(string path) => WebUtility.HtmlEncode(pathBase.Add(path).ToString());
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>AGV Console REST API</title>
                <link rel="icon" href="{Url(Path + "/favicon.svg")}" />
            </head>
            <body>
                <div id="app" data-openapi="{Url(OpenApiDocument)}"></div>
                <script src="{Url(Path + "/scalar.js")}"></script>
                <script src="{Url("/js/api-docs.js")}"></script>
            </body>
            </html>
            """;
    }
}
