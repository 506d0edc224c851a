using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Fleet.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>Transport orders from a business system, executed by simulated AGVs, with webhook feedback.</summary>
public sealed class OrdersApiTests : IClassFixture<OrdersApiTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public HttpListener Hook { get; } = new();
        public ConcurrentQueue<JsonElement> Feedback { get; } = new();
        public ConsoleFactory Factory { get; private set; } = null!;
        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            Hook.Prefixes.Add($"http://127.0.0.1:{port}/orders/");
            Hook.Start();
            _ = Task.Run(async () =>
            {
                while (Hook.IsListening)
                {
                    try
                    {
                        var ctx = await Hook.GetContextAsync();
                        Feedback.Enqueue((await JsonDocument.ParseAsync(ctx.Request.InputStream)).RootElement.Clone());
                        ctx.Response.StatusCode = 200;
                        ctx.Response.Close();
                    }
                    catch (Exception) when (!Hook.IsListening) { }
                }
            });
            Factory = new ConsoleFactory(simulatedAgvs: 3, orderWebhook: $"http://127.0.0.1:{port}/orders/");
            Client = Factory.CreateClient();
            var end = DateTime.UtcNow.AddSeconds(20);
            while ((await Client.GetFromJsonAsync<JsonElement>("/api/v1/health")).GetProperty("connectedAgvs").GetInt32() < 3)
            {
                if (DateTime.UtcNow > end) throw new TimeoutException();
                await Task.Delay(100);
            }
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            Hook.Close();
            return Task.CompletedTask;
        }
    }

    private readonly Fixture _f;
    public OrdersApiTests(Fixture f) => _f = f;

    private async Task<(HttpStatusCode, JsonElement)> Send(HttpMethod m, string url, object? body = null)
    {
        var r = new HttpRequestMessage(m, url);
        r.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
        if (body is not null) r.Content = JsonContent.Create(body);
        var response = await _f.Client.SendAsync(r);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The order once it has ended (or as it is after <paramref name="seconds"/>).</summary>
    private async Task<JsonElement> EndedAsync(long id, int seconds)
    {
        JsonElement order = default;
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < end)
        {
            (_, order) = await Send(HttpMethod.Get, $"/api/v1/orders/{id}");
            if (order.GetProperty("status").GetString() is "finished" or "failed" or "cancelled") break;
            await Task.Delay(200);
        }
        return order;
    }

    [Fact]
    public async Task A_deliver_order_is_assigned_driven_in_two_legs_and_reported_to_the_webhook()
    {
        var (status, created) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "WMS-4711", fromNodeId = 1014, toNodeId = 1016, type = "deliver", priority = 5 });
        Assert.Equal(HttpStatusCode.Accepted, status);
        long id = created.GetProperty("orderId").GetInt64();

        var order = await EndedAsync(id, 40);
        Assert.Equal("finished", order.GetProperty("status").GetString());
        Assert.Equal("WMS-4711", order.GetProperty("externalId").GetString());
        var agv = order.GetProperty("agvSerial").GetString();
        Assert.StartsWith("DEMO-0", agv);
        foreach (var f in new[] { "orderId", "externalId", "status", "agvSerial", "createdAt", "updatedAt" }) Assert.True(order.TryGetProperty(f, out _), f);

        // The AGV stands at the drop-off node, unloaded again.
        var (_, a) = await Send(HttpMethod.Get, $"/api/v1/agvs/{agv}");
        Assert.Equal(1016u, a.GetProperty("lastNodeId").GetUInt32());

        var end = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < end && !_f.Feedback.Any(x => x.GetProperty("orderId").GetInt64() == id && x.GetProperty("status").GetString() == "finished")) await Task.Delay(100);
        var statuses = _f.Feedback.Where(x => x.GetProperty("orderId").GetInt64() == id).Select(x => x.GetProperty("status").GetString()).ToList();
        Assert.Equal("queued", statuses.First());
        Assert.Contains("assigned", statuses);
        Assert.Contains("running", statuses);
        Assert.Equal("finished", statuses.Last());

        // Its timeline as the dispatcher recorded it, read back from the database (what the order page shows).
        var timeline = await _f.Factory.Services.GetRequiredService<AgvConsole.Fleet.Persistence.IOrderEventRepository>().TimelineAsync(id);
        Assert.Equal((OrderEventKind.Queued, "api:tests"), (timeline[0].Kind, timeline[0].By));
        Assert.All(timeline.Skip(1), e => Assert.Equal(agv, e.Agv));
        Assert.All(timeline.Zip(timeline.Skip(1)), p => Assert.True(p.First.At <= p.Second.At));
        // In this order; waits (and the drop-off leg held a moment) wherever traffic control made them.
        (OrderEventKind Kind, int Leg, uint? Node)[] expected =
        [
            (OrderEventKind.Assigned, 0, 1014), (OrderEventKind.LegSent, 0, 1014), (OrderEventKind.Driving, 0, 1014), (OrderEventKind.Arrived, 0, 1014),
            (OrderEventKind.PickedUp, 0, 1014), (OrderEventKind.Arrived, 1, 1016), (OrderEventKind.DroppedOff, 1, 1016), (OrderEventKind.Finished, 1, 1016),
        ];
        var seen = timeline.Select(e => (e.Kind, e.Leg, e.Node)).ToList();
        int at = 0;
        foreach (var step in expected)
        {
            at = seen.IndexOf(step, at);
            Assert.True(at >= 0, $"{step} missing or out of order in: {string.Join(", ", seen)}");
        }
        Assert.Single(timeline, e => e.Kind == OrderEventKind.LegSent && e.Leg == 1); // the drop-off leg went out once
        Assert.Equal(OrderEventKind.Finished, timeline[^1].Kind);
    }

    [Fact]
    public async Task An_external_id_already_known_returns_its_order_and_queues_nothing_new()
    {
        // For an AGV that is offline in this fixture: the orders wait in the queue and take no AGV from the other tests.
        var body = new { externalId = "WMS-RETRY-1", toNodeId = 2008, type = "move", priority = 0, agvSerial = "DEMO-08" };
        var (first, created) = await Send(HttpMethod.Post, "/api/v1/orders", body);
        Assert.Equal(HttpStatusCode.Accepted, first);
        long id = created.GetProperty("orderId").GetInt64();

        // A business system retrying (also several at once, and with a different body) gets the same order with 200.
        var repeats = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Send(HttpMethod.Post, "/api/v1/orders",
            i % 2 == 0 ? body : body with { toNodeId = 2009, priority = 9 })));
        Assert.All(repeats, r => Assert.Equal((HttpStatusCode.OK, id), (r.Item1, r.Item2.GetProperty("orderId").GetInt64())));

        var (_, list) = await Send(HttpMethod.Get, "/api/v1/orders");
        Assert.Single(list.EnumerateArray(), o => o.GetProperty("externalId").GetString() == "WMS-RETRY-1");

        // Two new ids submitted together are two orders.
        var two = await Task.WhenAll(Send(HttpMethod.Post, "/api/v1/orders", body with { externalId = "WMS-RETRY-2" }),
            Send(HttpMethod.Post, "/api/v1/orders", body with { externalId = "WMS-RETRY-3" }));
        Assert.All(two, r => Assert.Equal(HttpStatusCode.Accepted, r.Item1));
        Assert.NotEqual(two[0].Item2.GetProperty("orderId").GetInt64(), two[1].Item2.GetProperty("orderId").GetInt64());
        foreach (var o in new[] { id, two[0].Item2.GetProperty("orderId").GetInt64(), two[1].Item2.GetProperty("orderId").GetInt64() })
            Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Delete, $"/api/v1/orders/{o}")).Item1);
    }

    [Fact]
    public async Task Bad_orders_are_refused_with_the_reason_and_nothing_is_queued()
    {
        var (s1, p1) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "x", toNodeId = 1016, type = "teleport" });
        Assert.Equal(HttpStatusCode.BadRequest, s1);
        Assert.Contains("type must be one of move, pickup, dropoff, deliver", p1.GetProperty("detail").GetString());
        var (s2, p2) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "x", toNodeId = 99999, type = "move" });
        Assert.Equal(HttpStatusCode.BadRequest, s2);
        Assert.Contains("on no map", p2.GetProperty("detail").GetString());
        var (s3, p3) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "x", toNodeId = 1016, type = "deliver", priority = 12 });
        Assert.Equal(HttpStatusCode.BadRequest, s3);
        Assert.Contains("needs fromNodeId", p3.GetProperty("detail").GetString());
        Assert.Contains("priority must be 0–9", p3.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "x", type = "move" })).Item1);
        var (s4, p4) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "x", fromNodeId = 99999, toNodeId = 1016, type = "deliver" });
        Assert.Equal(HttpStatusCode.BadRequest, s4);
        Assert.Contains("fromNodeId 99999 is on no map", p4.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_delivery_from_another_floor_rides_the_lift_up_and_back_down()
    {
        // Every AGV of this fixture is on floor 1: one rides up to pick at 2048 (by floor 2's lift) and back down to drop at 1060.
        var (status, created) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "WMS-LIFT", fromNodeId = 2048, toNodeId = 1060, type = "deliver" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        long id = created.GetProperty("orderId").GetInt64();
        var order = await EndedAsync(id, 150);
        Assert.Equal("finished", order.GetProperty("status").GetString());
        var serial = order.GetProperty("agvSerial").GetString()!;
        var audit = await _f.Factory.Services.GetRequiredService<AgvConsole.Fleet.Persistence.IAuditSink>().RecentAsync(200, serial);
        Assert.Contains(audit, a => a.Action == "map switch" && a.Detail.Contains("Switch to map 2") && a.Outcome.StartsWith("Ok"));
        Assert.Contains(audit, a => a.Action == "map switch" && a.Detail.Contains("Switch to map 1") && a.Outcome.StartsWith("Ok"));
        var v = _f.Factory.Services.GetRequiredService<AgvConsole.Fleet.Live.FleetRegistry>().Find(serial)!;
        Assert.Equal((1u, 1060u), (v.State.MapId, v.State.LastNodeId));
    }

    [Fact]
    public async Task A_queued_order_is_cancelled_once_and_unknown_orders_are_404()
    {
        // Asked for an AGV that is offline: it waits in the queue.
        var (_, created) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "WMS-9", toNodeId = 2010, type = "move", agvSerial = "DEMO-08" });
        long id = created.GetProperty("orderId").GetInt64();
        await Task.Delay(1500);
        Assert.Equal("queued", (await Send(HttpMethod.Get, $"/api/v1/orders/{id}")).Item2.GetProperty("status").GetString());
        var (status, cancelled) = await Send(HttpMethod.Delete, $"/api/v1/orders/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Send(HttpMethod.Delete, $"/api/v1/orders/{id}")).Item1);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, "/api/v1/orders/987654")).Item1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Get, "/api/v1/orders/abc")).Item1);
    }

    [Fact]
    public async Task An_idle_agv_standing_on_the_target_makes_way_and_the_order_is_done()
    {
        var registry = _f.Factory.Services.GetRequiredService<AgvConsole.Fleet.Live.FleetRegistry>();
        // Wait until every AGV stands still (other tests of this class send orders too).
        var end = DateTime.UtcNow.AddSeconds(40);
        AgvConsole.Fleet.Live.Vehicle? idle = null;
        while (DateTime.UtcNow < end)
        {
            var busy = _f.Factory.Services.GetRequiredService<AgvConsole.Fleet.Orders.Dispatcher>().Open.Any(o => o.Status != AgvConsole.Fleet.Orders.OrderStatus.Queued);
            idle = registry.All.FirstOrDefault(v => v.Online && v.State.AgvState == Protocol.Messages.AgvState.Idle && v.State.MapId == 1);
            if (!busy && idle is not null) break;
            await Task.Delay(200);
        }
        Assert.NotNull(idle);
        var target = idle!.State.LastNodeId;
        var (status, created) = await Send(HttpMethod.Post, "/api/v1/orders", new { externalId = "WMS-WAY", toNodeId = target, type = "move" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        long id = created.GetProperty("orderId").GetInt64();
        var order = await EndedAsync(id, 40);
        Assert.Equal("finished", order.GetProperty("status").GetString());
        // The order's trip waited on the idle AGV, and traffic control moved it aside.
        var audit = await _f.Factory.Services.GetRequiredService<AgvConsole.Fleet.Persistence.IAuditSink>().SearchAsync(new AgvConsole.Fleet.Persistence.AuditQuery(Actor: "make way", Target: idle.Serial));
        Assert.Contains(audit, a => a.Outcome.StartsWith("Ok") && a.Actor.Contains($"make way for {order.GetProperty("agvSerial").GetString()}"));
    }
}
