using System.Net;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Tests;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Security;

/// <summary>Alarm webhooks connect only to addresses that are allowed, whatever the URL's name resolves to.</summary>
public sealed class WebhookTargetsTests(WebhookTargetsTests.Fixture fixture) : IClassFixture<WebhookTargetsTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public void Dispose() => Factory.Dispose();
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.0.9", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("fe80::1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("ff02::1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.5", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("fd00::1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:db8::1", false)]
    public void Loopback_link_local_unspecified_and_multicast_are_local(string address, bool local) =>
        Assert.Equal(local, WebhookTargets.IsLocal(IPAddress.Parse(address)));

    /// <summary>A receiver on this machine, counting what reaches it.</summary>
    private static (HttpListener Listener, Func<int> Hits) Receiver(int port)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add($"http://localhost:{port}/");
        listener.Start();
        int hits = 0;
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var ctx = await listener.GetContextAsync();
                    Interlocked.Increment(ref hits);
                    ctx.Response.StatusCode = 204;
                    ctx.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            }
        });
        return (listener, () => Volatile.Read(ref hits));
    }

    [Fact]
    public async Task The_alarm_webhook_client_refuses_a_name_that_resolves_to_loopback()
    {
        int port = Wait.FreePort();
        var (listener, hits) = Receiver(port);
        using var _ = listener;
        var client = fixture.Factory.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookTargets.ClientName);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://localhost:{port}/hook", new StringContent("{}")));
        Assert.Contains("refused", e.GetBaseException().Message + e.Message);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://127.0.0.1:{port}/hook", new StringContent("{}")));
        Assert.Equal(0, hits());
    }

    [Fact]
    public async Task An_alarm_routed_to_a_loopback_webhook_is_not_delivered_and_the_refusal_is_shown()
    {
        int port = Wait.FreePort();
        var (listener, hits) = Receiver(port);
        using var _ = listener;
        var services = fixture.Factory.Services;
        // Stored directly, as a group saved before this check existed or under a name the page cannot judge.
        var group = await services.GetRequiredService<INotificationRepository>().SaveGroupAsync(new NotificationGroup(0, "Sneaky", "", $"http://localhost:{port}/hook"));
        await services.GetRequiredService<AlarmNotifier>().ReloadGroupsAsync();
        var engine = services.GetRequiredService<AlarmEngine>();
        var rule = engine.Rules.Single(r => r.Source == AlarmSource.CommandFailed);
        await services.GetRequiredService<AlarmCentre>().SaveRuleAsync(rule with { NotifyGroups = [group.Id] }, "test");
        engine.OneShot("DEMO-01", AlarmSource.CommandFailed, 0x0001, "refused in a test");

        var store = services.GetRequiredService<INotificationRepository>();
        WebhookDelivery? delivery = null;
        await Wait.Until(async () => (delivery = (await store.RecentDeliveriesAsync(20)).FirstOrDefault(d => d.GroupId == group.Id)) is not null, 30, "the delivery to be recorded");
        Assert.False(delivery!.Delivered);
        Assert.Contains("refused", delivery.Error);
        Assert.Equal(0, hits());
    }
}
