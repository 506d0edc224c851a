using System.Net;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Components;

/// <summary>The pages as a signed-in person gets them, parsed with AngleSharp.</summary>
public sealed class PagesTests : IClassFixture<PagesTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public void Dispose() => Factory.Dispose();
    }

    private readonly ConsoleFactory _factory;
    public PagesTests(Fixture f) => _factory = f.Factory;

    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task Wrong_password_shows_a_message_and_signs_nobody_in()
    {
        var (r, client) = await SignedInClient.SignInAsync(_factory, "supervisor", "not-the-password");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = await Parser.ParseDocumentAsync(await r.Content.ReadAsStringAsync());
        Assert.Equal("Wrong user name or password.", doc.QuerySelector("#login-error")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Empty_form_names_the_missing_fields()
    {
        var (r, _) = await SignedInClient.SignInAsync(_factory, "", "");
        var doc = await Parser.ParseDocumentAsync(await r.Content.ReadAsStringAsync());
        var messages = doc.QuerySelectorAll(".invalid-feedback").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains("Enter your user name.", messages);
        Assert.Contains("Enter your password.", messages);
    }

    [Fact]
    public async Task Sign_in_goes_back_to_a_local_return_url_only()
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var (returnUrl, expected) in new[] { ("/map", "/map"), ("https://evil.example/", "/"), ("//evil.example/", "/") })
        {
            var form = await Parser.ParseDocumentAsync(await client.GetStringAsync("/account/login"));
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var r = await client.PostAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = "maintenance", ["Input.Password"] = "Maintenance1!",
            }));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.Equal(expected, r.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        }
    }

    // The fleet list moved to /fleet as an interactive page: Bunit/FleetPageTests.cs.

    [Fact]
    public async Task Pages_are_served_interactive_with_the_blazor_script_and_static_pages_stay_static()
    {
        var client = await SignedInClient.AsAsync(_factory, "supervisor", "Supervisor1!");
        var overview = await client.GetStringAsync("/");
        Assert.Contains("_framework/blazor.web.js", overview);
        Assert.Contains("<!--Blazor:{", overview); // an interactive Server root (prerendered)
        Assert.DoesNotContain("bootstrap.min.css", overview);
        var js = await client.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);

        // The change-password page stays static SSR for good (a cookie sign-in needs a real HTTP answer): a plain form.
        var password = await client.GetStringAsync("/account/password");
        Assert.DoesNotContain("<!--Blazor:{", password);
        Assert.Contains("bootstrap.min.css", password);
        Assert.Contains("value=\"change-password\"", password);
        foreach (var converted in new[] { "/orders", "/alarms", "/alarms/history", "/audit" })
            Assert.Contains("<!--Blazor:{", await client.GetStringAsync(converted)); // interactive
    }

    [Fact]
    public async Task Agv_detail_shows_the_vehicle_or_says_it_is_unknown()
    {
        var client = await SignedInClient.AsAsync(_factory, "maintenance", "Maintenance1!");
        var doc = await Parser.ParseDocumentAsync(await client.GetStringAsync("/agvs/DEMO-02"));
        Assert.Equal("DEMO-02", doc.QuerySelector("h1")!.TextContent);
        Assert.Contains("Kivo", doc.QuerySelector("#agv-detail")!.TextContent);
        Assert.NotNull(doc.QuerySelector("#agv-events"));

        var unknown = await Parser.ParseDocumentAsync(await client.GetStringAsync("/agvs/XYZ"));
        Assert.Contains("XYZ", unknown.QuerySelector("#unknown-agv")!.TextContent);
    }

    [Fact]
    public async Task Unknown_page_is_a_friendly_404()
    {
        var client = await SignedInClient.AsAsync(_factory, "supervisor", "Supervisor1!");
        var r = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("Not found", await r.Content.ReadAsStringAsync());
    }
}
