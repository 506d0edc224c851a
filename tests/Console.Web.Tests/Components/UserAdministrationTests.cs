using System.Net;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Accounts;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Security;
using AgvConsole.Web.Tests.Components.Bunit;
using AgvConsole.Web.Ui;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// The users page as an Administrator uses it (bUnit on a running console), the roles enforced in every handler,
/// the last Administrator kept, disabled accounts shut out (their open sessions too, over HTTP), and the
/// must-change-password gate and page (static, over HTTP).
/// </summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class UserAdministrationTests(AdminConsole console)
{
    private static readonly HtmlParser Parser = new();
    private ConsoleFactory Factory => console.Factory;

    private static async Task<IHtmlDocument> Get(HttpClient client, string url) => await Parser.ParseDocumentAsync(await client.GetStringAsync(url));

    /// <summary>The users page as <paramref name="user"/> sees it, with the one dialog provider its questions open in.</summary>
    private sealed class UsersPage : IDisposable
    {
        public UsersPage(AdminConsole console, string role, string user, string culture = ConsoleCulture.English)
        {
            Context = console.Page(role, user, culture);
            Dialogs = Context.Dialogs();
            Cut = Context.Render<AdminUsers>();
        }

        public ConsolePageContext Context { get; }
        public IRenderedComponent<MudDialogProvider> Dialogs { get; }
        public IRenderedComponent<AdminUsers> Cut { get; }
        public string LastMessage => Context.Snackbars().Last();

        public IElement Row(string user) => Cut.Find($"[data-user='{user}']").Closest("tr") ?? throw new InvalidOperationException($"no row for {user}");

        public IRenderedComponent<MudSelect<string>> RoleBox(string user) =>
            Cut.FindComponents<MudSelect<string>>().Single(c => c.Instance.UserAttributes.TryGetValue("aria-label", out var l) && l?.ToString() == $"Role of {user}");

        /// <summary>Adds an account through the page's dialog; returns the password the page shows once.</summary>
        public async Task<string> AddAsync(string name, string role)
        {
            Click("#add-user");
            Dialogs.WaitForElement("#user-name").Change(name);
            await Dialogs.InvokeAsync(() => Dialogs.FindComponent<MudSelect<string>>().Instance.SelectOption(role));
            Dialogs.Find("#user-save").Click();
            Cut.WaitForAssertion(() => Assert.Contains($"Password for {name}", Cut.Find("#new-password").TextContent));
            Assert.Equal($"{name} ({role}) was added: they choose their own password at first sign-in.", LastMessage);
            return Cut.Find("#password-value").TextContent;
        }

        public void Click(string selector) => Cut.ClickWhenDrawn(selector);

        /// <summary>Presses a row's button and says yes to the question it asks.</summary>
        public void Confirmed(string user, string button)
        {
            Cut.ClickWhenDrawn(() => Row(user).QuerySelector(button)!);
            Dialogs.Answer(yes: true);
        }

        /// <summary>Picks a role in a row's box and says yes to the question it asks.</summary>
        public async Task ChangeRoleAsync(string user, string role)
        {
            var changing = Cut.InvokeAsync(() => RoleBox(user).Instance.SelectOption(role)); // waits for the answer
            Dialogs.Answer(yes: true);
            await changing;
        }

        public void Dispose() => ((IDisposable)Context).Dispose(); // ConsolePageContext's own: MudBlazor's services are async-only
    }

    [Fact]
    public async Task Administrator_adds_an_account_whose_generated_password_is_shown_once_and_must_be_changed()
    {
        using var page = new UsersPage(console, Roles.Administrator, "admin");
        var password = await page.AddAsync("night1", Roles.Maintenance);
        Assert.True(password.Length >= 12);
        Assert.Equal(Roles.Maintenance, page.RoleBox("night1").Instance.GetState(x => x.Value));
        Assert.Contains("must change password", page.Row("night1").TextContent);
        Assert.Contains("active", page.Row("night1").QuerySelector("[data-col=status]")!.TextContent);
        page.Click("#password-done");
        Assert.Empty(page.Cut.FindAll("#new-password"));
        using (var again = new UsersPage(console, Roles.Administrator, "admin"))
            Assert.Empty(again.Cut.FindAll("#new-password")); // shown once: never again
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Action: "add account"));
        Assert.Contains(audit, a => a.Target == "account night1" && a.Detail.Contains("Maintenance") && a.Outcome == "ok");

        Assert.NotNull((await Get(await SignedInClient.AsAsync(Factory, "admin", "Administrator1!"), "/")).QuerySelector("#nav-users"));

        // The new account is sent to the password page from every page until it has chosen its own.
        var night = await SignedInClient.AsAsync(Factory, "night1", password);
        foreach (var url in new[] { "/", "/alarms", "/orders", "/audit", "/agvs/DEMO-01" })
        {
            var r = await night.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/password?returnUrl=", r.Headers.Location!.OriginalString);
        }
        Assert.NotNull((await Get(night, "/account/password")).QuerySelector("#must-change"));

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
        var fresh = await SignedInClient.AsAsync(Factory, "night1", "Night-shift-42");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/orders")).StatusCode);
        using var after = new UsersPage(console, Roles.Administrator, "admin");
        Assert.DoesNotContain("must change password", after.Row("night1").TextContent);
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
        Assert.Equal("/admin/users", changed.Headers.Location!.PathAndQuery);
        // The users page (prerendered on the way to its circuit) now opens, without the flag.
        var users = await Get(admin, "/admin/users");
        Assert.DoesNotContain("must change password", users.QuerySelector("[data-user='admin']")!.Closest("tr")!.TextContent);
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
        Assert.Null((await Get(supervisor, "/account/password")).QuerySelector("#must-change"));
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in_and_its_open_session_ends_and_it_can_be_enabled_again()
    {
        using var page = new UsersPage(console, Roles.Administrator, "admin");
        var password = await page.AddAsync("day1", Roles.Supervisor);
        var day = await SignedInClient.AsAsync(Factory, "day1", password);
        Assert.Equal(HttpStatusCode.Redirect, (await day.GetAsync("/")).StatusCode); // signed in (sent to change the password)

        page.Confirmed("day1", "button.user-disable");
        page.Cut.WaitForAssertion(() => Assert.Contains("disabled", page.Row("day1").QuerySelector("[data-col=status]")!.TextContent));
        Assert.StartsWith("day1 is disabled: it cannot sign in, and its open sessions end within 1 minute.", page.LastMessage);
        // The open session: the cookie no longer signs anyone in.
        var r = await day.GetAsync("/account/password");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery);
        Assert.NotEqual(HttpStatusCode.Redirect, (await SignedInClient.SignInAsync(Factory, "day1", password)).Response.StatusCode);

        page.Confirmed("day1", "button.user-enable");
        page.Cut.WaitForAssertion(() => Assert.Contains("active", page.Row("day1").QuerySelector("[data-col=status]")!.TextContent));
        Assert.Equal("day1 can sign in again.", page.LastMessage);
        await SignedInClient.AsAsync(Factory, "day1", password);
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Target: "account day1"));
        Assert.Contains(audit, a => a.Action == "disable account" && a.Outcome == "ok");
        Assert.Contains(audit, a => a.Action == "enable account" && a.Outcome == "ok");
    }

    [Fact]
    public async Task Reset_password_shows_a_temporary_one_once_and_the_old_one_stops_working()
    {
        using var page = new UsersPage(console, Roles.Administrator, "admin");
        var first = await page.AddAsync("tech1", Roles.Maintenance);
        page.Click("#password-done");
        page.Confirmed("tech1", "button.user-reset");
        page.Cut.WaitForAssertion(() => Assert.Contains("Password for tech1", page.Cut.Find("#new-password").TextContent));
        Assert.StartsWith("The password of tech1 was reset", page.LastMessage);
        var temporary = page.Cut.Find("#password-value").TextContent;
        Assert.NotEqual(first, temporary);
        Assert.NotEqual(HttpStatusCode.Redirect, (await SignedInClient.SignInAsync(Factory, "tech1", first)).Response.StatusCode);
        var tech = await SignedInClient.AsAsync(Factory, "tech1", temporary);
        Assert.StartsWith("/account/password", (await tech.GetAsync("/")).Headers.Location!.OriginalString);
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Action: "reset password", Target: "account tech1"));
        Assert.Contains(audit, a => a.Actor == "admin" && a.Outcome == "ok");
        Assert.DoesNotContain(audit, a => a.Detail.Contains(temporary)); // never in the log
    }

    [Fact]
    public async Task The_last_active_administrator_is_neither_demoted_nor_disabled()
    {
        using var page = new UsersPage(console, Roles.Administrator, "admin");
        await page.ChangeRoleAsync("admin", Roles.Supervisor);
        page.Cut.WaitForAssertion(() => Assert.Equal("admin is the last active Administrator: make or enable another Administrator first.", page.LastMessage));
        Assert.Equal(Roles.Administrator, page.RoleBox("admin").Instance.GetState(x => x.Value)); // shows the role as stored, not the one picked

        // With a second Administrator, the first one may be disabled; the second is then the last.
        await page.AddAsync("boss2", Roles.Supervisor);
        await page.ChangeRoleAsync("boss2", Roles.Administrator);
        page.Cut.WaitForAssertion(() => Assert.StartsWith("boss2 is now Administrator", page.LastMessage));
        Assert.Equal(Roles.Administrator, page.RoleBox("boss2").Instance.GetState(x => x.Value));

        using var boss = new UsersPage(console, Roles.Administrator, "boss2");
        boss.Confirmed("boss2", "button.user-disable");
        boss.Cut.WaitForAssertion(() => Assert.Equal("You cannot disable your own account: ask another administrator.", boss.LastMessage));
        var users = console.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        try
        {
            boss.Confirmed("admin", "button.user-disable");
            boss.Cut.WaitForAssertion(() => Assert.StartsWith("admin is disabled", boss.LastMessage));
            await boss.ChangeRoleAsync("boss2", Roles.Maintenance);
            boss.Cut.WaitForAssertion(() => Assert.Equal("boss2 is the last active Administrator: make or enable another Administrator first.", boss.LastMessage));
            Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync("boss2"))!, Roles.Administrator));
        }
        finally
        {
            await console.Service<UserAccounts>().SetActiveAsync(Principal("boss2"), (await users.FindByNameAsync("admin"))!.Id, true);
        }
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Action: "change role"));
        Assert.Contains(audit, a => a.Actor == "admin" && a.Target == "account admin" && a.Outcome == "refused");
    }

    private static System.Security.Claims.ClaimsPrincipal Principal(string name, string role = Roles.Administrator) => new(new System.Security.Claims.ClaimsIdentity(
        [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, name), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role)], "test"));

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Maintenance)]
    public async Task Other_roles_get_neither_the_page_nor_its_actions(string role)
    {
        var user = role == Roles.Supervisor ? "supervisor" : "maintenance";
        var client = await SignedInClient.AsAsync(Factory, user, role == Roles.Supervisor ? "Supervisor1!" : "Maintenance1!");
        var denied = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/account/denied", denied.Headers.Location!.PathAndQuery);

        // The page's handlers, called as a hand-made circuit event would: refused before anything is asked or done.
        using var page = new UsersPage(console, role, user);
        var cut = page.Cut;
        var admin = (await console.Service<UserAccounts>().ListAsync()).Single(a => a.UserName == "admin");
        await page.Context.AssertEachRefusedAsync(cut,
            () => cut.Instance.AddAsync(), () => cut.Instance.SetActiveAsync(admin, false),
            () => cut.Instance.ResetAsync(admin), () => cut.Instance.ChangeRoleAsync(admin, Roles.Supervisor));
        Assert.Empty(page.Dialogs.FindAll(".mud-dialog"));
        var now = (await console.Service<UserAccounts>().ListAsync()).Single(a => a.UserName == "admin");
        Assert.Equal((true, Roles.Administrator), (now.Active, now.Role));

        // And the service itself refuses a caller without the role.
        var users = console.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.False((await console.Service<UserAccounts>().AddAsync(Principal(user, role), "sneaky", Roles.Administrator, null)).Ok);
        Assert.Null(await users.FindByNameAsync("sneaky"));
    }

    [Fact]
    public void In_chinese_roles_and_states_are_chinese()
    {
        using var page = new UsersPage(console, Roles.Administrator, "admin", ConsoleCulture.Chinese);
        Assert.Equal("用户", page.Cut.Find("h1").TextContent);
        Assert.Contains("启用", page.Row("supervisor").QuerySelector("[data-col=status]")!.TextContent);
        Assert.Contains("停用", page.Row("supervisor").QuerySelector("button.user-disable")!.TextContent);
        Assert.Contains("调度主管", page.Row("supervisor").TextContent);
    }

    [Theory]
    [InlineData(ConsoleCulture.Chinese, "密码至少需要 8 个字符。", "密码至少需要一个数字（0–9）。")]
    [InlineData(ConsoleCulture.English, "Passwords must be at least 8 characters.", "Passwords must have at least one digit ('0'-'9').")]
    public async Task Identity_refuses_a_weak_password_in_the_readers_language(string culture, string tooShort, string noDigit)
    {
        var before = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
            using var scope = Factory.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var refused = await users.CreateAsync(new IdentityUser("weak-" + culture), "abc");
            Assert.False(refused.Succeeded);
            var said = refused.Errors.Select(e => e.Description).ToList();
            Assert.Contains(tooShort, said);
            Assert.Contains(noDigit, said);
            Assert.Null(await users.FindByNameAsync("weak-" + culture)); // nothing was created
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = before;
        }
    }
}
