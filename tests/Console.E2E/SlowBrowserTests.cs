using AgvConsole.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgvConsole.Fleet.Live;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// A browser that stops reading: it signs in, opens the live feed, asks for a snapshot of every
/// AGV 3 000 times and then never reads again, on a socket with a tiny receive buffer, so the
/// console's sends to it back up at once. The AGV side must not notice (every state report is taken at
/// the simulators' rate, the AGVs keep driving), another browser keeps getting fresh updates,
/// what waits for the stuck browser stays bounded (coalesced, not queued), and the stuck browser
/// is dropped in the end (its page reconnects when it wakes up).
/// </summary>
public sealed class SlowBrowserTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 8, reportPeriodMs: 100))
{
    [Fact]
    public async Task A_browser_that_stops_reading_does_not_slow_the_agvs_or_other_browsers()
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 800 } });
        await Browser.SignInAsync(page, Host.BaseUrl, "/map", "supervisor", "Supervisor1!");
        await page.WaitForFunctionAsync("() => window.__liveMap && window.__liveMap.agvs().filter(a => a.st !== 'offline').length === 4",
            null, new() { Timeout = 20000 });
        var cookies = string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

        var push = Host.Services.GetRequiredService<LivePush>();
        var handler = Host.Services.GetRequiredService<FleetHandler>();
        var simulator = Host.Services.GetRequiredService<DemoFleet>().Simulator!;
        var registry = Host.Services.GetRequiredService<FleetRegistry>();
        int subscribers = push.SubscriberCount;
        using var stuck = await OpenStuckFeedAsync(cookies);
        await Wait.Until(() => push.SubscriberCount == subscribers + 1, 10, $"the stuck browser subscribed ({subscribers} before, {push.SubscriberCount} now)");

        // Let its socket fill up and its sends back up.
        long deferred0 = Interlocked.Read(ref push.BatchesDeferred);
        await Wait.Until(() => Interlocked.Read(ref push.BatchesDeferred) - deferred0 > 40, 30, "sends to the stuck browser backing up");

        // The measured window: the AGV side and the other browser, while the stuck one stays stuck.
        await page.EvaluateAsync("() => { window.__liveMap.latencies.length = 0; }");
        long sent0 = simulator.StatesSent, received0 = handler.StateReports;
        var moved0 = registry.All.ToDictionary(v => v.Serial, v => v.State.Pose);
        await Task.Delay(TimeSpan.FromSeconds(8));
        long sent = simulator.StatesSent - sent0, received = handler.StateReports - received0;
        var latencies = await page.EvaluateAsync<double[]>("() => [...window.__liveMap.latencies].sort((a, b) => a - b)");

        // Every report the simulators sent in the window reached the console (a few in flight at either edge).
        Assert.True(sent > 8 * 10 * 6, $"the simulators sent only {sent} reports in 8 s");
        Assert.True(Math.Abs(sent - received) <= 8 * 2, $"sent {sent}, received {received}");
        Assert.Contains(registry.All, v => Distance(v.State.Pose, moved0[v.Serial]) > 500);
        // The other browser (a live map of floor 1: its 4 AGVs) kept receiving fresh state: about 4 AGVs × 10 Hz × 8 s.
        Assert.True(latencies.Length > 4 * 8 * 4, $"the other browser got only {latencies.Length} updates in 8 s");
        double median = latencies[latencies.Length / 2];
        Assert.True(median < 500, $"the other browser's median latency was {median} ms");
        // The stuck browser does not stay: the server gives up on a write that cannot complete
        // (SignalR cancels it, Kestrel resets the connection) and the feed forgets it. Until then
        // it held one coalesced batch at a time, however long it was stuck.
        await Wait.Until(() => push.SubscriberCount == subscribers, 30, "the stuck browser dropped");
        Assert.True(Interlocked.Read(ref push.BatchesDeferred) > deferred0);
        int before = await page.EvaluateAsync<int>("() => window.__liveMap.latencies.length");
        await Task.Delay(1000);
        Assert.True(await page.EvaluateAsync<int>("() => window.__liveMap.latencies.length") > before, "the other browser stopped receiving");
    }

    private static double Distance(AgvConsole.Protocol.Messages.Pose a, AgvConsole.Protocol.Messages.Pose b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));

    /// <summary>
    /// Negotiates and opens the hub's WebSocket as the browser module would, with a 2 KB receive
    /// buffer (no autotuning), sends the handshake and Snapshot calls, and from then on never reads.
    /// </summary>
    private async Task<ClientWebSocket> OpenStuckFeedAsync(string cookies)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        http.DefaultRequestHeaders.Add("Cookie", cookies);
        var negotiate = await http.PostAsync("/hubs/fleet/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();

        var socketHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Cookie", cookies);
        var url = new Uri(Host.BaseUrl.Replace("http://", "ws://") + $"/hubs/fleet?id={token}");
        await ws.ConnectAsync(url, new HttpMessageInvoker(socketHandler), CancellationToken.None);
        await ws.SendAsync(Encoding.UTF8.GetBytes("""{"protocol":"json","version":1}""" + "\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        // Ask for everything again and again, as a page stuck in a reload loop might: the answers
        // fill the socket's buffers (megabytes on loopback) at once, not after minutes of updates.
        var calls = new StringBuilder();
        for (int i = 0; i < 3000; i++) calls.Append($$"""{"type":1,"invocationId":"{{i}}","target":"Snapshot","arguments":[]}""").Append('\u001e');
        await ws.SendAsync(Encoding.UTF8.GetBytes(calls.ToString()), WebSocketMessageType.Text, true, CancellationToken.None);
        return ws; // never read from again
    }

}
