using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Tests;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Webhook calls are stored before they are made: a console that stops with calls under way makes them after it starts again.</summary>
public sealed class WebhookOutboxTests
{
    [Fact]
    public async Task Order_feedback_pending_at_a_stop_is_delivered_after_the_next_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agv-console-tests", Guid.NewGuid().ToString("N"));
        var port = Wait.FreePort();
        var url = $"http://127.0.0.1:{port}/wms/";
        // Nothing listens yet: every attempt fails, with a long first delay so the calls are still pending at the stop.
        var settings = new Dictionary<string, string?> { ["Api:Webhooks:0"] = url, ["Alarms:WebhookRetryDelayMs"] = "60000" };
        long orderId;
        try
        {
            using (var factory = new ConsoleFactory(directory: dir, settings: settings))
            {
                var client = factory.CreateClient();
                var r = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { externalId = "OUTBOX-1", toNodeId = 2008, type = "move", agvSerial = "DEMO-08" }) };
                r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
                var created = await client.SendAsync(r);
                Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
                orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetInt64();
                var outbox = factory.Services.GetRequiredService<IWebhookOutbox>();
                await Wait.Until(async () => (await outbox.PendingAsync()).Any(p => p.Payload.Contains("OUTBOX-1")), 10, "the feedback stored in the outbox");
                Assert.Equal(0, factory.Services.GetRequiredService<WebhookSender>().Delivered);
            }

            // The receiver is up now; the console starts again on the same database.
            var received = new ConcurrentQueue<JsonElement>();
            using var hook = new HttpListener();
            hook.Prefixes.Add(url);
            hook.Start();
            _ = Task.Run(async () =>
            {
                while (hook.IsListening)
                {
                    try
                    {
                        var ctx = await hook.GetContextAsync();
                        received.Enqueue((await JsonDocument.ParseAsync(ctx.Request.InputStream)).RootElement.Clone());
                        ctx.Response.StatusCode = 200;
                        ctx.Response.Close();
                    }
                    catch (Exception) when (!hook.IsListening) { }
                }
            });
            using (var again = new ConsoleFactory(directory: dir, settings: settings))
            {
                again.CreateClient();
                await Wait.Until(() => received.Any(x => x.GetProperty("orderId").GetInt64() == orderId), 20, "the pending feedback delivered after the restart");
                var first = received.First(x => x.GetProperty("orderId").GetInt64() == orderId);
                Assert.Equal(("OUTBOX-1", "queued"), (first.GetProperty("externalId").GetString(), first.GetProperty("status").GetString()));
                var outbox = again.Services.GetRequiredService<IWebhookOutbox>();
                await Wait.Until(async () => !(await outbox.PendingAsync()).Any(p => p.Payload.Contains("OUTBOX-1")), 10, "the outbox emptied");
            }
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
