using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AgvConsole.Web.Api;

/// <summary>
/// Describes API.md's key rule in the OpenAPI document: a security scheme "ApiKey" (header
/// <c>X-Api-Key</c>), required by every /api/v1 operation except the health check. Decided by path,
/// not by how the key is enforced, so the document stays right whichever filter or middleware checks it.
/// </summary>
public sealed class ApiKeySecurityScheme : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>The operations API.md lets anyone call.</summary>
    private static readonly HashSet<string> NoKey = new(StringComparer.OrdinalIgnoreCase) { "/api/v1/health" };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "AGV Console REST API";
        document.Info.Description = "The REST API for business systems (MES/WMS/ERP) and scripts. Every call but GET /api/v1/health needs an API key "
                                    + $"(one of Api:Keys) in the {Header} header; errors are RFC 7807 problem+json.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Header,
            Description = "An API key from the console's Api:Keys (or the key it generated and printed at its first start). A missing or wrong key gets 401 and changes nothing.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase) || NoKey.Contains(path) || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
        }
        return Task.CompletedTask;
    }
}
