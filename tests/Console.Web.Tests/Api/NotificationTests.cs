using AgvConsole.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Alarm notifications: a webhook that answers gets the alarm; one that cannot be reached fails visibly after its retries.</summary>
public sealed class NotificationTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task Routed_alarms_reach_the_groups_webhook_and_failures_are_shown()
    {
        int port = Wait.FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        receiver.Start();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                var ctx = await receiver.GetContextAsync();
                var body = await JsonDocument.ParseAsync(ctx.Request.InputStream);
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
                if (body.RootElement.GetProperty("alarm").GetProperty("serial").GetString() == "DEMO-03") received.TrySetResult(body.RootElement.Clone());
            }
        });

        // Set up as the rules and groups pages do (their own tests: Bunit/AlarmConfigurationPagesTests.cs).
        using var scope = fixture.Factory.Services.CreateScope();
        var groups = scope.ServiceProvider.GetRequiredService<NotificationAdministration>();
        var (night, problem) = await groups.SaveAsync(new NotificationGroup(0, "Night shift", "Li Wei +86 138 0000 0000", $"http://127.0.0.1:{port}/hook/"), "admin");
        Assert.Null(problem);
        var (nobody, _) = await groups.SaveAsync(new NotificationGroup(0, "Nobody home", "", "http://127.0.0.1:1/"), "admin");
        Assert.Equal(GroupProblem.NotHttpUrl, (await groups.SaveAsync(new NotificationGroup(0, "x", "", "ftp://nope"), "admin")).Problem);
        var centre = scope.ServiceProvider.GetRequiredService<AlarmCentre>();
        var commandFailed = centre.Rules.First(r => r.Name == "Command failed");
        await centre.SaveRuleAsync(commandFailed with { NotifyGroups = [night!.Id, nobody!.Id] }, "admin");

        var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agvs/DEMO-03/commands") { Content = JsonContent.Create(new { command = "resume" }) };
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.Client.SendAsync(r)).StatusCode);

        var hook = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("raised", hook.GetProperty("change").GetString());
        Assert.Equal("Night shift", hook.GetProperty("group").GetString());
        Assert.Equal("Command failed", hook.GetProperty("alarm").GetProperty("rule").GetString());

        // The unreachable webhook is retried, then listed as failed with its error (what the groups page shows).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<WebhookDelivery> deliveries = [];
        while (DateTime.UtcNow < deadline)
        {
            deliveries = await groups.DeliveriesAsync();
            if (deliveries.Any(d => d.GroupName == "Nobody home" && !d.Delivered)) break;
            await Task.Delay(200);
        }
        long alarmId = hook.GetProperty("alarm").GetProperty("id").GetInt64();
        Assert.Contains(deliveries, d => d.GroupName == "Nobody home" && d.AlarmId == alarmId && !d.Delivered && !string.IsNullOrEmpty(d.Error));
        Assert.Contains(deliveries, d => d.GroupName == "Night shift" && d.Delivered);
    }
}
