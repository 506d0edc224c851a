using System.Runtime.CompilerServices;
using AgvConsole.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgvConsole.E2E;

/// <summary>
/// The real console on a free loopback port (Kestrel, not a test server: the browser needs a
/// socket), with its own database and the demo site with simulated AGVs connecting over TCP.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    public string Directory { get; }
    public string BaseUrl { get; }
    public IServiceProvider Services => _app.Services;

    private ConsoleHost(WebApplication app, string dir, string url)
    {
        _app = app;
        Directory = dir;
        BaseUrl = url;
    }

    /// <param name="settings">configuration of the test on top of the defaults below.</param>
    public static async Task<ConsoleHost> StartAsync(int simulatedAgvs = 8, int reportPeriodMs = 200, bool traffic = true, Dictionary<string, string?>? settings = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "agv-console-e2e", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "Console.Web",
            ContentRootPath = FindWebProject(),
            EnvironmentName = "Development",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Console"] = $"Data Source={Path.Combine(dir, "console.db")}",
            ["Agv:Port"] = "0",
            ["Agv:Bind"] = "127.0.0.1",
            ["Agv:RcsKeyFile"] = Path.Combine(dir, "rcs-sm2.key"),
            ["Agv:ReportPeriodMs"] = reportPeriodMs.ToString(),
            ["Demo:SimulatedAgvs"] = simulatedAgvs.ToString(),
            ["Demo:Traffic"] = traffic.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAgvConsole(builder.Configuration);
        var app = builder.Build();
        // The console's strict policy (issue 12): the pages must work under it.
        app.Use((ctx, next) =>
        {
            ctx.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return next();
        });
        app.UseAgvConsole();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConsoleHost(app, dir, url);
    }

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static string FindWebProject()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Console.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Console.sln"), "Console.Web");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}

internal static class TestSetup
{
    /// <summary>xUnit 2 blocks pool threads on a 2-core machine; see Console.Protocol.Tests' TestSetup.</summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum() => ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);
}
