using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Web.Tests.Hosting;

/// <summary>A console started as a site starts it (not the demo): no well-known password anywhere, nothing unknown admitted.</summary>
public sealed class FirstRunTests
{
    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string category) => new Logger(this);
        public void Dispose() { }
        public string All => string.Join("\n", Lines);

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format) =>
                owner.Lines.Enqueue(format(state, e));
        }
    }

    private static Dictionary<string, string?> NoApiKeys() => new() { ["Api:Keys:0"] = "" };

    [Fact]
    public async Task A_site_start_has_no_demo_account_and_a_generated_administrator_password_shown_once()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agv-console-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var first = new LogCapture();
            string password, key;
            using (var factory = new ConsoleFactory(demo: false, directory: dir, logs: first, settings: NoApiKeys()))
            {
                factory.CreateClient();
                // The demo's well-known accounts do not exist.
                foreach (var (user, pw, _) in DemoSite.Accounts)
                    Assert.NotEqual(HttpStatusCode.Redirect, (await SignedInClient.SignInAsync(factory, user, pw)).Response.StatusCode);
                var banner = first.Lines.Single(l => l.Contains("First administrator"));
                password = System.Text.RegularExpressions.Regex.Match(banner, @"user admin, password (\S+)").Groups[1].Value;
                key = System.Text.RegularExpressions.Regex.Match(first.All, @"API key:\s+([0-9a-f]{32})").Groups[1].Value;
                Assert.Matches("^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$", password);
                Assert.NotEmpty(key);

                // The administrator signs in with it and is flagged to change it.
                var (signIn, _) = await SignedInClient.SignInAsync(factory, "admin", password);
                Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
                using var scope = factory.Services.CreateScope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
                var admin = (await users.FindByNameAsync("admin"))!;
                Assert.True(await users.IsInRoleAsync(admin, Roles.Administrator));
                Assert.Contains(await users.GetClaimsAsync(admin), c => c.Type == AccountClaims.MustChangePassword);
                Assert.Single(users.Users);
            }

            var second = new LogCapture();
            using (var again = new ConsoleFactory(demo: false, directory: dir, logs: second, settings: NoApiKeys()))
            {
                var client = again.CreateClient();
                var r = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agvs");
                r.Headers.Add("X-Api-Key", key);
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(r)).StatusCode); // the stored key still works
                Assert.Contains(second.Lines, l => l.Contains("AGV console is running"));
                Assert.DoesNotContain(password, second.All);
                Assert.DoesNotContain(key, second.All);
            }
            Assert.Equal(1, first.Lines.Count(l => l.Contains(password)));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task The_first_administrator_may_come_from_configuration_and_unknown_agvs_are_refused()
    {
        using var factory = new ConsoleFactory(demo: false, settings: new()
        {
            ["Accounts:InitialAdmin:UserName"] = "site-admin",
            ["Accounts:InitialAdmin:Password"] = "Configured-Pa55word",
        });
        factory.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.SignInAsync(factory, "site-admin", "Configured-Pa55word")).Response.StatusCode);

        var port = factory.Services.GetRequiredService<AgvListener>().Server.Port;
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(new AgvClientOptions
        {
            Host = "127.0.0.1", Port = port,
            Registration = new Register("STRANGER-1", "Acme", "X", "1", AgvType.LatentLifting, NavigationType.LaserSlam, 1000, 700, 300, 0, 500, 1000, 1000,
                Array.Empty<Actuator>(), 1, new Pose(0, 0, 0)),
        }, new NoCommands()));
        Assert.Equal(ResultCode.AuthFailed, e.Result);
    }

    private sealed class NoCommands : IAgvCommandHandler
    {
        public ValueTask<Reply> OnCommandAsync(IMessage command) => ValueTask.FromResult(Reply.Ok());
        public void OnDisconnect(DisconnectReason reason) { }
    }
}
