using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// AGV administration on a running console: enrol (new, or one the console has seen register), remove after
/// asking, the site-wide normal-mode switch after asking (an AGV in normal mode is then refused), what secure-mode
/// provisioning needs, and the generated API key on request. Other roles are refused by every handler.
/// </summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class AdminAgvsPageTests(AdminConsole console)
{
    private static IElement Row(IRenderedComponent<AdminAgvs> cut, string serial) =>
        cut.FindAll("#agv-admin-grid a.console-serial").Single(a => a.TextContent == serial).Closest("tr")!;

    private static Register Registration(string serial) =>
        new(serial, "Seen Robotics", "S1", "1.0", AgvType.Roller, NavigationType.LaserSlam, 1, 1, 1, 1, 1, 1, 1, Array.Empty<Actuator>(), 1, default);

    private sealed class NoCommands : IAgvCommandHandler
    {
        public ValueTask<Reply> OnCommandAsync(IMessage command) => ValueTask.FromResult(new Reply(ResultCode.UnsupportedMessage));
        public void OnDisconnect(DisconnectReason reason) { }
    }

    [Fact]
    public async Task An_administrator_enrols_an_agv_refuses_a_duplicate_and_removes_it_after_asking()
    {
        using var ctx = console.Page(Roles.Administrator, "admin", realFleet: true);
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AdminAgvs>();
        Assert.Contains(cut.FindAll("#agv-admin-grid a.console-serial"), a => a.TextContent == "DEMO-01");

        cut.Find("#enrol").Click();
        dialogs.WaitForElement("#enrol-save").Click(); // nothing typed
        dialogs.WaitForAssertion(() => Assert.Contains("Enter the AGV's serial.", dialogs.Markup));
        Assert.Contains("Enter the vendor.", dialogs.Markup);
        dialogs.Find("#enrol-serial").Change("PAGE-1");
        dialogs.Find("#enrol-vendor").Change("Kivo");
        dialogs.Find("#enrol-key").Change("04ABCD");
        dialogs.Find("#enrol-save").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("This is not an SM2 public key", dialogs.Markup));
        dialogs.Find("#enrol-key").Change("");
        dialogs.Find("#enrol-save").Click();
        cut.WaitForAssertion(() => Assert.Equal("enrolled", Row(cut, "PAGE-1").QuerySelector("[data-col=enrolment]")!.TextContent.Trim()));
        Assert.Equal("PAGE-1 is enrolled.", ctx.Snackbars().Last());

        cut.ClickWhenDrawn("#enrol");
        dialogs.WaitForElement("#enrol-serial").Change("PAGE-1");
        dialogs.Find("#enrol-vendor").Change("Kivo");
        dialogs.Find("#enrol-save").Click();
        cut.WaitForAssertion(() => Assert.Equal("An AGV with serial 'PAGE-1' is already known.", ctx.Snackbars().Last()));

        cut.ClickWhenDrawn(() => Row(cut, "PAGE-1").QuerySelector("button.agv-remove")!);
        dialogs.WaitForAssertion(() => Assert.Contains("The console forgets PAGE-1", dialogs.Markup));
        dialogs.Answer(yes: false);
        Assert.NotNull(console.Service<FleetRegistry>().Find("PAGE-1"));
        cut.ClickWhenDrawn(() => Row(cut, "PAGE-1").QuerySelector("button.agv-remove")!);
        dialogs.Answer(yes: true);
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("#agv-admin-grid a.console-serial"), a => a.TextContent == "PAGE-1"));
        Assert.Equal("PAGE-1 was removed.", ctx.Snackbars().Last());
        Assert.Null(await console.Service<IAgvRepository>().FindAsync("PAGE-1"));

        var removing = cut.InvokeAsync(() => cut.Instance.RemoveAsync("NOBODY-1")); // waits for the answer
        dialogs.Answer(yes: true);
        await removing;
        Assert.Equal("No AGV with serial 'NOBODY-1' is known.", ctx.Snackbars().Last());
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Target: "PAGE-1"));
        Assert.Contains(audit, a => a.Action == "enrol" && a.Outcome == "ok");
        Assert.Contains(audit, a => a.Action == "remove AGV" && a.Outcome == "ok");
    }

    [Fact]
    public async Task A_newly_seen_agv_is_listed_and_enrolled_as_it_registered()
    {
        var listener = console.Service<AgvListener>();
        await using var agv = await AgvClient.ConnectAsync(new AgvClientOptions { Host = "127.0.0.1", Port = listener.Server.Port, Registration = Registration("SEEN-1") }, new NoCommands());
        var id = console.Service<FleetRegistry>().Find("SEEN-1")!.AgvId;
        using var ctx = console.Page(Roles.Administrator, "admin", realFleet: true);
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AdminAgvs>();
        var seen = cut.Find("#newly-seen li[data-serial='SEEN-1']");
        Assert.Contains("Seen Robotics", seen.TextContent);
        Assert.Equal("seen only", Row(cut, "SEEN-1").QuerySelector("[data-col=enrolment]")!.TextContent.Trim());

        cut.ClickWhenDrawn("#newly-seen li[data-serial='SEEN-1'] button.enrol-seen");
        dialogs.WaitForAssertion(() => Assert.Contains("SEEN-1 registered as Seen Robotics, Roller", dialogs.Find("#enrol-seen").TextContent));
        Assert.Empty(dialogs.FindAll("#enrol-serial")); // what it declared is kept
        dialogs.Find("#enrol-save").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#newly-seen li[data-serial='SEEN-1']")));
        Assert.Equal("SEEN-1 is enrolled.", ctx.Snackbars().Last());
        var stored = (await console.Service<IAgvRepository>().FindAsync("SEEN-1"))!;
        Assert.Equal((true, id, "Seen Robotics"), (stored.Enrolled, stored.AgvId, stored.Vendor));
        await console.Service<AgvAdministration>().RemoveAsync("test", "SEEN-1");
    }

    [Fact]
    public async Task Normal_mode_is_refused_site_wide_after_asking_and_accepted_again()
    {
        using var ctx = console.Page(Roles.Administrator, "admin", realFleet: true);
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AdminAgvs>();
        var listener = console.Service<AgvListener>();
        Assert.Equal("accepted", cut.Find("#normal-mode-state").TextContent);
        Assert.Equal(listener.RcsKey!.PublicKeyHex, cut.Find("#rcs-key").TextContent);
        Assert.Equal(listener.Server.Port.ToString(), cut.Find("#agv-port").TextContent);
        Assert.NotNull(cut.Find("#api-keys-configured")); // Api:Keys is set: nothing to show
        try
        {
            cut.Find("#toggle-normal-mode").Click();
            dialogs.Answer(yes: true);
            cut.WaitForAssertion(() => Assert.Equal("refused", cut.Find("#normal-mode-state").TextContent));
            var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(
                new AgvClientOptions { Host = "127.0.0.1", Port = listener.Server.Port, Registration = Registration("PLAIN-9") }, new NoCommands()));
            Assert.Equal(ResultCode.AuthFailed, e.Result);
        }
        finally
        {
            cut.Find("#toggle-normal-mode").Click();
            dialogs.Answer(yes: true);
            cut.WaitForAssertion(() => Assert.Equal("accepted", cut.Find("#normal-mode-state").TextContent));
        }
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Action: "normal mode"));
        Assert.Contains(audit, a => a.Detail == "refuse normal mode");
        Assert.Contains(audit, a => a.Detail == "accept normal mode");
    }

    [Theory]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Supervisor)]
    public async Task Every_handler_refuses_other_roles(string role)
    {
        using var ctx = console.Page(role, "not-admin", realFleet: true);
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AdminAgvs>();
        bool normalBefore = console.Service<AgvListener>().Server.Options.AllowNormalMode;
        await ctx.AssertEachRefusedAsync(cut,
            () => cut.Instance.EnrolAsync(), () => cut.Instance.RemoveAsync("DEMO-01"),
            () => cut.Instance.ToggleNormalModeAsync(), () => cut.Instance.ToggleApiKeyAsync());
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.NotNull(console.Service<FleetRegistry>().Find("DEMO-01"));
        Assert.Equal(normalBefore, console.Service<AgvListener>().Server.Options.AllowNormalMode);
    }

    [Fact]
    public void Serials_with_markup_are_text()
    {
        using var ctx = console.Page(Roles.Administrator, "admin");
        ctx.Fleet.List.Add(Agv("<img src=x onerror=alert(1)>", vendor: "<b>v</b>"));
        var cut = ctx.Render<AdminAgvs>();
        Assert.Empty(cut.FindAll("#agv-admin-grid img, #agv-admin-grid b"));
        Assert.Equal("/agvs/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E", Row(cut, "<img src=x onerror=alert(1)>").QuerySelector("a.console-serial")!.GetAttribute("href"));
    }

    [Fact]
    public void In_chinese_the_page_speaks_chinese()
    {
        using var ctx = console.Page(Roles.Administrator, "admin", ConsoleCulture.Chinese, realFleet: true);
        var cut = ctx.Render<AdminAgvs>();
        Assert.Equal("AGV 与接入", cut.Find("h1").TextContent);
        Assert.Equal("允许", cut.Find("#normal-mode-state").TextContent);
        Assert.Contains("已登记", Row(cut, "DEMO-01").TextContent);
    }
}

