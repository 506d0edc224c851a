using AgvConsole.Web.Options;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>Tells the person who started the console where it is and how to get in.</summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    AgvListener listener,
    ApiKeys keys,
    IOptions<DemoOptions> demo,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var lines = new List<string>
            {
                "",
                "AGV console is running.",
                $"  Console:   {string.Join(", ", urls)}",
                $"  AGV port:  {listener.Server.Port} (TCP, PROTOCOL.md)",
                $"  RCS key:   {listener.RcsKey?.PublicKeyHex} (id {listener.RcsId})",
            };
            if (demo.Value.SeedSite)
            {
                lines.Add("  Demo sign-in accounts (seeded only by Demo:SeedSite):");
                lines.AddRange(DemoSite.Accounts.Select(a => $"    {a.Role,-14} user {a.User,-12} password {a.Password}"));
            }
            if (keys.GeneratedKey is { } k) lines.Add($"  API key:   {k} (generated; configure Api:Keys for your own)");
            logger.LogInformation("{Banner}", string.Join(Environment.NewLine, lines));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
