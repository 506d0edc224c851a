using AgvConsole.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Web.Tests.Components;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Alarm notifications: a webhook that answers gets the alarm; one that cannot be reached fails visibly after its retries.</summary>
public sealed class NotificationTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task Routed_alarms_reach_the_groups_webhook_and_failures_are_shown()
    {
        int port = Wait.FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        receiver.Start();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                var ctx = await receiver.GetContextAsync();
                var body = await JsonDocument.ParseAsync(ctx.Request.InputStream);
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
                if (body.RootElement.GetProperty("alarm").GetProperty("serial").GetString() == "DEMO-03") received.TrySetResult(body.RootElement.Clone());
            }
        });

        var admin = await SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");
        var ok = await CommandPagesTests.PostFormAsync(admin, "/alarms/groups?edit=new", "group",
            new() { ["Id"] = "0", ["Name"] = "Night shift", ["Contacts"] = "Li Wei +86 138 0000 0000", ["WebhookUrl"] = $"http://127.0.0.1:{port}/hook/", ["Do"] = "save" });
        Assert.Contains("saved", ok.QuerySelector("#command-result")!.TextContent);
        var bad = await CommandPagesTests.PostFormAsync(admin, "/alarms/groups?edit=new", "group",
            new() { ["Id"] = "0", ["Name"] = "Nobody home", ["Contacts"] = "", ["WebhookUrl"] = "http://127.0.0.1:1/", ["Do"] = "save" });
        Assert.Contains("saved", bad.QuerySelector("#command-result")!.TextContent);
        var invalid = await CommandPagesTests.PostFormAsync(admin, "/alarms/groups?edit=new", "group",
            new() { ["Id"] = "0", ["Name"] = "x", ["WebhookUrl"] = "ftp://nope", ["Do"] = "save" });
        Assert.Contains("absolute http or https URL", invalid.QuerySelector("#command-result")!.TextContent);

        var groups = (await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync("/alarms/groups"))).QuerySelectorAll("#groups-table tr[data-group]")
            .Select(r => r.GetAttribute("data-group")!).ToList();
        Assert.Equal(2, groups.Count);
        var rules = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync("/alarms/rules"));
        var ruleId = rules.QuerySelectorAll("#rules-table tr[data-rule]").First(r => r.TextContent.Contains("Command failed")).GetAttribute("data-rule")!;

        // Route the rule to both groups (a multi-valued field, posted as a browser posts checkboxes).
        var page = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync($"/alarms/rules?edit={ruleId}"));
        var token = page.QuerySelector("form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token), new("_handler", "rule"), new("Id", ruleId), new("Name", "Command failed"), new("Source", "CommandFailed"),
            new("Threshold", ""), new("Level", "Warning"), new("Enabled", "true"), new("Scope", "All"), new("ScopeValue", ""), new("RaiseAfterS", "0"),
            new("ClearAfterS", "0"), new("Do", "save"), new("Groups", groups[0]), new("Groups", groups[1]),
        };
        var saved = await admin.PostAsync($"/alarms/rules?edit={ruleId}", new FormUrlEncodedContent(fields));
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Contains("saved", await admin.GetStringAsync(saved.Headers.Location!.PathAndQuery));

        var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands") { Content = JsonContent.Create(new { command = "resume" }) };
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.Client.SendAsync(r)).StatusCode);

        var hook = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("raised", hook.GetProperty("change").GetString());
        Assert.Equal("Night shift", hook.GetProperty("group").GetString());
        Assert.Equal("Command failed", hook.GetProperty("alarm").GetProperty("rule").GetString());

        // The unreachable webhook is retried, then shown as failed with its error.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string table = "";
        while (DateTime.UtcNow < deadline)
        {
            table = (await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync("/alarms/groups"))).QuerySelector("#deliveries-table")!.TextContent;
            if (table.Contains("Nobody home") && table.Contains("failed")) break;
            await Task.Delay(200);
        }
        Assert.Contains("Nobody home", table);
        Assert.Contains("failed:", table);
        Assert.Contains("delivered", table);
    }
}
