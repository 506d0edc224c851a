using System.Net;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Accounts;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// The users page as an Administrator uses it, the roles enforced on the server, the last Administrator
/// kept, disabled accounts shut out (open sessions too), and the must-change-password gate.
/// </summary>
public sealed class UserAdministrationTests(UserAdministrationTests.Fixture fixture) : IClassFixture<UserAdministrationTests.Fixture>
{
    /// <summary>A console of its own (accounts change here); the cookie is checked against its account on every request.</summary>
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new CheckEveryRequest();
        public void Dispose() => Factory.Dispose();

        private sealed class CheckEveryRequest : ConsoleFactory
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                base.ConfigureWebHost(builder);
                // The console checks every minute; a test cannot wait that long.
                builder.ConfigureTestServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
            }
        }
    }

    private static readonly HtmlParser Parser = new();
    private ConsoleFactory Factory => fixture.Factory;
    private Task<HttpClient> Admin() => SignedInClient.AsAsync(Factory, "admin", "Administrator1!");

    private static async Task<IHtmlDocument> Get(HttpClient client, string url) => await Parser.ParseDocumentAsync(await client.GetStringAsync(url));

    /// <summary>Adds an account through the page; returns the password shown once.</summary>
    private async Task<string> AddAsync(HttpClient admin, string name, string role)
    {
        var shown = await CommandPagesTests.PostFormAsync(admin, "/admin/users", "add-user", new() { ["UserName"] = name, ["Role"] = role, ["Password"] = "" });
        Assert.Contains($"{name} ({role}) was added", shown.QuerySelector("#command-result")!.TextContent);
        return shown.QuerySelector("#password-value")!.TextContent;
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient admin, string act, string user, string? role = null)
    {
        var page = await Get(admin, "/admin/users");
        var select = page.QuerySelector($"#users-table tr[data-user='{user}'] select")!;
        var id = select.GetAttribute("name")!["Role-".Length..];
        var fields = new Dictionary<string, string> { ["Act"] = $"{act}:{id}" };
        if (role is not null) fields[$"Role-{id}"] = role;
        return await CommandPagesTests.PostFormRawAsync(admin, "/admin/users", "user-action", fields);
    }

    private async Task<IHtmlDocument> FollowAsync(HttpClient client, HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode);
        return await Get(client, r.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Administrator_adds_an_account_whose_generated_password_is_shown_once_and_must_be_changed()
    {
        var admin = await Admin();
        var nav = await Get(admin, "/");
        Assert.NotNull(nav.QuerySelector("#nav-users"));
        var password = await AddAsync(admin, "night1", "Maintenance");
        Assert.True(password.Length >= 12);
        var reload = await Get(admin, "/admin/users");
        Assert.Null(reload.QuerySelector("#new-password")); // once
        var row = reload.QuerySelector("#users-table tr[data-user='night1']")!;
        Assert.Equal("Maintenance", row.QuerySelector("option[selected]")!.TextContent);
        Assert.Contains("must change password", row.TextContent);
        Assert.Contains("active", row.TextContent);
        var audit = await Factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Action: "add account"));
        Assert.Contains(audit, a => a.Target == "account night1" && a.Detail.Contains("Maintenance") && a.Outcome == "ok");

        // The new account is sent to the password page from every page until it has chosen its own.
        var night = await SignedInClient.AsAsync(Factory, "night1", password);
        foreach (var url in new[] { "/", "/alarms", "/orders", "/audit", "/agvs/DEMO-01" })
        {
            var r = await night.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/password?returnUrl=", r.Headers.Location!.OriginalString);
        }
        var form = await Get(night, "/account/password");
        Assert.NotNull(form.QuerySelector("#must-change"));

        var wrong = await CommandPagesTests.PostFormRawAsync(night, "/account/password?returnUrl=%2Falarms", "change-password",
            new() { ["Input.Current"] = "not-it", ["Input.New"] = "Night-shift-42", ["Input.Confirm"] = "Night-shift-42" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var mismatch = await CommandPagesTests.PostFormRawAsync(night, "/account/password", "change-password",
            new() { ["Input.Current"] = password, ["Input.New"] = "Night-shift-42", ["Input.Confirm"] = "Night-shift-43" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Contains("differ", await mismatch.Content.ReadAsStringAsync());
        var weak = await CommandPagesTests.PostFormRawAsync(night, "/account/password", "change-password",
            new() { ["Input.Current"] = password, ["Input.New"] = "short", ["Input.Confirm"] = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await night.GetAsync("/alarms")).StatusCode); // still gated

        var changed = await CommandPagesTests.PostFormRawAsync(night, "/account/password?returnUrl=%2Falarms", "change-password",
            new() { ["Input.Current"] = password, ["Input.New"] = "Night-shift-42", ["Input.Confirm"] = "Night-shift-42" });
        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        Assert.Equal("/alarms", changed.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await night.GetAsync("/alarms")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await night.GetAsync("/")).StatusCode);
        // With the new password from a fresh browser, straight in.
        var fresh = await SignedInClient.AsAsync(Factory, "night1", "Night-shift-42");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/orders")).StatusCode);
        Assert.DoesNotContain("must change password", (await Get(admin, "/admin/users")).QuerySelector("#users-table tr[data-user='night1']")!.TextContent);
    }

    [Fact]
    public async Task The_first_administrator_of_a_site_start_must_change_the_configured_password_before_anything_else()
    {
        using var site = new ConsoleFactory(demo: false, settings: new() { ["Accounts:InitialAdmin:Password"] = "Configured-Pa55word" });
        var admin = await SignedInClient.AsAsync(site, "admin", "Configured-Pa55word");
        foreach (var url in new[] { "/", "/admin/users", "/alarms/export.csv" })
            Assert.StartsWith("/account/password", (await admin.GetAsync(url)).Headers.Location!.OriginalString);
        var changed = await CommandPagesTests.PostFormRawAsync(admin, "/account/password?returnUrl=%2Fadmin%2Fusers", "change-password",
            new() { ["Input.Current"] = "Configured-Pa55word", ["Input.New"] = "Site-admin-2026", ["Input.Confirm"] = "Site-admin-2026" });
        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        var users = await Get(admin, changed.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("must change password", users.QuerySelector("#users-table tr[data-user='admin']")!.TextContent);
        var audit = await site.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Action: "change password"));
        Assert.Contains(audit, a => a.Actor == "admin" && a.Detail == "first sign-in" && a.Outcome == "ok");
    }

    [Fact]
    public async Task An_account_not_flagged_is_never_sent_to_the_password_page_and_can_change_its_password_there()
    {
        var supervisor = await SignedInClient.AsAsync(Factory, "supervisor", "Supervisor1!");
        foreach (var url in new[] { "/", "/alarms", "/orders" })
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(url)).StatusCode);
        var nav = await Get(supervisor, "/");
        Assert.Equal("/account/password", nav.QuerySelector("#nav-password")!.GetAttribute("href"));
        Assert.Null(nav.QuerySelector("#nav-users")); // Administrators only
        var page = await Get(supervisor, "/account/password");
        Assert.Null(page.QuerySelector("#must-change"));
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in_and_its_open_session_ends_and_it_can_be_enabled_again()
    {
        var admin = await Admin();
        var password = await AddAsync(admin, "day1", "Supervisor");
        var day = await SignedInClient.AsAsync(Factory, "day1", password);
        Assert.Equal(HttpStatusCode.Redirect, (await day.GetAsync("/")).StatusCode); // signed in (sent to change the password)

        var disabled = await FollowAsync(admin, await ActAsync(admin, "disable", "day1"));
        Assert.Contains("day1 is disabled", disabled.QuerySelector("#command-result")!.TextContent);
        Assert.Contains("disabled", disabled.QuerySelector("#users-table tr[data-user='day1']")!.TextContent);
        // The open session: the cookie no longer signs anyone in.
        var r = await day.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery);
        var (signIn, _) = await SignedInClient.SignInAsync(Factory, "day1", password);
        Assert.NotEqual(HttpStatusCode.Redirect, signIn.StatusCode);

        var enabled = await FollowAsync(admin, await ActAsync(admin, "enable", "day1"));
        Assert.Contains("day1 can sign in again", enabled.QuerySelector("#command-result")!.TextContent);
        await SignedInClient.AsAsync(Factory, "day1", password);
        var audit = await Factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Target: "account day1"));
        Assert.Contains(audit, a => a.Action == "disable account" && a.Outcome == "ok");
        Assert.Contains(audit, a => a.Action == "enable account" && a.Outcome == "ok");
    }

    [Fact]
    public async Task Reset_password_shows_a_temporary_one_once_and_the_old_one_stops_working()
    {
        var admin = await Admin();
        var first = await AddAsync(admin, "tech1", "Maintenance");
        var reset = await FollowAsync(admin, await ActAsync(admin, "reset", "tech1"));
        Assert.Contains("The password of tech1 was reset", reset.QuerySelector("#command-result")!.TextContent);
        var temporary = reset.QuerySelector("#password-value")!.TextContent;
        Assert.NotEqual(first, temporary);
        Assert.Contains("tech1", reset.QuerySelector("#new-password")!.TextContent);
        Assert.NotEqual(HttpStatusCode.Redirect, (await SignedInClient.SignInAsync(Factory, "tech1", first)).Response.StatusCode);
        var tech = await SignedInClient.AsAsync(Factory, "tech1", temporary);
        Assert.StartsWith("/account/password", (await tech.GetAsync("/")).Headers.Location!.OriginalString);
        var audit = await Factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Action: "reset password", Target: "account tech1"));
        Assert.Contains(audit, a => a.Actor == "admin" && a.Outcome == "ok");
        Assert.DoesNotContain(audit, a => a.Detail.Contains(temporary)); // never in the log
    }

    [Fact]
    public async Task The_last_active_administrator_is_neither_demoted_nor_disabled()
    {
        var admin = await Admin();
        var demote = await FollowAsync(admin, await ActAsync(admin, "role", "admin", "Supervisor"));
        Assert.Contains("last active Administrator", demote.QuerySelector("#command-result")!.TextContent);
        Assert.Equal("Administrator", demote.QuerySelector("#users-table tr[data-user='admin'] option[selected]")!.TextContent);

        // With a second Administrator, the first one may be given another role; the second is then the last.
        var password = await AddAsync(admin, "boss2", "Supervisor");
        var promoted = await FollowAsync(admin, await ActAsync(admin, "role", "boss2", "Administrator"));
        Assert.Contains("boss2 is now Administrator", promoted.QuerySelector("#command-result")!.TextContent);
        var boss = await SignedInClient.AsAsync(Factory, "boss2", password);
        await CommandPagesTests.PostFormAsync(boss, "/account/password", "change-password",
            new() { ["Input.Current"] = password, ["Input.New"] = "Boss-two-2026", ["Input.Confirm"] = "Boss-two-2026" });
        var refusedDisable = await FollowAsync(boss, await ActAsync(boss, "disable", "boss2"));
        Assert.Contains("own account", refusedDisable.QuerySelector("#command-result")!.TextContent);

        var users = Factory.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        try
        {
            var adminDisabled = await FollowAsync(boss, await ActAsync(boss, "disable", "admin"));
            Assert.Contains("admin is disabled", adminDisabled.QuerySelector("#command-result")!.TextContent);
            // boss2 is now the last active Administrator: it cannot give itself another role.
            var lastOne = await FollowAsync(boss, await ActAsync(boss, "role", "boss2", "Maintenance"));
            Assert.Contains("boss2 is the last active Administrator", lastOne.QuerySelector("#command-result")!.TextContent);
            Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync("boss2"))!, "Administrator"));
        }
        finally
        {
            await ActAsync(boss, "enable", "admin");
        }
        var audit = await Factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Action: "change role"));
        Assert.Contains(audit, a => a.Actor == "admin" && a.Target == "account admin" && a.Outcome == "refused");
    }

    [Fact]
    public async Task Other_roles_get_neither_the_page_nor_its_actions()
    {
        var supervisor = await SignedInClient.AsAsync(Factory, "supervisor", "Supervisor1!");
        var page = await supervisor.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/denied", page.Headers.Location!.PathAndQuery);

        // A hand-made post with the supervisor's own antiforgery token: refused before any handler runs.
        var token = (await Get(supervisor, "/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await supervisor.PostAsync("/admin/users", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "add-user", ["UserName"] = "sneaky", ["Role"] = "Administrator",
        }));
        Assert.NotEqual(HttpStatusCode.SeeOther, r.StatusCode);
        var users = Factory.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.Null(await users.FindByNameAsync("sneaky"));

        // And the service itself refuses a caller without the role.
        var admin = Factory.Services.CreateScope().ServiceProvider.GetRequiredService<UserAdministration>();
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "supervisor"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, "Supervisor")], "test"));
        Assert.False((await admin.AddAsync(principal, "sneaky", "Administrator", null)).Ok);
        Assert.Null(await users.FindByNameAsync("sneaky"));
    }
}
