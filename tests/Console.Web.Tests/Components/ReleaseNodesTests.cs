using AgvConsole.Fleet.Persistence;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Web.Tests.Api;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

public sealed class ReleaseNodesTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task An_offline_agv_keeps_its_nodes_until_a_supervisor_releases_them()
    {
        var traffic = fixture.Factory.Services.GetRequiredService<TrafficController>();
        // DEMO-07 is not simulated here (offline); say it was last seen holding two nodes.
        Assert.True(traffic.Occupy("DEMO-07", 2003));
        Assert.Equal(1, traffic.Extend("DEMO-07", [2003, 2004], 0, 1).Granted);
        var client = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/agvs/DEMO-07"));
        Assert.Contains("still holds 2 node(s) (2003, 2004)", page.QuerySelector("#held-nodes")!.TextContent);

        var done = await CommandPagesTests.PostFormAsync(client, "/agvs/DEMO-07", "release-nodes", []);
        Assert.Contains("2 node(s) released", done.QuerySelector("#command-result")!.TextContent);
        Assert.Null(traffic.HolderOf(2003));
        Assert.Null(done.QuerySelector("#held-nodes"));
        var audit = await fixture.Factory.Services.GetRequiredService<IAuditSink>().RecentAsync(10, "DEMO-07");
        Assert.Contains(audit, a => a.Action == "release held nodes" && a.Actor == "supervisor");
    }
}
