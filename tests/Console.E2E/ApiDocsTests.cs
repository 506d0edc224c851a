using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The API reference (/api/docs) in a real browser under the console's strict Content-Security-Policy:
/// Scalar renders the OpenAPI document, with no policy violation and nothing fetched from elsewhere.
/// </summary>
public sealed class ApiDocsTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 0, traffic: false))
{
    /// <summary>The policy of the console's security headers (script only from the console, no inline script), put on every response here.</summary>
    private const string StrictPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    [Fact]
    public async Task The_reference_renders_the_api_with_its_key_scheme_under_the_strict_policy()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error") problems.Add("console error: " + m.Text);
        };
        var elsewhere = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (!route.Request.Url.StartsWith(Host.BaseUrl, StringComparison.Ordinal))
            {
                elsewhere.Add(route.Request.Url);
                await route.AbortAsync();
                return;
            }
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = StrictPolicy };
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Headers = headers });
        });
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' in ' + e.sourceFile));");

        await page.GotoAsync(Host.BaseUrl + "/api/docs");
        // Scalar has fetched and rendered the document: its title, an operation, and the API key scheme.
        await page.GetByText("AGV Console REST API").First.WaitForAsync(new() { Timeout = 30000 });
        await page.GetByText("/api/v1/orders").First.WaitForAsync(new() { Timeout = 10000 });
        await page.GetByText("X-Api-Key").First.WaitForAsync(new() { Timeout = 10000 });
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("api-docs.png") });

        Assert.Equal(0, await page.GetByText("Ask AI").CountAsync()); // none of Scalar's cloud tools
        Assert.Equal(0, await page.GetByText("Deploy API").CountAsync());

        // The one refusal allowed: the bundle's schema library probes once whether Function('') may run
        // (to compile validators), is refused, and validates without generated code (ApiDocs.cs).
        var evalProbe = $"CSP violation: script-src eval in {Host.BaseUrl}/api/docs/scalar.js";
        Assert.DoesNotContain(problems, p => p != "console error: " + evalProbe);
        Assert.Empty(elsewhere);
    }
}
