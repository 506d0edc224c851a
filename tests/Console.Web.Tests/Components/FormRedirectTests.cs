using System.Net;
using AgvConsole.Web.Tests.Api;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// POST-redirect-GET: every form that acted answers 303 to its page's GET address, the GET shows the
/// outcome once, and reloading that page repeats nothing.
/// </summary>
public sealed class FormRedirectTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private static readonly HtmlParser Parser = new();

    // Orders are created in an interactive dialog now, idempotent by the dialog's external id (a double
    // submit or a reload queues nothing twice): Bunit/OrdersPageTests.cs and the E2E OrderFlowTests.

    [Fact]
    public async Task The_outcome_is_for_the_user_who_posted_only()
    {
        var supervisor = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var post = await CommandPagesTests.PostFormRawAsync(supervisor, "/orders?edit=new", "new-order",
            new() { ["ExternalId"] = "PRG-OWN", ["Type"] = "Move", ["Priority"] = "3", ["ToNodeId"] = "2020" });
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        var cookie = post.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("agv-flash="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("queued", cookie); // protected, not readable

        // The same cookie presented by another account shows nothing.
        var admin = await SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var other = await Parser.ParseDocumentAsync(await (await admin.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Null(other.QuerySelector("#command-result"));
        var own = await Parser.ParseDocumentAsync(await supervisor.GetStringAsync("/orders"));
        Assert.Matches(@"Order \d+ is queued\.", own.QuerySelector("#command-result")!.TextContent);
    }

    public static TheoryData<string, string, string, string, string> Forms => new()
    {
        // page, form, user, expected GET address, expected message
        { "/alarms/rules", "template", "admin", "/alarms/rules", "default set" },
        { "/alarms/groups?edit=new", "group", "admin", "/alarms/groups?edit=", "saved." },
        { "/admin/agvs", "remove", "admin", "/admin/agvs", "No AGV" },
        { "/maps", "import-map", "admin", "/maps", "Map 7 (Annex 7) was imported." },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Every_form_that_acted_answers_303_and_its_page_shows_the_outcome(string page, string form, string user, string target, string message)
    {
        var password = user == "admin" ? "Administrator1!" : "Supervisor1!";
        var client = await SignedInClient.AsAsync(fixture.Factory, user, password);
        Dictionary<string, string> fields = form switch
        {
            "group" => new() { ["Id"] = "0", ["Name"] = "Night shift", ["Contacts"] = "", ["WebhookUrl"] = "", ["Do"] = "save" },
            "remove" => new() { ["RemoveSerial"] = "NOBODY-1" },
            "import-map" => new() { ["MapJson"] = """{ "mapId": 7, "name": "Annex 7", "building": "C", "floor": 1, "nodes": [ { "id": 7001, "x": 0, "y": 0, "kind": "normal" }, { "id": 7002, "x": 3000, "y": 0, "kind": "normal" } ], "edges": [ { "from": 7001, "to": 7002, "bidirectional": true, "maxSpeed": 1000 } ] }""" },
            _ => [],
        };
        var r = await CommandPagesTests.PostFormRawAsync(client, page, form, fields);
        Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
        Assert.StartsWith(target, r.Headers.Location!.PathAndQuery);
        var shown = await Parser.ParseDocumentAsync(await client.GetStringAsync(r.Headers.Location.PathAndQuery));
        Assert.Contains(message, shown.QuerySelector("#command-result")!.TextContent);
    }
}
