using System.Net;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Tests.Api;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>Audit, AGV administration and map import pages, posted as a browser posts them (the parameter pages: Bunit/AgvParametersPageTests).</summary>
public sealed class AdminPagesTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private static readonly HtmlParser Parser = new();
    private T Service<T>() where T : notnull => fixture.Factory.Services.GetRequiredService<T>();
    private Task<HttpClient> Admin() => SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");

    [Fact]
    public async Task Administration_pages_are_refused_to_other_roles()
    {
        var client = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var r = await maintenance.GetAsync("/admin/agvs");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/denied", r.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/audit")).StatusCode);
    }

    [Fact]
    public async Task Enrol_and_remove_through_the_page_and_refuse_normal_mode_site_wide()
    {
        var client = await Admin();
        var enrolled = await CommandPagesTests.PostFormAsync(client, "/admin/agvs", "enrol", new() { ["Enrolment.Serial"] = "PAGE-1", ["Enrolment.Vendor"] = "Kivo", ["Enrolment.AgvType"] = "Forklift" });
        Assert.Equal("PAGE-1 is enrolled.", enrolled.QuerySelector("#command-result")!.TextContent.Trim());
        Assert.NotNull(enrolled.QuerySelector("#agv-admin-table tr[data-serial='PAGE-1']"));
        var dup = await CommandPagesTests.PostFormAsync(client, "/admin/agvs", "enrol", new() { ["Enrolment.Serial"] = "PAGE-1", ["Enrolment.Vendor"] = "Kivo" });
        Assert.Contains("already known", dup.QuerySelector("#command-result")!.TextContent);
        var empty = await CommandPagesTests.PostFormAsync(client, "/admin/agvs", "enrol", new() { ["Enrolment.Serial"] = "", ["Enrolment.Vendor"] = "" });
        Assert.Contains("Enter the AGV's serial.", empty.QuerySelector("#admin-agvs")!.TextContent);

        var removed = await CommandPagesTests.PostFormAsync(client, "/admin/agvs", "remove", new() { ["RemoveSerial"] = "PAGE-1" });
        Assert.Equal("PAGE-1 was removed.", removed.QuerySelector("#command-result")!.TextContent.Trim());
        Assert.Null(removed.QuerySelector("#agv-admin-table tr[data-serial='PAGE-1']"));

        var listener = Service<AgvListener>();
        try
        {
            var off = await CommandPagesTests.PostFormAsync(client, "/admin/agvs", "normal-mode", new() { ["Allow"] = "False" });
            Assert.Equal("refused", off.QuerySelector("#normal-mode-state")!.TextContent);
            var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(new AgvClientOptions
            {
                Host = "127.0.0.1", Port = listener.Server.Port,
                Registration = new Register("PLAIN-9", "X", "M", "F", AgvType.Roller, NavigationType.LaserSlam, 1, 1, 1, 1, 1, 1, 1, Array.Empty<Actuator>(), 1, default),
            }, new NoCommands()));
            Assert.Equal(ResultCode.AuthFailed, e.Result);
        }
        finally
        {
            var on = await CommandPagesTests.PostFormAsync(client, "/admin/agvs", "normal-mode", new() { ["Allow"] = "True" });
            Assert.Equal("accepted", on.QuerySelector("#normal-mode-state")!.TextContent);
        }
        var audit = await Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin"));
        Assert.Contains(audit, a => a.Action == "normal mode" && a.Detail == "refuse normal mode");
        Assert.Contains(audit, a => a.Action == "remove AGV" && a.Target == "PAGE-1");
    }

    private sealed class NoCommands : IAgvCommandHandler
    {
        public ValueTask<Reply> OnCommandAsync(IMessage command) => ValueTask.FromResult(new Reply(ResultCode.UnsupportedMessage));
        public void OnDisconnect(DisconnectReason reason) { }
    }

    [Fact]
    public async Task Audit_page_filters_by_who_and_what()
    {
        var client = await Admin();
        await Service<AgvConsole.Fleet.Dispatch.VehicleCommands>().MotionAsync("admin", "DEMO-01", MotionCommandKind.Pause); // as the detail page sends it
        var doc = await Parser.ParseDocumentAsync(await client.GetStringAsync("/audit?actor=admin&action=motion"));
        var rows = doc.QuerySelectorAll("#audit-table tbody tr");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("admin", r.Children[1].TextContent));
        Assert.Contains(rows, r => r.TextContent.Contains("Pause") && r.TextContent.Contains("DEMO-01"));
        var signIns = await Parser.ParseDocumentAsync(await client.GetStringAsync("/audit?action=sign-in&from=not-a-date"));
        Assert.Contains("is not a date", signIns.QuerySelector(".alert-warning")!.TextContent);
        Assert.Contains(signIns.QuerySelectorAll("#audit-table tbody tr"), r => r.TextContent.Contains("wrong user name or password") || r.TextContent.Contains("ok"));
    }

    [Fact]
    public async Task Maps_page_imports_a_valid_map_and_names_the_faults_of_a_broken_one()
    {
        var client = await Admin();
        var good = """{ "mapId": 5, "name": "Annex", "building": "Hall C", "floor": 1, "nodes": [ { "id": 5001, "x": 0, "y": 0, "kind": "normal" }, { "id": 5002, "x": 3000, "y": 0, "kind": "charging" } ], "edges": [ { "from": 5001, "to": 5002, "bidirectional": true, "maxSpeed": 1200 } ] }""";
        var ok = await CommandPagesTests.PostFormAsync(client, "/maps", "import-map", new() { ["MapJson"] = good });
        Assert.Equal("Map 5 (Annex) was imported.", ok.QuerySelector("#command-result")!.TextContent.Trim());
        Assert.NotNull(Service<SiteMaps>().Find(5));

        var broken = """{ "mapId": 6, "name": "", "nodes": [ { "id": 6001, "x": 0, "y": 0, "kind": "normal" } ], "edges": [ { "from": 6001, "to": 6002, "bidirectional": true, "maxSpeed": 0 } ] }""";
        var refused = await CommandPagesTests.PostFormAsync(client, "/maps", "import-map", new() { ["MapJson"] = broken });
        var errors = refused.QuerySelector("#map-errors")!.TextContent;
        Assert.Contains("needs a name", errors);
        Assert.Contains("node 6002 does not exist", errors);
        Assert.Contains("speed limit must be positive", errors);
        Assert.Null(Service<SiteMaps>().Find(6));
        var notJson = await CommandPagesTests.PostFormAsync(client, "/maps", "import-map", new() { ["MapJson"] = "{ nope" });
        Assert.Contains("not valid map JSON", notJson.QuerySelector("#command-result")!.TextContent);
    }
}
