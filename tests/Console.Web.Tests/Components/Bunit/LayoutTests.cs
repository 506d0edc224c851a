using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Layout;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

public sealed class LayoutTests
{
    private static IRenderedComponent<MainLayout> RenderLayout(ConsolePageContext ctx) =>
        ctx.Render<MainLayout>(p => p
            .SetAssignedRenderMode(RenderMode.InteractiveServer)
            .Add(x => x.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='page-body'>page</p>"))));

    [Theory]
    [InlineData(Roles.Supervisor, false)]
    [InlineData(Roles.Maintenance, false)]
    [InlineData(Roles.Administrator, true)]
    public void Navigation_shows_administration_to_administrators_only(string role, bool admin)
    {
        using var ctx = new ConsolePageContext(role, user: "pat");
        var cut = RenderLayout(ctx);
        Assert.NotNull(cut.Find("#page-body"));
        foreach (var id in new[] { "nav-overview", "nav-fleet", "nav-map", "nav-orders", "nav-alarms", "nav-audit", "nav-maps" })
            Assert.NotEmpty(cut.FindAll($"#{id}"));
        Assert.Equal("/fleet", cut.Find("#nav-fleet").GetAttribute("href"));
        Assert.Equal(admin, cut.FindAll("#nav-admin-agvs").Count == 1);
        Assert.Equal(admin, cut.FindAll("#nav-users").Count == 1);
        Assert.Equal("pat", cut.Find("#user-name").TextContent);
        Assert.Equal(role, cut.Find("#user-roles").TextContent);
    }

    [Fact]
    public void Sign_out_is_a_post_with_the_antiforgery_token_and_change_password_a_link()
    {
        using var ctx = new ConsolePageContext();
        var cut = RenderLayout(ctx);
        var form = cut.Find("#sign-out-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/logout", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("/account/password", cut.Find("#nav-password").GetAttribute("href"));
    }

    [Fact]
    public void Nobody_signed_in_sees_no_user_area()
    {
        using var ctx = new ConsolePageContext(role: null);
        var cut = RenderLayout(ctx);
        Assert.Empty(cut.FindAll("#user-menu"));
        Assert.Empty(cut.FindAll("#nav-admin"));
    }

    [Fact]
    public void Language_switch_posts_the_choice_and_comes_back_to_this_page()
    {
        using var ctx = new ConsolePageContext(culture: ConsoleCulture.Chinese);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/fleet?state=idle");
        var cut = RenderLayout(ctx);
        var form = cut.Find("#language-switch");
        Assert.Equal("/account/culture", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("/fleet?state=idle", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.Equal("true", cut.Find("#language-zh-CN").GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.Find("#language-en").GetAttribute("aria-pressed"));
        Assert.Equal(["en", "zh-CN"], form.QuerySelectorAll("button[name=culture]").Select(b => b.GetAttribute("value")));
        Assert.Contains("车队", cut.Find("#nav-fleet").TextContent);
    }

    [Fact]
    public void Alarm_badge_counts_unacknowledged_alarms_live()
    {
        using var ctx = new ConsolePageContext();
        var now = ctx.Clock.GetUtcNow();
        var acknowledged = FakeAlarmFeed.Of(1, "A1", EventLevel.Warning, now);
        acknowledged.Acknowledge("pat", null, now);
        ctx.Alarms.List.Add(acknowledged);
        var cut = RenderLayout(ctx);
        Assert.False(cut.FindComponent<MudBadge>().Instance.Visible);

        ctx.Alarms.Announce(FakeAlarmFeed.Of(2, "A2", EventLevel.Error, now), "raised");
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(".console-alarm-badge .mud-badge").TextContent.Trim()));
        Assert.Equal("/alarms", cut.Find("#alarm-link").GetAttribute("href"));
    }

    [Fact]
    public async Task Error_alarm_toasts_stay_until_acknowledged_and_sound_the_cue()
    {
        using var ctx = new ConsolePageContext();
        var cue = ctx.JSInterop.SetupModule("./js/alarm-cue.js");
        cue.SetupVoid("alarm", _ => true).SetVoidResult(); // answered: an unanswered call would hold up the next batch of changes
        var cut = RenderLayout(ctx);
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        var now = ctx.Clock.GetUtcNow();

        var error = FakeAlarmFeed.Of(5, "DEMO-02", EventLevel.Error, now, "heartbeat lost", "Heartbeat lost");
        var info = FakeAlarmFeed.Of(6, "DEMO-03", EventLevel.Info, now);
        ctx.Alarms.Announce(error, "raised");
        ctx.Alarms.Announce(info, "raised");
        cut.WaitForAssertion(() => Assert.Equal(2, snackbar.ShownSnackbars.Count()));
        var toast = snackbar.ShownSnackbars.Single(s => s.Message!.Contains("DEMO-02"));
        Assert.Equal("Error · DEMO-02: Heartbeat lost: heartbeat lost", toast.Message);
        Assert.Equal(Severity.Error, toast.Severity);
        Assert.Equal(Severity.Info, snackbar.ShownSnackbars.Single(s => s.Message!.Contains("DEMO-03")).Severity);
        foreach (var (alarm, stays) in new[] { (error, true), (info, false) })
        {
            var options = new SnackbarOptions(Severity.Normal, new SnackbarConfiguration());
            AlarmToasts.Keeping(options, alarm);
            Assert.Equal(stays, options.RequireInteraction);
            Assert.True(options.ShowCloseIcon);
        }
        cut.WaitForAssertion(() => Assert.Single(cue.Invocations["alarm"])); // one cue for the error, none for the info

        // The toast goes when the alarm is acknowledged. Taking it away neither renders the layout nor raises the
        // snackbar service's event, so neither can be waited on: poll the service (AgvConsole.Tests.Wait).
        error.Acknowledge("pat", null, now);
        ctx.Alarms.Announce(error, "acknowledged");
        await AgvConsole.Tests.Wait.Until(() => !snackbar.ShownSnackbars.Any(s => s.Message!.Contains("DEMO-02")), 10, "the error toast taken away");
        Assert.DoesNotContain(snackbar.ShownSnackbars, s => s.Message!.Contains("DEMO-02"));
    }

    [Fact]
    public async Task A_burst_of_alarms_shows_the_most_severe_and_one_toast_counting_the_rest()
    {
        using var ctx = new ConsolePageContext();
        var cue = ctx.JSInterop.SetupModule("./js/alarm-cue.js");
        cue.SetupVoid("alarm", _ => true).SetVoidResult();
        var cut = RenderLayout(ctx);
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        var now = ctx.Clock.GetUtcNow();
        // Twelve AGVs' scanners see an obstacle at once; one of them has also lost its heartbeat.
        var burst = Enumerable.Range(1, 12).Select(i => FakeAlarmFeed.Of(i, $"LOAD-{i:D4}", EventLevel.Warning, now, "obstacle in front scanner field", "AGV warning events")).ToList();
        burst.Insert(7, FakeAlarmFeed.Of(13, "LOAD-0099", EventLevel.Error, now, "heartbeat lost", "Heartbeat lost"));
        ctx.Alarms.List.AddRange(burst);
        var toasts = cut.FindComponent<AlarmToasts>();
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync(burst.Select(a => new AlarmChange(a, "raised")).ToList()));

        // The alarms' own toasts carry their text; the summary's text is drawn live in the page (#alarm-summary).
        List<string> Own() => snackbar.ShownSnackbars.Where(s => !string.IsNullOrEmpty(s.Message)).Select(s => s.Message!).ToList();
        Snackbar SummaryToast() => snackbar.ShownSnackbars.Single(s => string.IsNullOrEmpty(s.Message));
        void SummaryReads(string text) => cut.WaitForAssertion(() => Assert.Equal(text, cut.Find("#alarm-summary").TextContent));

        var own = Own();
        Assert.Equal(AlarmToasts.OwnToastsAtOnce + 1, snackbar.ShownSnackbars.Count());
        Assert.Contains(own, m => m.StartsWith("Error · LOAD-0099: Heartbeat lost")); // the most severe gets its own toast
        Assert.Contains(own, m => m.StartsWith("Warning · LOAD-0001:"));
        Assert.Contains(own, m => m.StartsWith("Warning · LOAD-0002:"));
        SummaryReads("10 more alarm(s) raised · 13 to acknowledge in all");
        Assert.Single(cue.Invocations["alarm"]);
        var summary = SummaryToast();

        // A second burst while the summary is shown adds to its count: three alarms' toasts are in sight already, so
        // all five are counted; the summary stays in sight, the same toast (redrawn, not replaced: no blink, no jump).
        var second = Enumerable.Range(21, 5).Select(i => FakeAlarmFeed.Of(i, $"LOAD-{i:D4}", EventLevel.Warning, now, "obstacle in front scanner field", "AGV warning events")).ToList();
        ctx.Alarms.List.AddRange(second);
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync(second.Select(a => new AlarmChange(a, "raised")).ToList()));
        SummaryReads("15 more alarm(s) raised · 18 to acknowledge in all");
        Assert.Equal(AlarmToasts.OwnToastsAtOnce + 1, snackbar.ShownSnackbars.Count());
        Assert.Same(summary, SummaryToast());
        burst.AddRange(second);

        // Alarms one at a time (a big site's steady trickle) do not pile up beyond that either.
        foreach (int i in Enumerable.Range(51, 4))
        {
            var one = FakeAlarmFeed.Of(i, $"LOAD-{i:D4}", EventLevel.Warning, now, "obstacle in front scanner field", "AGV warning events");
            ctx.Alarms.List.Add(one);
            burst.Add(one);
            await cut.InvokeAsync(() => toasts.Instance.ShowAsync([new AlarmChange(one, "raised")]));
        }
        Assert.Equal(AlarmToasts.OwnToastsAtOnce + 1, snackbar.ShownSnackbars.Count());
        SummaryReads("19 more alarm(s) raised · 22 to acknowledge in all");

        // An error does not hide behind warnings: it gets its own toast while a place is left beside the summary.
        var lost = FakeAlarmFeed.Of(60, "LOAD-0060", EventLevel.Error, now, "heartbeat lost", "Heartbeat lost");
        ctx.Alarms.List.Add(lost);
        burst.Add(lost);
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync([new AlarmChange(lost, "raised")]));
        Assert.Contains(Own(), m => m.StartsWith("Error · LOAD-0060: Heartbeat lost"));
        Assert.Equal(AlarmToasts.OwnToastsAtOnce + 2, snackbar.ShownSnackbars.Count());

        // Someone acknowledges three of the counted alarms elsewhere: the summary's figure follows, in the same toast.
        var counted = burst.Where(a => a.Serial is "LOAD-0021" or "LOAD-0022" or "LOAD-0051").ToList();
        foreach (var a in counted) a.Acknowledge("pat", null, now);
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync(counted.Select(a => new AlarmChange(a, "acknowledged")).ToList()));
        SummaryReads("19 more alarm(s) raised · 20 to acknowledge in all");
        Assert.Same(summary, SummaryToast());

