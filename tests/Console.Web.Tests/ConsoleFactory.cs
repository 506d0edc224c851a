using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Web.Tests;

/// <summary>
/// The whole console in memory (WebApplicationFactory) on its own SQLite file and RCS key, with
/// the AGV listener on a free port and <paramref name="simulatedAgvs"/> simulated AGVs. With
/// <paramref name="demo"/> false it starts as a site would (no demo site, no unknown AGVs);
/// a <paramref name="directory"/> given by the test is kept (a restart on the same database).
/// </summary>
public class ConsoleFactory(int simulatedAgvs = 0, bool traffic = false, string? orderWebhook = null, Dictionary<string, string?>? settings = null,
    bool demo = true, string? directory = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null) : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-secret-key";
    public string Directory { get; } = directory ?? Path.Combine(Path.GetTempPath(), "agv-console-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        System.IO.Directory.CreateDirectory(Directory);
        builder.UseEnvironment("Development");
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddress>());
        if (logs is not null) builder.ConfigureLogging(l => l.AddProvider(logs));
        // The test's own settings come last: they win over these defaults.
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Console"] = $"Data Source={Path.Combine(Directory, "console.db")}",
            ["Agv:Port"] = "0",
            ["Agv:Bind"] = "127.0.0.1",
            ["Agv:RcsKeyFile"] = Path.Combine(Directory, "rcs-sm2.key"),
            ["Agv:ReportPeriodMs"] = "200",
            ["Demo:SeedSite"] = demo.ToString(),
            ["Agv:AllowUnknownAgvs"] = demo.ToString(),
            ["Demo:SimulatedAgvs"] = simulatedAgvs.ToString(),
            ["Demo:Traffic"] = traffic.ToString(),
            ["Api:Keys:0"] = $"tests={ApiKey}",
            ["Alarms:WebhookRetryDelayMs"] = "50",
            ["Api:Webhooks:0"] = orderWebhook,
        }).AddInMemoryCollection(settings ?? []));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (directory is not null) return;
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { /* SQLite may still hold it briefly */ }
    }
}

/// <summary>
/// The test server has no client address. A request says which one it comes from in
/// <see cref="Header"/>; without it each request gets an address of its own, so the sign-in
/// throttle (per address, at its real defaults) only meets the tests that are about it.
/// </summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress = IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var a)
                ? a
                : new IPAddress([10, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);
            return nextMiddleware(http);
        });
        next(app);
    };
}

internal static class TestSetup
{
    /// <summary>xUnit 2 blocks pool threads on a 2-core machine; see Console.Protocol.Tests' TestSetup.</summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum() => ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);
}
