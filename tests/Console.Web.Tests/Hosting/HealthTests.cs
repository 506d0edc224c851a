using System.Data.Common;
using System.Net;
using System.Text.Json;
using AgvConsole.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Hosting;

/// <summary>/health/live and /health/ready: no key, 200 when healthy, 503 with the failing check named when the database or the AGV port is gone.</summary>
public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Ready_is_unhealthy_while_the_database_is_unreachable_and_healthy_again_after()
    {
        var database = new UnreachableDatabase();
        await using var factory = new DatabaseFactory(database);
        var client = factory.CreateClient(); // no API key: health needs none

        var (status, body) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("agvListener").GetString());

        database.Down = true;
        (status, body) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("agvListener").GetString());
        Assert.DoesNotContain("unable to open", body.ToString(), StringComparison.OrdinalIgnoreCase); // no exception text leaves
        // The process still answers: live stays 200 (an orchestrator must not restart a console for its database).
        var (liveStatus, live) = await GetAsync(client, "/health/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());

        database.Down = false;
        (status, _) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Ready_is_unhealthy_once_the_agv_listener_is_down()
    {
        await using var factory = new ConsoleFactory();
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await factory.Services.GetRequiredService<AgvListener>().StopAsync(CancellationToken.None);

        var (status, body) = await GetAsync(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("agvListener").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>While "down", every connection the console opens fails as SQLite fails on a file it cannot open (error 14); a PostgreSQL server that is gone fails the same place.</summary>
    private sealed class UnreachableDatabase : DbConnectionInterceptor
    {
        public volatile bool Down;

        private void Check()
        {
            if (Down) throw new SqliteException("SQLite Error 14: 'unable to open database file'.", 14);
        }

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Check();
            return result;
        }

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken ct = default)
        {
            Check();
            return ValueTask.FromResult(result);
        }
    }

    private sealed class DatabaseFactory(UnreachableDatabase database) : ConsoleFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(database));
        }
    }
}
