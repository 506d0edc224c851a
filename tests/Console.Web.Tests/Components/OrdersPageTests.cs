using AgvConsole.Web.Tests.Api;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Components;

public sealed class OrdersPageTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task Supervisor_queues_reprioritises_and_cancels_an_order_on_the_page()
    {
        var client = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        // To floor 2, where no simulated AGV is online here: it stays queued.
        var queued = await CommandPagesTests.PostFormAsync(client, "/orders?edit=new", "new-order",
            new() { ["ExternalId"] = "PAGE-1", ["Type"] = "Move", ["Priority"] = "3", ["ToNodeId"] = "2020" });
        var message = queued.QuerySelector("#command-result")!.TextContent;
        Assert.Contains("is queued", message);
        var id = System.Text.RegularExpressions.Regex.Match(message, @"Order (\d+)").Groups[1].Value;
        var bad = await CommandPagesTests.PostFormAsync(client, "/orders?edit=new", "new-order", new() { ["ExternalId"] = "PAGE-2", ["Type"] = "Move", ["ToNodeId"] = "" });
        Assert.Contains("Enter the node", bad.QuerySelector("#command-result")!.TextContent);

        var prio = await CommandPagesTests.PostFormAsync(client, $"/orders?edit={id}", "order", new() { ["OrderId"] = id, ["Priority"] = "9", ["Act"] = "priority" });
        Assert.Contains("now has priority 9", prio.QuerySelector("#command-result")!.TextContent);
        var cancelled = await CommandPagesTests.PostFormAsync(client, $"/orders?edit={id}", "order", new() { ["OrderId"] = id, ["Act"] = "cancel" });
        Assert.Contains("was cancelled", cancelled.QuerySelector("#command-result")!.TextContent);
        Assert.Contains("cancelled", cancelled.QuerySelector($"#orders-table tr[data-order='{id}']")!.TextContent);

        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var page = await new HtmlParser().ParseDocumentAsync(await maintenance.GetStringAsync("/orders"));
        Assert.Null(page.QuerySelector("#new-order"));
    }
}
