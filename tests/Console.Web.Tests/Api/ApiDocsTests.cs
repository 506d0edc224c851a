using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Api;

/// <summary>The API reference page (/api/docs) and the API key scheme in the OpenAPI document.</summary>
public sealed class ApiDocsTests : IClassFixture<ApiDocsTests.Console>
{
    /// <summary>A console with no simulated AGVs, shared by the class.</summary>
    public sealed class Console() : ConsoleFactory(simulatedAgvs: 0);

    private readonly HttpClient _client;

    public ApiDocsTests(Console console) => _client = console.CreateClient();

    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/api/docs/")]
    [InlineData("/api/docs/v1")]
    public async Task The_reference_page_loads_scalar_from_the_console_and_points_at_the_openapi_document_without_inline_script(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        Assert.Equal("/openapi/v1.json", page.QuerySelector("#app")?.GetAttribute("data-openapi"));
        var scripts = page.QuerySelectorAll("script").ToList();
        Assert.All(scripts, s => Assert.True(string.IsNullOrWhiteSpace(s.TextContent), "inline script: " + s.OuterHtml));
        var sources = scripts.Select(s => s.GetAttribute("src")).ToList();
        Assert.Equal(["/api/docs/scalar.js", "/js/api-docs.js"], sources);
        foreach (var src in sources)
        {
            var script = await _client.GetAsync(src);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains("createApiReference", await _client.GetStringAsync("/js/api-docs.js"));
    }

    [Fact]
    public async Task The_openapi_document_declares_the_api_key_scheme_on_every_operation_but_health()
    {
        var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        int secured = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            Assert.StartsWith("/api/v1/", path.Name); // integrators' document: no browser endpoints
            foreach (var operation in path.Value.EnumerateObject())
            {
                bool hasKey = operation.Value.TryGetProperty("security", out var security)
                              && security.EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _));
                if (path.Name == "/api/v1/health") Assert.False(hasKey, "health needs no key");
                else
                {
                    Assert.True(hasKey, $"{operation.Name} {path.Name} does not declare the API key");
                    secured++;
                }
            }
        }
        Assert.True(secured >= 20, $"only {secured} operations"); // API.md lists more than 20
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/orders", out _));
    }
}
