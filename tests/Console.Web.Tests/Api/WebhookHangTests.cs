using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>
/// A business system's webhook that accepts the connection and never answers: order feedback
/// waits and gives up on its own (5 s per attempt, 6 attempts), while dispatch, the AGVs and
/// the API carry on at their normal pace.
/// </summary>
public sealed class WebhookHangTests : IAsyncLifetime
{
    private readonly TcpListener _hang = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private ConsoleFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _hang.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var c = await _hang.AcceptTcpClientAsync(); // read nothing, answer nothing, keep it open
                    lock (_held) _held.Add(c);
                }
            }
            catch (Exception) { /* stopped */ }
        });
        _factory = new ConsoleFactory(simulatedAgvs: 2, orderWebhook: $"http://127.0.0.1:{((IPEndPoint)_hang.LocalEndpoint).Port}/orders");
        _client = _factory.CreateClient();
        _client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleFactory.ApiKey);
        var end = DateTime.UtcNow.AddSeconds(20);
        while ((await _client.GetFromJsonAsync<JsonElement>("/api/v1/health")).GetProperty("connectedAgvs").GetInt32() < 2)
        {
            if (DateTime.UtcNow > end) throw new TimeoutException("AGVs did not connect");
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        _hang.Stop();
        lock (_held) foreach (var c in _held) c.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Orders_run_and_the_api_answers_while_the_webhook_target_never_answers()
    {
        var r = await _client.PostAsJsonAsync("/api/v1/orders", new { externalId = "HANG-1", toNodeId = 1025, type = "move" });
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        long id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetInt64();
        string? status = null;
        var slowest = TimeSpan.Zero;
        var end = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < end && status != "finished")
        {
            var watch = Stopwatch.StartNew();
            status = (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")).GetProperty("status").GetString();
            if (watch.Elapsed > slowest) slowest = watch.Elapsed;
            await Task.Delay(200);
        }
        Assert.Equal("finished", status);
        lock (_held) Assert.NotEmpty(_held); // the feedback did go out, and hangs
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"the API took {slowest.TotalMilliseconds:0} ms while the webhook hung");

        // Feedback gives up by itself: 6 attempts of at most 5 s each (the resilience pipeline), then it is counted as failed.
        var orders = _factory.Services.GetRequiredService<OrderService>();
        end = DateTime.UtcNow.AddSeconds(60);
        while (orders.FeedbackFailures == 0)
        {
            if (DateTime.UtcNow > end) Assert.Fail("order feedback to a hanging webhook never gave up");
            await Task.Delay(500);
        }
    }
}