        // Everything acknowledged: the count goes with the alarms' own toasts.
        foreach (var a in burst) a.Acknowledge("pat", null, now);
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync(burst.Select(a => new AlarmChange(a, "acknowledged")).ToList()));
        await AgvConsole.Tests.Wait.Until(() => !snackbar.ShownSnackbars.Any(), 10, "every toast taken away");

        // The summary gone, the next burst counts afresh.
        var third = Enumerable.Range(31, 4).Select(i => FakeAlarmFeed.Of(i, $"LOAD-{i:D4}", EventLevel.Warning, now, "obstacle in front scanner field", "AGV warning events")).ToList();
        ctx.Alarms.List.AddRange(third);
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync(third.Select(a => new AlarmChange(a, "raised")).ToList()));
        SummaryReads("1 more alarm(s) raised · 4 to acknowledge in all");

        // The user closes the summary: the next burst counts afresh too (the third burst's three toasts are still in sight).
        await cut.InvokeAsync(() => SummaryToast().ForceClose());
        var fourth = Enumerable.Range(41, 6).Select(i => FakeAlarmFeed.Of(i, $"LOAD-{i:D4}", EventLevel.Warning, now, "obstacle in front scanner field", "AGV warning events")).ToList();
        ctx.Alarms.List.AddRange(fourth);
        await cut.InvokeAsync(() => toasts.Instance.ShowAsync(fourth.Select(a => new AlarmChange(a, "raised")).ToList()));
        SummaryReads("6 more alarm(s) raised · 10 to acknowledge in all");
    }

    [Fact]
    public void In_Chinese_a_text_the_console_wrote_reads_in_Chinese_and_an_agvs_own_words_stay()
    {
        using var ctx = new ConsolePageContext(culture: ConsoleCulture.Chinese);
        var cut = RenderLayout(ctx);
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        var now = ctx.Clock.GetUtcNow();
        ctx.Alarms.Announce(FakeAlarmFeed.Of(8, "DEMO-02", EventLevel.Warning, now, AgvConsole.Fleet.Alarms.AlarmText.LowConfidence(95, 97), "Low localisation confidence"), "raised");
        ctx.Alarms.Announce(FakeAlarmFeed.Of(9, "DEMO-03", EventLevel.Warning, now, AgvConsole.Fleet.Alarms.AlarmText.AgvEvent(0x0101, "obstacle in front scanner field"), "AGV warning events"), "raised");
        ctx.Alarms.Announce(FakeAlarmFeed.Of(10, "DEMO-04", EventLevel.Warning, now, "the aisle is full", "Traffic blocked"), "raised");
        cut.WaitForAssertion(() => Assert.Equal(3, snackbar.ShownSnackbars.Count()));
        var shown = snackbar.ShownSnackbars.Select(s => s.Message!).ToList();
        Assert.Contains(shown, m => m.Contains("定位置信度 95 %（低于 97 %）"));
        Assert.Contains(shown, m => m.Contains("事件 0x0101：obstacle in front scanner field"));
        Assert.Contains(shown, m => m.EndsWith("the aisle is full"));
        Assert.DoesNotContain(shown, m => m.Contains("localisation confidence"));
    }

    [Fact]
    public void Toasts_stay_above_the_app_bar_and_drawer_and_below_dialogs()
    {
        var z = ConsoleTheme.Theme.ZIndex;
        Assert.InRange(z.Snackbar, Math.Max(z.AppBar, z.Drawer) + 1, z.Dialog - 1);
        Assert.True(z.Tooltip > z.Dialog, "tooltips (MudBlazor's own order) stay above dialogs");
    }

    [Fact]
    public void Console_alarms_name_the_console_and_markup_in_texts_stays_text()
    {
        using var ctx = new ConsolePageContext();
        var cut = RenderLayout(ctx);
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        ctx.Alarms.Announce(FakeAlarmFeed.Of(7, AgvConsole.Fleet.Alarms.Alarm.ConsoleSerial, EventLevel.Warning, ctx.Clock.GetUtcNow(), "<img src=x onerror=alert(1)>"), "raised");
        cut.WaitForAssertion(() => Assert.Single(snackbar.ShownSnackbars));
        Assert.StartsWith("Warning · Console:", snackbar.ShownSnackbars.Single().Message!);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-snackbar img")));
    }

    [Fact]
    public async Task Role_checks_in_handlers_follow_the_policies()
    {
        foreach (var (role, dispatch, alarms, administer) in new[]
                 {
                     (Roles.Supervisor, true, false, false), (Roles.Maintenance, false, true, false), (Roles.Administrator, true, true, true),
                 })
        {
            var services = new ServiceCollection().AddLogging().AddAuthorizationCore(o =>
            {
                o.AddPolicy(Policies.Dispatch, p => p.RequireRole(Roles.Dispatchers));
                o.AddPolicy(Policies.Alarms, p => p.RequireRole(Roles.AlarmHandlers));
                o.AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Administrator));
            }).BuildServiceProvider();
            var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new(System.Security.Claims.ClaimTypes.Name, "pat"), new(System.Security.Claims.ClaimTypes.Role, role)], "test"));
            var permissions = new Permissions(services.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>(), new FixedState(user));
            Assert.Equal(dispatch, await permissions.AllowsAsync(Policies.Dispatch));
            Assert.Equal(alarms, await permissions.AllowsAsync(Policies.Alarms));
            Assert.Equal(administer, await permissions.AllowsAsync(Policies.Administer));
        }
        var nobody = new Permissions(new ServiceCollection().AddLogging().AddAuthorizationCore().BuildServiceProvider()
            .GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>(), new FixedState(new()));
        Assert.False(await nobody.AllowsAsync(Policies.View));
    }

    private sealed class FixedState(System.Security.Claims.ClaimsPrincipal user) : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        public override Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(user));
    }
}
