using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AgvConsole.Tests;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Hosting;

/// <summary>
/// Several consoles in one test process each publish a meter named "AgvConsole", and OpenTelemetry's
/// reader listens by name, not by host (seen: a second console's gauges replaced the first's in the
/// first's /metrics). A site runs one console per process; the metrics tests run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (one console in the process)";
}

/// <summary>/metrics while simulated AGVs report: who may read it, and the counters moving.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    private const string ScrapeToken = "scrape-token-for-tests";

    private static ConsoleFactory Console(int agvs = 2) => new(simulatedAgvs: agvs, settings: new()
    {
        ["Metrics:AllowAnonymous"] = "false",
        ["Metrics:Keys:0"] = $"prometheus={ScrapeToken}",
    });

    /// <summary>A fresh scrape: the exporter answers from a cache for 300 ms (a burst of scrapes costs one collection).</summary>
    private static async Task<MetricsScrape> ScrapeAsync(HttpClient client)
    {
        await Task.Delay(350);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new MetricsScrape(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_need_a_scrape_token_or_an_api_key_unless_the_site_opens_them()
    {
        await using var factory = Console(agvs: 0);
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Metrics:Keys", await anonymous.Content.ReadAsStringAsync());
        Assert.DoesNotContain("agvconsole_", await anonymous.Content.ReadAsStringAsync());

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }
        using (var apiKeyAsBearer = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            // API keys go in X-Api-Key; scrape tokens are not API keys and API keys are not scrape tokens.
            apiKeyAsBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleFactory.ApiKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(apiKeyAsBearer)).StatusCode);
        }
        using (var apiKey = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            apiKey.Headers.Add("X-Api-Key", ConsoleFactory.ApiKey);
            var answer = await client.SendAsync(apiKey);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("agvconsole_fleet_state_reports_total", await answer.Content.ReadAsStringAsync());
        }
        Assert.Contains("agvconsole_protocol_frames_received_total", (await ScrapeAsync(client)).Text);

        await using var open = new ConsoleFactory(settings: new() { ["Metrics:AllowAnonymous"] = "true" });
        var openAnswer = await open.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, openAnswer.StatusCode);
    }

    [Fact]
    public async Task Counters_move_while_simulated_agvs_report()
    {
        await using var factory = Console(agvs: 2);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleFactory.ApiKey);

        MetricsScrape first = null!;
        await Wait.Until(async () => (first = await ScrapeAsync(client)).Value("agvconsole_agvs_connected", "mode=\"normal\"") == 2
                                     && first.Require("agvconsole_history_written_total") > 0,
            30, () => "two AGVs connected in normal mode and history written, in /metrics:\n" + first?.Text);
        Assert.Equal(0, first.Require("agvconsole_agvs_connected", "mode=\"secure\""));
        Assert.Equal(2, first.Require("agvconsole_protocol_connections"));

        // Reports arrive every 200 ms per AGV: a second later every traffic counter has moved.
        await Task.Delay(1500);
        var second = await ScrapeAsync(client);
        foreach (var counter in new[] { "agvconsole_fleet_state_reports_total", "agvconsole_protocol_frames_received_total", "agvconsole_protocol_frames_sent_total" })
            Assert.True(second.Require(counter) > first.Require(counter), $"{counter} did not move: {first.Require(counter)} then {second.Require(counter)}");
        double reports = second.Require("agvconsole_fleet_state_reports_total") - first.Require("agvconsole_fleet_state_reports_total");
        Assert.True(reports >= 8, $"{reports} state reports in 1.5 s from two AGVs reporting every 200 ms");
        Assert.True(second.Require("agvconsole_history_written_total") >= first.Require("agvconsole_history_written_total"));

        // Every error kind is there from the start (0), so a rate() sees the first one.
        foreach (var kind in new[] { "crc", "garbage", "decode", "unsupported", "protocol", "timeout", "access_refused", "bad_tag", "bad_padding", "replay", "stale_timestamp", "not_encrypted" })
            Assert.NotNull(second.Value("agvconsole_protocol_errors_total", $"kind=\"{kind}\""));
        // Garbage on the AGV port is counted by kind.
        var port = factory.Services.GetRequiredService<AgvListener>().Server.Port;
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            await tcp.GetStream().WriteAsync(Enumerable.Range(0, 64).Select(i => (byte)(i * 7 + 1)).ToArray());
            MetricsScrape s = null!;
            await Wait.Until(async () => (s = await ScrapeAsync(client)).Require("agvconsole_protocol_errors_total", "kind=\"garbage\"") > 0, 10,
                () => "garbage counted: " + s?.Value("agvconsole_protocol_errors_total", "kind=\"garbage\""));
        }

        // Orders: one queued, then cancelled; the counter of ended orders says so.
        var created = await client.PostAsJsonAsync("/api/v1/orders", new { externalId = "METRICS-1", toNodeId = 1016, type = "move" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        long orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetInt64();
        var open = await ScrapeAsync(client);
        Assert.Equal(1, open.Require("agvconsole_orders_open", "status=\"queued\"") + open.Require("agvconsole_orders_open", "status=\"assigned\"")
                        + open.Require("agvconsole_orders_open", "status=\"running\""));
        Assert.Equal(0, open.Require("agvconsole_orders_ended_total", "status=\"cancelled\""));
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/v1/orders/{orderId}")).StatusCode);
        var ended = await ScrapeAsync(client);
        Assert.Equal(1, ended.Require("agvconsole_orders_ended_total", "status=\"cancelled\""));
        Assert.Equal(0, ended.Require("agvconsole_orders_ended_total", "status=\"finished\""));

        // Open consoles and push batches follow the live push (what the hub does when a browser connects).
        var push = factory.Services.GetRequiredService<LivePush>();
        push.Add("metrics-test-console");
        MetricsScrape live = null!;
        await Wait.Until(async () => (live = await ScrapeAsync(client)).Require("agvconsole_live_consoles") == 1
                                     && live.Require("agvconsole_live_batches_sent_total") > 0, 10, () => "a console and its batches:\n" + live?.Text);

        // Alarms by level, traffic waits, history queue and the process are there too.
        foreach (var level in new[] { "info", "warning", "error", "fatal" })
            Assert.NotNull(live.Value("agvconsole_alarms_active", $"level=\"{level}\""));
        Assert.Equal(0, live.Require("agvconsole_history_write_failures_total"));
        Assert.NotNull(live.Value("agvconsole_history_waiting"));
        Assert.NotNull(live.Value("agvconsole_traffic_waiting"));
        Assert.NotNull(live.Value("agvconsole_traffic_wait_longest_seconds"));
        Assert.True(live.Require("process_memory_usage_bytes") > 0);
        Assert.True(live.Require("dotnet_process_cpu_time_seconds_total", "cpu_mode=\"user\"") > 0);
    }
}
