using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MapsPage = AgvConsole.Web.Components.Pages.Maps;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The maps list on a running console: an Administrator imports a pasted map (validated before anything is
/// stored, the problems of a refused one listed), other roles read the list and every handler refuses them.
/// The page lists the console's own maps, which the import changes.
/// </summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class MapsPageTests(AdminConsole console)
{
    private SiteMaps SiteMaps => console.Service<SiteMaps>();

    private ConsolePageContext Page(string role, string user, string culture = ConsoleCulture.English) =>
        AlarmPageContext.Create(role, culture, user, console.Services, s =>
        {
            s.AddSingleton(console.Service<SiteMaps>());
            s.AddSingleton(console.Service<ITrafficWarnings>()); // the traffic kernel's analysis, as the console registers it
        });

    private static void Paste(IRenderedComponent<MapsPage> cut, string json)
    {
        cut.Find("#import-panel textarea").Change(json);
        cut.Find("#import-map").Click();
    }

    [Fact]
    public async Task An_administrator_imports_a_pasted_map_and_it_is_listed_stored_and_audited()
    {
        using var ctx = Page(Roles.Administrator, "admin");
        var cut = ctx.Render<MapsPage>();
        Assert.Empty(cut.FindAll("[data-map='55']"));
        Paste(cut, """{ "mapId": 55, "name": "Annex", "building": "Hall C", "floor": 1, "nodes": [ { "id": 5501, "x": 0, "y": 0, "kind": "normal" }, { "id": 5502, "x": 3000, "y": 0, "kind": "charging" } ], "edges": [ { "from": 5501, "to": 5502, "bidirectional": true, "maxSpeed": 1200 } ] }""");
        cut.WaitForAssertion(() => Assert.Contains("Map 55 (Annex) was imported.", ctx.Snackbars()));
        var row = cut.Find("[data-map='55']").Closest("tr")!;
        Assert.Contains("Annex", row.TextContent);
        Assert.Contains("Hall C", row.TextContent);
        Assert.Empty(cut.FindAll("#map-errors"));
        // What traffic control makes of it, at once: two nodes and one lane between them.
        var findings = cut.FindAll("#import-analysis #traffic-warnings-list li").Select(li => li.TextContent).ToList();
        Assert.Contains(findings, f => f.Contains("Nodes 5501, 5502 are not connected to the rest of the site."));
        Assert.Empty(cut.FindAll("#import-analysis #traffic-warnings-list button")); // no canvas here: the editor shows them
        Assert.Equal("/maps/55/edit", cut.Find("#import-open-editor").GetAttribute("href"));
        Assert.Equal("Annex", SiteMaps.Find(55)!.Name);
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Target: "map 55"));
        Assert.Contains(audit, a => a.Action == "map import" && a.Outcome == "ok");
    }

    [Fact]
    public void A_broken_map_lists_its_problems_and_changes_nothing_and_text_that_is_no_json_says_so()
    {
        using var ctx = Page(Roles.Administrator, "admin");
        var cut = ctx.Render<MapsPage>();
        int before = SiteMaps.All.Count;
        Paste(cut, """{ "mapId": 56, "name": "", "nodes": [ { "id": 5601, "x": 0, "y": 0, "kind": "normal" } ], "edges": [ { "from": 5601, "to": 5602, "bidirectional": true, "maxSpeed": 0 } ] }""");
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#map-errors")));
        var errors = cut.Find("#map-errors").TextContent;
        Assert.Contains("needs a name", errors);
        Assert.Contains("node 5602 does not exist", errors);
        Assert.Contains("speed limit must be positive", errors);
        Assert.Contains(ctx.Snackbars(), m => m.StartsWith("The map was refused:"));
        Assert.Null(SiteMaps.Find(56));
        Assert.Equal(before, SiteMaps.All.Count);

        Paste(cut, "{ nope");
        cut.WaitForAssertion(() => Assert.Contains(ctx.Snackbars(), m => m.StartsWith("That is not valid map JSON")));
        Assert.Empty(cut.FindAll("#map-errors")); // the last attempt's problems only
        Assert.Equal(before, SiteMaps.All.Count);
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    public async Task Other_roles_read_the_list_and_the_import_handlers_refuse_them(string role)
    {
        using var ctx = Page(role, "not-admin");
        var cut = ctx.Render<MapsPage>();
        Assert.Equal(SiteMaps.All.Count, cut.FindAll("tr.map-row").Count);
        Assert.Empty(cut.FindAll("#import-panel, #new-map"));
        int before = SiteMaps.All.Count;
        await ctx.AssertEachRefusedAsync(cut, () => cut.Instance.ImportTextAsync(), () => cut.Instance.ImportFileAsync(null));
        Assert.Equal(before, SiteMaps.All.Count);
    }

    [Fact]
    public void In_chinese_the_page_speaks_chinese()
    {
        using var ctx = Page(Roles.Administrator, "admin", ConsoleCulture.Chinese);
        var cut = ctx.Render<MapsPage>();
        Assert.Equal("地图", cut.Find("h1").TextContent);
        Assert.Equal("导入地图", cut.Find("#import-panel h2").TextContent);
    }
}
