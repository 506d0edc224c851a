using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgvConsole.Web.Tests;

/// <summary>Signs in through the real sign-in form (antiforgery token included), as a browser would.</summary>
public static class SignedInClient
{
    /// <param name="address">The client address the requests come from (see <see cref="ClientAddress"/>); null: a fresh one per request.</param>
    public static async Task<(HttpResponseMessage Response, HttpClient Client)> SignInAsync(WebApplicationFactory<Program> factory, string user, string password, string? address = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (address is not null) client.DefaultRequestHeaders.Add(ClientAddress.Header, address);
        return (await PostAsync(client, user, password), client);
    }

    /// <summary>One sign-in attempt with the client's cookies and address.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string user, string password)
    {
        var form = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/account/login"));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpClient> AsAsync(WebApplicationFactory<Program> factory, string user, string password)
    {
        var (r, client) = await SignInAsync(factory, user, password);
        if (r.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {user} failed: {r.StatusCode}");
        return client;
    }
}
