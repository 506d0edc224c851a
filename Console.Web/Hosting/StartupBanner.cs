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
    FirstRunNotice notice,
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
            // Passwords and keys are shown once, at the start that created them, never again in a log.
            if (notice.DemoSeeded)
            {
                lines.Add("  Demo sign-in accounts (the demo only: Demo:SeedSite):");
                lines.AddRange(DemoSite.Accounts.Select(a => $"    {a.Role,-14} user {a.User,-12} password {a.Password}"));
            }
            else if (demo.Value.SeedSite)
                lines.Add("  Demo site: sign in with the demo accounts of README.md.");
            if (notice.GeneratedPassword is { } password)
            {
                lines.Add($"  First administrator: user {notice.AdministratorName}, password {password}");
                lines.Add("    (shown this once; it must be changed at the first sign-in)");
                notice.GeneratedPassword = null;
            }
            else if (notice.AdministratorName is { } admin)
                lines.Add($"  First administrator: user {admin}, password from Accounts:InitialAdmin:Password (to be changed at the first sign-in)");
            if (keys.NewlyGeneratedKey is { } k) lines.Add($"  API key:   {k} (generated and shown this once; configure Api:Keys for your own)");
            else if (keys.GeneratedKey is not null) lines.Add("  API key:   the one generated at the first start (Administrators see it under AGVs; configure Api:Keys for your own)");
            if (listener.Server.Options.AllowNormalMode && listener.Server.Options.AllowUnknownAgvs)
                lines.Add("  AGV port admits AGVs that are not enrolled, in normal mode (Agv:AllowUnknownAgvs): for a demo, not a site.");
            logger.LogInformation("{Banner}", string.Join(Environment.NewLine, lines));
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
