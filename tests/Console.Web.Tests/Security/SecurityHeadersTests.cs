using System.Net;
using AgvConsole.Web.Security;

namespace AgvConsole.Web.Tests.Security;

/// <summary>The browser-hardening headers are on every kind of response: pages, sign-in, errors, static files, the API.</summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.Fixture fixture) : IClassFixture<SecurityHeadersTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public void Dispose() => Factory.Dispose();
    }

    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private static void AssertHardened(HttpResponseMessage r, string what)
    {
        string Header(string name) => r.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
            : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : throw new Xunit.Sdk.XunitException($"{what}: no {name} header");
        Assert.Equal(Csp, Header("Content-Security-Policy"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("same-origin", Header("Referrer-Policy"));
    }

    [Fact]
    public void The_policy_allows_no_inline_script_and_no_framing()
    {
        Assert.Equal(Csp, SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("script-src 'self'", SecurityHeaders.ContentSecurityPolicy.Split("; ").Single(d => d.StartsWith("script-src")));
    }

    [Fact]
    public async Task Pages_sign_in_errors_and_static_files_carry_the_headers()
    {
        var anonymous = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var login = await anonymous.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        AssertHardened(login, "sign-in page");
        var redirect = await anonymous.GetAsync("/map");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        AssertHardened(redirect, "redirect to sign-in");

        var supervisor = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        foreach (var page in new[] { "/", "/map", "/agvs/DEMO-01", "/alarms", "/audit" })
        {
            var r = await supervisor.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertHardened(r, page);
        }
        var missing = await supervisor.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertHardened(missing, "not-found page");
        var denied = await supervisor.GetAsync("/admin/agvs");
        AssertHardened(denied, "access denied");

        foreach (var file in new[] { "/js/live-map.js", "/css/site.css", "/lib/bootstrap/css/bootstrap.min.css" })
        {
            var r = await anonymous.GetAsync(file);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertHardened(r, file);
        }
    }

    [Fact]
    public async Task The_api_carries_the_headers_with_and_without_a_key()
    {
        var client = fixture.Factory.CreateClient();
        AssertHardened(await client.GetAsync("/api/v1/health"), "health");
        var refused = await client.GetAsync("/api/v1/agvs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertHardened(refused, "401");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agvs");
        request.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        var ok = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        AssertHardened(ok, "agvs");
    }
}