/// <summary>A site without Api:Keys: the key generated at its first start is shown to administrators on request, and that is audited.</summary>
public sealed class GeneratedApiKeyTests : IDisposable
{
    private readonly ConsoleFactory _site = new(settings: new() { ["Api:Keys:0"] = "" });

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task The_generated_api_key_is_shown_on_request_and_that_is_audited()
    {
        _site.CreateClient();
        var key = _site.Services.GetRequiredService<ApiKeys>().GeneratedKey;
        Assert.NotNull(key);
        using var ctx = AlarmPageContext.Create(Roles.Administrator, user: "admin", console: _site.Services);
        var cut = ctx.Render<AdminAgvs>();
        Assert.Empty(cut.FindAll("#api-key"));
        Assert.DoesNotContain(key, cut.Markup);
        cut.Find("#show-api-key").Click();
        cut.WaitForAssertion(() => Assert.Equal(key, cut.Find("#api-key").TextContent));
        // The audit entry is stored (group commit) just after the key shows: wait for it.
        var sink = _site.Services.GetRequiredService<AgvConsole.Fleet.Persistence.IAuditSink>();
        var end = DateTime.UtcNow.AddSeconds(10);
        var audit = await sink.SearchAsync(new AgvConsole.Fleet.Persistence.AuditQuery(Action: "show API key"));
        while (!audit.Any(a => a.Actor == "admin") && DateTime.UtcNow < end) { await Task.Delay(20); audit = await sink.SearchAsync(new AgvConsole.Fleet.Persistence.AuditQuery(Action: "show API key")); }
        Assert.Contains(audit, a => a.Actor == "admin");
        cut.ClickWhenDrawn("#show-api-key");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#api-key")));
    }
}
