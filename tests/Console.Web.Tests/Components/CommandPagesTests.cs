using System.Net;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Tests.Api;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>Commands from the AGV detail page: forms posted as a browser posts them, answers shown, roles enforced.</summary>
public sealed class CommandPagesTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
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

    [Fact]
    public async Task Supervisor_sends_commands_and_sees_the_agvs_answer()
    {
        var client = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var stop = await PostFormAsync(client, "/agvs/DEMO-02", "cmd-estop", []);
        Assert.Equal("Emergency stop: done.", stop.QuerySelector("#command-result")!.TextContent.Trim());
        var resume = await PostFormAsync(client, "/agvs/DEMO-02", "cmd-resume", []);
        Assert.Contains("refused it (not possible in its current state)", resume.QuerySelector("#command-result")!.TextContent);
        var release = await PostFormAsync(client, "/agvs/DEMO-02", "cmd-release", []);
        Assert.Equal("Release emergency stop: done.", release.QuerySelector("#command-result")!.TextContent.Trim());

        var charge = await PostFormAsync(client, "/agvs/DEMO-02", "cmd-charge", new() { ["Station"] = "1005", ["Charge"] = "start" });
        Assert.Contains("not a charging station", charge.QuerySelector("#command-result")!.TextContent);

        var audit = await fixture.Factory.Services.GetRequiredService<IAuditSink>().RecentAsync(20, "DEMO-02");
        Assert.Contains(audit, a => a.Actor == "supervisor" && a.Detail == "Emergency stop" && a.Outcome.StartsWith("Ok"));
    }

    [Fact]
    public async Task Offline_agv_shows_why_commands_are_disabled()
    {
        var client = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var doc = await Parser.ParseDocumentAsync(await client.GetStringAsync("/agvs/DEMO-08"));
        Assert.Contains("offline: commands cannot be sent", doc.QuerySelector("#agv-commands")!.TextContent);
        Assert.True(doc.QuerySelector("#btn-estop")!.HasAttribute("disabled"));
    }

    [Fact]
    public async Task Maintenance_sees_no_commands_and_a_hand_made_post_is_refused()
    {
        var supervisor = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var page = await Parser.ParseDocumentAsync(await supervisor.GetStringAsync("/agvs/DEMO-03"));
        Assert.NotNull(page.QuerySelector("#agv-commands"));

        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var doc = await Parser.ParseDocumentAsync(await maintenance.GetStringAsync("/agvs/DEMO-03"));
        Assert.Null(doc.QuerySelector("#agv-commands"));
        // Posting the form anyway (with maintenance's own antiforgery token) sends nothing.
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await maintenance.PostAsync("/agvs/DEMO-03", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "cmd-estop", ["Command"] = "EmergencyStop",
        }));
        var audit = await fixture.Factory.Services.GetRequiredService<IAuditSink>().RecentAsync(50, "DEMO-03");
        Assert.DoesNotContain(audit, a => a.Actor == "maintenance");
        Assert.DoesNotContain("Emergency stop: done", await r.Content.ReadAsStringAsync());
    }
}
