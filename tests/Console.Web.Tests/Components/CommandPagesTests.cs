using System.Net;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// Posts the static forms that are left (change password), as a browser posts them. Every other page is
/// interactive, without POST forms: its tests are bUnit tests in Bunit/.
/// </summary>
public static class CommandPagesTests
{
    private static readonly HtmlParser Parser = new();

    /// <summary>
    /// Posts the form <paramref name="formName"/> of <paramref name="page"/> with the extra fields given, as a
    /// browser does: a 303 (the handler acted) is followed to the GET that shows the outcome; a 422 (refused,
    /// nothing done) is the form shown again. Anything else fails the test.
    /// </summary>
    internal static async Task<AngleSharp.Html.Dom.IHtmlDocument> PostFormAsync(HttpClient client, string page, string formName, Dictionary<string, string> fields)
    {
        var r = await PostFormRawAsync(client, page, formName, fields);
        if (r.StatusCode == HttpStatusCode.SeeOther)
        {
            var location = new Uri(client.BaseAddress!, r.Headers.Location!);
            Assert.Equal(client.BaseAddress!.Authority, location.Authority); // never elsewhere
            return await Parser.ParseDocumentAsync(await client.GetStringAsync(location.PathAndQuery));
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        return await Parser.ParseDocumentAsync(await r.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the form as <see cref="PostFormAsync"/> does and returns the answer itself (nothing followed).</summary>
    internal static async Task<HttpResponseMessage> PostFormRawAsync(HttpClient client, string page, string formName, Dictionary<string, string> fields, string? action = null)
    {
        var doc = await Parser.ParseDocumentAsync(await client.GetStringAsync(page));
        var form = doc.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
                   ?? throw new InvalidOperationException($"no form {formName} on {page}");
        var values = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (k, v) in fields) values[k] = v;
        return await client.PostAsync(action ?? form.GetAttribute("action") ?? page, new FormUrlEncodedContent(values));
    }
}
