using System.Net;
using System.Text.Json;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// Alarm rules (and the thresholds they push to AGVs) and notification groups (and their webhooks)
/// are Administrator actions, enforced on the server; Maintenance sees them read-only. Webhooks may
/// not point at this machine or a link-local address unless the console is configured to allow it.
/// </summary>
public sealed class AlarmConfigurationPagesTests(AlarmConfigurationPagesTests.Fixture fixture) : IClassFixture<AlarmConfigurationPagesTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public void Dispose() => Factory.Dispose();
    }

    private static readonly HtmlParser Parser = new();
    private AlarmEngine Engine => fixture.Factory.Services.GetRequiredService<AlarmEngine>();
    private INotificationRepository Groups => fixture.Factory.Services.GetRequiredService<INotificationRepository>();
    private string RulesNow => JsonSerializer.Serialize(Engine.Rules);

    /// <summary>Posts a form by hand, as a person with the page's token could, whether or not the page showed it.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string form, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var doc = await Parser.ParseDocumentAsync(await client.GetStringAsync(page));
        var token = doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(page, new FormUrlEncodedContent(
            new[] { new KeyValuePair<string, string>("__RequestVerificationToken", token), new("_handler", form) }.Concat(fields)));
    }

    private static IEnumerable<KeyValuePair<string, string>> Rule(AlarmRule r, string threshold, bool enabled, string doWhat = "save") =>
    [
        new("Id", r.Id.ToString()), new("Name", r.Name), new("Source", r.Source.ToString()), new("Threshold", threshold), new("Level", r.Level.ToString()),
        new("Enabled", enabled ? "true" : "false"), new("Scope", "All"), new("ScopeValue", ""), new("RaiseAfterS", "0"), new("ClearAfterS", "0"), new("Do", doWhat),
    ];

    [Fact]
    public async Task Maintenance_sees_rules_and_groups_without_edit_controls()
    {
        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var rule = Engine.Rules.First();
        var rules = await Parser.ParseDocumentAsync(await maintenance.GetStringAsync($"/alarms/rules?edit={rule.Id}"));
        Assert.NotEmpty(rules.QuerySelectorAll("#rules-table tr[data-rule]"));
        Assert.NotNull(rules.QuerySelector("#read-only-note"));
        Assert.Null(rules.QuerySelector("#add-rule"));
        Assert.Null(rules.QuerySelector("#default-template"));
        Assert.Empty(rules.QuerySelectorAll("a[href*='edit=']"));
        Assert.DoesNotContain(rules.QuerySelectorAll("form[method=post]"), f => f.GetAttribute("action")?.StartsWith("/account/") != true); // sign-out and language

        var groups = await Parser.ParseDocumentAsync(await maintenance.GetStringAsync("/alarms/groups?edit=new"));
        Assert.NotNull(groups.QuerySelector("#groups-table"));
        Assert.NotNull(groups.QuerySelector("#read-only-note"));
        Assert.Null(groups.QuerySelector("#add-group"));
        Assert.DoesNotContain(groups.QuerySelectorAll("form[method=post]"), f => f.GetAttribute("action")?.StartsWith("/account/") != true); // sign-out and language
    }

    [Fact]
    public async Task Maintenance_posting_the_forms_by_hand_changes_nothing()
    {
        var maintenance = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var before = RulesNow;
        var groupsBefore = (await Groups.GetGroupsAsync()).Count;
        var estop = Engine.Rules.Single(r => r.Source == AlarmSource.EmergencyStop);
        var battery = Engine.Rules.Single(r => r.Source == AlarmSource.LowBattery);

        await PostAsync(maintenance, $"/alarms/rules?edit={estop.Id}", "rule", Rule(estop, "", enabled: false));
        await PostAsync(maintenance, $"/alarms/rules?edit={battery.Id}", "rule", Rule(battery, "1", enabled: true));
        await PostAsync(maintenance, $"/alarms/rules?edit={battery.Id}", "rule", Rule(battery, "20", enabled: true, doWhat: "delete"));
        await PostAsync(maintenance, "/alarms/rules?edit=new", "rule", Rule(battery with { Id = 0, Name = "Mine" }, "5", enabled: true));
        await PostAsync(maintenance, "/alarms/rules", "template", []);
        await PostAsync(maintenance, "/alarms/groups?edit=new", "group",
            [new("Id", "0"), new("Name", "Attacker"), new("Contacts", ""), new("WebhookUrl", "https://example.com/hook"), new("Do", "save")]);

        Assert.Equal(before, RulesNow);
        Assert.Equal(groupsBefore, (await Groups.GetGroupsAsync()).Count);
        var audit = await fixture.Factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Actor: "maintenance", Limit: 100));
        Assert.DoesNotContain(audit, a => a.Action.Contains("rule") || a.Action.Contains("notification group"));
    }

    [Fact]
    public async Task An_administrator_changes_a_rule()
    {
        var admin = await SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");
        var confidence = Engine.Rules.Single(r => r.Source == AlarmSource.LowConfidence);
        await PostAsync(admin, $"/alarms/rules?edit={confidence.Id}", "rule", Rule(confidence, "55", enabled: true));
        Assert.Equal(55, Engine.Rules.Single(r => r.Id == confidence.Id).Threshold);
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
        var admin = await SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");
        var before = (await Groups.GetGroupsAsync()).Count;
        var r = await PostAsync(admin, "/alarms/groups?edit=new", "group",
            [new("Id", "0"), new("Name", "Local"), new("Contacts", ""), new("WebhookUrl", url), new("Do", "save")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode); // refused, shown again with what was typed
        var message = (await Parser.ParseDocumentAsync(await r.Content.ReadAsStringAsync())).QuerySelector("#command-result")!.TextContent;
        Assert.Contains("may not point at this machine or a link-local", message);
        Assert.Contains("Alarms:AllowLocalWebhookTargets", message);
        Assert.Equal(before, (await Groups.GetGroupsAsync()).Count);
    }

    [Fact]
    public async Task A_webhook_on_a_private_network_may_be_saved()
    {
        var admin = await SignedInClient.AsAsync(fixture.Factory, "admin", "Administrator1!");
        await PostAsync(admin, "/alarms/groups?edit=new", "group",
            [new("Id", "0"), new("Name", "Site receiver"), new("Contacts", ""), new("WebhookUrl", "http://192.168.10.20:8080/alarms"), new("Do", "save")]);
        Assert.Contains(await Groups.GetGroupsAsync(), g => g.WebhookUrl == "http://192.168.10.20:8080/alarms");
    }
}
