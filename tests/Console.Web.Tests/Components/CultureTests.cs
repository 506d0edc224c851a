using System.Net;
using AgvConsole.Web.Ui;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Components;

/// <summary>The interface language over HTTP: from the browser, switched with the form, remembered for the account.</summary>
public sealed class CultureTests : IClassFixture<CultureTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public void Dispose() => Factory.Dispose();
    }

    private readonly ConsoleFactory _factory;
    public CultureTests(Fixture f) => _factory = f.Factory;

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh-Hans", "zh-CN")]
    [InlineData("de-DE,en-GB;q=0.5", "en")]
    [InlineData("fr-FR", null)]
    [InlineData("", null)]
    [InlineData("en;q=0.2,zh-TW;q=0.9", "zh-CN")]
    public void The_browsers_first_language_the_console_speaks_wins(string acceptLanguage, string? expected) =>
        Assert.Equal(expected, ConsoleCulture.FromBrowser(acceptLanguage)?.UICultures[0].Value);

    private static async Task<string> Lang(HttpClient client, string path = "/fleet") =>
        (await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path))).DocumentElement.GetAttribute("lang")!;

    private static async Task<HttpResponseMessage> SwitchAsync(HttpClient client, string culture, string returnUrl, bool withToken = true)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/fleet"));
        var fields = new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = returnUrl };
        if (withToken) fields["__RequestVerificationToken"] = page.QuerySelector("#language-switch input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync("/account/culture", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Switching_sets_the_cookie_remembers_it_for_the_account_and_returns_to_the_page()
    {
        var client = await SignedInClient.AsAsync(_factory, "maintenance", "Maintenance1!");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        Assert.Equal("en", await Lang(client));

        var r = await SwitchAsync(client, "zh-CN", "/fleet?state=idle");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/fleet?state=idle", r.Headers.Location!.OriginalString);
        Assert.Equal("zh-CN", await Lang(client));
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/fleet"));
        Assert.Equal("车队", page.QuerySelector("h1")!.TextContent);

        // Another browser, English by its headers: signed in as the same account, it gets Chinese.
        var other = await SignedInClient.AsAsync(_factory, "maintenance", "Maintenance1!");
        other.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        Assert.Equal("zh-CN", await Lang(other));
        // Another account is not affected.
        var supervisor = await SignedInClient.AsAsync(_factory, "supervisor", "Supervisor1!");
        supervisor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB");
        Assert.Equal("en", await Lang(supervisor));

        await SwitchAsync(client, "en", "/");
        Assert.Equal("en", await Lang(client));
    }

    [Fact]
    public async Task The_switch_needs_the_antiforgery_token_and_goes_only_to_local_pages()
    {
        var client = await SignedInClient.AsAsync(_factory, "admin", "Administrator1!");
        Assert.Equal(HttpStatusCode.BadRequest, (await SwitchAsync(client, "zh-CN", "/", withToken: false)).StatusCode);
        Assert.Equal("en", await Lang(client));

        var away = await SwitchAsync(client, "en", "https://evil.example/");
        Assert.Equal("/", away.Headers.Location!.OriginalString);
        var unknown = await SwitchAsync(client, "xx", "/fleet");
        Assert.Equal("/fleet", unknown.Headers.Location!.OriginalString);
        Assert.Equal("en", await Lang(client));
    }

    [Theory]
    [InlineData("zh-CN", "登录", "用户名", "请输入用户名。")]
    [InlineData("en-GB", "Sign in", "User name", "Enter your user name.")]
    public async Task The_sign_in_page_speaks_the_browsers_language_its_checks_too(string acceptLanguage, string button, string label, string missing)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        var html = await client.GetStringAsync("/account/login");
        var page = await new HtmlParser().ParseDocumentAsync(html);
        Assert.Equal(button, page.QuerySelector("#sign-in")!.TextContent.Trim());
        Assert.Equal(label, page.QuerySelector("label[for=username]")!.TextContent.Trim());

        // Posted empty: the page comes back with what is missing, in the same language.
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "", ["Input.Password"] = "",
            ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        };
        var answer = await new HtmlParser().ParseDocumentAsync(await (await client.PostAsync("/account/login", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync());
        Assert.Contains(missing, answer.QuerySelectorAll(".invalid-feedback").Select(e => e.TextContent.Trim()));
    }
}
