using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Pages;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// Alarm rules (and the thresholds they push to AGVs) and notification groups (and their webhooks) are
/// Administrator actions, checked in every handler on the server; Maintenance and Supervisors read them.
/// Thresholds are typed in units, scopes picked from the fleet; webhooks may not point at this machine or a
/// link-local address unless the console allows it; deliveries and their outcomes are shown.
/// </summary>
[Collection(AdminConsoleCollection.Name)]
public sealed class AlarmConfigurationPagesTests(AdminConsole console)
{
    private AlarmCentre Centre => console.Service<AlarmCentre>();
    private INotificationRepository Groups => console.Service<INotificationRepository>();
    private string RulesNow => JsonSerializer.Serialize(Centre.Rules);

    private static IElement RuleRow(IRenderedComponent<AlarmRules> cut, string name) =>
        cut.FindAll("[data-rule]").Single(e => e.TextContent == name).Closest("tr")!;

    [Theory]
    [InlineData(Roles.Maintenance)]
    [InlineData(Roles.Supervisor)]
    public async Task Other_roles_read_rules_and_groups_and_every_handler_refuses_them(string role)
    {
        var user = "reader-" + role.ToLowerInvariant();
        using var ctx = console.Page(role, user);
        var dialogs = ctx.Dialogs();
        var before = RulesNow;
        var groupsBefore = (await Groups.GetGroupsAsync()).Count;

        var rules = ctx.Render<AlarmRules>();
        Assert.Equal(Centre.Rules.Count, rules.FindAll("tr.rule-row").Count);
        Assert.Contains("changed by Administrators", rules.Find("#read-only-note").TextContent);
        Assert.Empty(rules.FindAll("#add-rule, #default-template, .rule-edit, .rule-delete"));
        var battery = Centre.Rules.Single(r => r.Source == AlarmSource.LowBattery);
        await ctx.AssertEachRefusedAsync(rules,
            () => rules.Instance.AddAsync(), () => rules.Instance.EditAsync(battery),
            () => rules.Instance.SaveAsync(battery with { Threshold = 1 }), () => rules.Instance.SaveAsync(battery with { Id = 0, Name = "Mine" }),
            () => rules.Instance.DeleteAsync(battery), () => rules.Instance.DefaultSetAsync());

        var groups = ctx.Render<NotificationGroups>();
        Assert.Contains("changed by Administrators", groups.Find("#read-only-note").TextContent);
        Assert.Empty(groups.FindAll("#add-group, .group-edit, .group-delete"));
        await ctx.AssertEachRefusedAsync(groups,
            () => groups.Instance.AddAsync(), () => groups.Instance.SaveAsync(new NotificationGroup(0, "Attacker", "", "https://example.com/hook")));

        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.Equal(before, RulesNow);
        Assert.Equal(groupsBefore, (await Groups.GetGroupsAsync()).Count);
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: user, Limit: 100));
        Assert.DoesNotContain(audit, a => a.Action.Contains("rule") || a.Action.Contains("notification group"));
    }

    [Fact]
    public async Task An_administrator_changes_a_threshold_in_its_unit_and_it_is_sent_to_the_agvs_bad_values_change_nothing()
    {
        var battery = Centre.Rules.Single(r => r.Source == AlarmSource.LowBattery);
        await Centre.SaveRuleAsync(battery with { Threshold = 20, Enabled = true, Scope = RuleScope.All, ScopeValue = null }, "setup");
        try
        {
            using var ctx = console.Page(Roles.Administrator, "admin");
            var dialogs = ctx.Dialogs();
            var cut = ctx.Render<AlarmRules>();
            Assert.Equal("below 20 %", RuleRow(cut, battery.Name).QuerySelector("[data-col=threshold]")!.TextContent);
            Assert.Contains("raise after 10 s, clear after 30 s", RuleRow(cut, battery.Name).TextContent);

            RuleRow(cut, battery.Name).QuerySelector("button.rule-edit")!.Click();
            dialogs.WaitForElement("#rule-threshold");
            Assert.Equal("Battery % below", dialogs.Find("label[for=rule-threshold]").TextContent.Trim());
            Assert.NotNull(dialogs.Find("#rule-pushed-note"));
            dialogs.Find("#rule-threshold").Change("30");
            dialogs.Find("#rule-save").Click();
            cut.WaitForAssertion(() => Assert.Equal("below 30 %", RuleRow(cut, battery.Name).QuerySelector("[data-col=threshold]")!.TextContent));
            Assert.Equal($"Rule {battery.Id} (Low battery) saved. lowBatteryAlarmPct = 30 sent to 3 online AGV(s), 3 accepted.", ctx.Snackbars().Last());
            using (var api = console.Factory.CreateClient())
            {
                api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleFactory.ApiKey);
                var p = await api.GetFromJsonAsync<JsonElement>("/api/v1/agvs/DEMO-03/parameters");
                Assert.Equal(30, p.GetProperty("lowBatteryAlarmPct").GetInt64());
            }

            // Out of range and no name: said at the fields, the dialog stays, nothing is saved.
            RuleRow(cut, battery.Name).QuerySelector("button.rule-edit")!.Click();
            dialogs.WaitForElement("#rule-threshold");
            dialogs.Find("#rule-threshold").Change("130");
            dialogs.Find("#rule-name").Change("");
            dialogs.Find("#rule-save").Click();
            dialogs.WaitForAssertion(() => Assert.Contains("The threshold must be from 0 to 100.", dialogs.Markup));
            Assert.Contains("The rule needs a name.", dialogs.Markup);
            Assert.Equal(30, Centre.Rules.Single(r => r.Id == battery.Id).Threshold);
            dialogs.Find("#rule-cancel").Click();
            dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#rule-dialog")));
            Assert.Equal(30, Centre.Rules.Single(r => r.Id == battery.Id).Threshold);
        }
        finally
        {
            await Centre.SaveRuleAsync(battery with { Threshold = 20 }, "setup");
        }
    }

    [Fact]
    public async Task A_new_rules_scope_is_picked_from_the_fleet_and_a_deleted_rule_is_asked_about_first()
    {
        using var ctx = console.Page(Roles.Administrator, "admin");
        ctx.Fleet.List.AddRange([Agv("DEMO-01", vendor: "Kivo"), Agv("DEMO-02", vendor: "RoboLift"), Agv("DEMO-03", vendor: "Kivo")]);
        var dialogs = ctx.Dialogs();
        var popovers = ctx.Render<MudPopoverProvider>();
        var cut = ctx.Render<AlarmRules>();
        var name = "RoboLift batteries " + Guid.NewGuid().ToString("N")[..4];

        cut.Find("#add-rule").Click();
        dialogs.WaitForElement("#rule-name").Change(name);
        Assert.NotNull(dialogs.Find("#rule-no-threshold")); // an AGV event takes no threshold
        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSelect<AlarmSource>>().Instance.SelectOption(AlarmSource.CriticalBattery));
        dialogs.WaitForElement("#rule-threshold").Change("12");
        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSelect<RuleScope>>().Instance.SelectOption(RuleScope.Vendor));
        dialogs.WaitForState(() => dialogs.FindComponents<MudSelect<string>>().Count == 1);
        var vendor = dialogs.FindComponent<MudSelect<string>>();
        await dialogs.InvokeAsync(() => vendor.Instance.OpenMenu());
        popovers.WaitForAssertion(() => Assert.Equal(["Kivo", "RoboLift"], popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
        await dialogs.InvokeAsync(() => vendor.Instance.SelectOption("RoboLift"));
        dialogs.Find("#rule-save").Click();

        cut.WaitForAssertion(() => Assert.Contains("Vendor: RoboLift", RuleRow(cut, name).TextContent));
        var saved = Centre.Rules.Single(r => r.Name == name);
        Assert.Equal((AlarmSource.CriticalBattery, 12L, RuleScope.Vendor, "RoboLift"), (saved.Source, saved.Threshold!.Value, saved.Scope, saved.ScopeValue));

        RuleRow(cut, name).QuerySelector("button.rule-delete")!.Click();
        dialogs.Answer(yes: false);
        Assert.Contains(Centre.Rules, r => r.Name == name);
        RuleRow(cut, name).QuerySelector("button.rule-delete")!.Click();
        dialogs.Answer(yes: true);
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("[data-rule]"), e => e.TextContent == name));
        Assert.DoesNotContain(Centre.Rules, r => r.Name == name);
    }

    [Fact]
    public async Task The_default_rule_set_asks_first_then_adds_what_is_missing()
    {
        var taskFailed = Centre.Rules.Single(r => r.Name == "Task failed");
        await Centre.DeleteRuleAsync(taskFailed.Id, "setup");
        using var ctx = console.Page(Roles.Administrator, "admin");
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<AlarmRules>();
        cut.Find("#default-template").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("1 rule(s) of the default set are missing", dialogs.Markup));
        dialogs.Answer(yes: false);
        Assert.DoesNotContain(Centre.Rules, r => r.Name == "Task failed");

        cut.Find("#default-template").Click();
        dialogs.Answer(yes: true);
        cut.WaitForAssertion(() => Assert.Contains(Centre.Rules, r => r.Name == "Task failed"));
        // The message shows once the action's audit entry is stored (with others, in one transaction): wait for it.
        cut.WaitForAssertion(() => Assert.Equal("Added 1 rule(s) of the default set.", ctx.Snackbars().LastOrDefault()));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-rule]"), e => e.TextContent == "Task failed"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://127.1.2.3/hook")]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://0.0.0.0:9000/hook")]
    public async Task A_webhook_to_this_machine_or_a_link_local_address_is_refused_with_the_reason(string url)
    {
        using var ctx = console.Page(Roles.Administrator, "admin");
        var dialogs = ctx.Dialogs();
        var before = (await Groups.GetGroupsAsync()).Count;
        var cut = ctx.Render<NotificationGroups>();
        cut.Find("#add-group").Click();
        dialogs.WaitForElement("#group-name").Change("Local");
        dialogs.Find("#group-webhook").Change(url);
        dialogs.Find("#group-save").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("may not point at this machine or a link-local", dialogs.Markup));
        Assert.Contains("Alarms:AllowLocalWebhookTargets", dialogs.Markup);
        Assert.Single(dialogs.FindAll("#group-dialog")); // still open, with what was typed
        Assert.Equal(before, (await Groups.GetGroupsAsync()).Count);

        // Past the dialog (a hand-made event): the service refuses it as well.
        await cut.InvokeAsync(() => cut.Instance.SaveAsync(new NotificationGroup(0, "Local", "", url)));
        Assert.StartsWith("The group was refused", ctx.Snackbars().Last());
        Assert.Equal(before, (await Groups.GetGroupsAsync()).Count);
    }

    [Fact]
    public async Task A_webhook_on_a_private_network_is_saved_and_one_that_is_no_http_url_is_not()
    {
        using var ctx = console.Page(Roles.Administrator, "admin");
        var dialogs = ctx.Dialogs();
        var cut = ctx.Render<NotificationGroups>();
        var name = "Site receiver " + Guid.NewGuid().ToString("N")[..4];
        cut.Find("#add-group").Click();
        dialogs.WaitForElement("#group-name").Change(name);
        dialogs.Find("#group-webhook").Change("ftp://nope");
        dialogs.Find("#group-save").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("The webhook must be an absolute http or https URL.", dialogs.Markup));
        dialogs.Find("#group-webhook").Change("http://192.168.10.20:8080/alarms");
        dialogs.Find("#group-save").Click();
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-group]"), e => e.TextContent == name));
        var group = Assert.Single(await Groups.GetGroupsAsync(), g => g.Name == name);
        Assert.Equal("http://192.168.10.20:8080/alarms", group.WebhookUrl);
        Assert.Equal($"Group {group.Id} ({name}) saved.", ctx.Snackbars().Last());
        var audit = await console.Service<IAuditSink>().SearchAsync(new AuditQuery(Actor: "admin", Action: "add notification group"));
        Assert.Contains(audit, a => a.Target == $"group {group.Id}" && a.Outcome == "ok");
    }

    [Fact]
    public async Task Webhook_deliveries_are_shown_with_their_outcome_and_follow_while_the_page_is_open()
    {
        var store = Groups;
        var tag = Guid.NewGuid().ToString("N")[..6];
        await store.RecordDeliveryAsync(new WebhookDelivery(DateTimeOffset.UtcNow, 1, $"Night shift {tag}", 41, "raised", "http://192.168.1.5/", 1, true, null));
        await store.RecordDeliveryAsync(new WebhookDelivery(DateTimeOffset.UtcNow, 2, $"Nobody home {tag}", 41, "raised", "http://192.168.1.6/", 6, false, "Connection refused (192.168.1.6:80)"));
        using var ctx = console.Page(Roles.Maintenance, "maintenance");
        var cut = ctx.Render<NotificationGroups>();
        var rows = cut.FindAll("tr.delivery-row");
        var ok = rows.Single(r => r.TextContent.Contains($"Night shift {tag}"));
        Assert.Equal("delivered", ok.QuerySelector("[data-outcome]")!.TextContent.Trim());
        var failed = rows.Single(r => r.TextContent.Contains($"Nobody home {tag}"));
        Assert.Equal("failed: Connection refused (192.168.1.6:80)", failed.QuerySelector("[data-outcome]")!.TextContent.Trim());
        Assert.Contains("console-failed", failed.ClassName);

        await store.RecordDeliveryAsync(new WebhookDelivery(DateTimeOffset.UtcNow, 1, $"Later {tag}", 42, "cleared", "http://192.168.1.5/", 2, true, null));
        cut.WaitForAssertion(() =>
        {
            ctx.Clock.Advance(NotificationGroups.DeliveriesRefresh);
            Assert.Contains(cut.FindAll("tr.delivery-row"), r => r.TextContent.Contains($"Later {tag}") && r.TextContent.Contains("cleared"));
        });
    }

    [Fact]
    public void In_chinese_rules_speak_in_words_and_units()
    {
        using var ctx = console.Page(Roles.Maintenance, "maintenance", ConsoleCulture.Chinese);
        var cut = ctx.Render<AlarmRules>();
        Assert.Equal("告警规则", cut.Find("h1").TextContent);
        var row = RuleRow(cut, "电量严重不足"); // the default rule "Critical battery", named in Chinese
        Assert.Contains("电量严重不足", row.QuerySelector("[data-rule]")!.TextContent);
        Assert.Matches(@"低于 \d+ %", row.QuerySelector("[data-col=threshold]")!.TextContent);
        Assert.Contains("持续 5 秒后告警", row.TextContent);
        Assert.Contains("只读", cut.Find("#read-only-note").TextContent);
    }
}
