using System.Net;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests;

/// <summary>Signs in through the real sign-in form (antiforgery token included), as a browser would.</summary>
public static class SignedInClient
{
    public static async Task<(HttpResponseMessage Response, HttpClient Client)> SignInAsync(ConsoleFactory factory, string user, string password)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/account/login"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }));
        return (response, client);
    }

    public static async Task<HttpClient> AsAsync(ConsoleFactory factory, string user, string password)
    {
        var (r, client) = await SignInAsync(factory, user, password);
        if (r.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {user} failed: {r.StatusCode}");
        return client;
    }
}
