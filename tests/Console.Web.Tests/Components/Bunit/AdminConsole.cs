using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Web.Live;
using Bunit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// One running console (three simulated AGVs over TCP, the site in Asia/Shanghai) for the bUnit tests of the
/// pages that act on it: the page is rendered by bUnit as the role under test, and its handlers reach the
/// console's real services (stores, alarm centre, user administration, AGV listener). Sign-in cookies are
/// checked against their account on every request, so a disabled account's open session ends at once.
/// </summary>
public sealed class AdminConsole : IAsyncLifetime
{
    public ConsoleFactory Factory { get; } = new CheckEveryRequest();
    public IServiceProvider Services => Factory.Services;
    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var client = Factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var h = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
            if (h.GetProperty("connectedAgvs").GetInt32() == 3) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("simulated AGVs did not connect");
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A page context as <paramref name="user"/> of <paramref name="role"/> on this console; <paramref name="realFleet"/> lists its real AGVs.</summary>
    public ConsolePageContext Page(string role, string user, string culture = AgvConsole.Web.Ui.ConsoleCulture.English, bool realFleet = false) =>
        AlarmPageContext.Create(role, culture, user, Services, s =>
        {
            if (realFleet) s.AddSingleton(Services.GetRequiredService<IFleetFeed>());
        });

    private sealed class CheckEveryRequest() : ConsoleFactory(simulatedAgvs: 3, settings: new() { ["Site:TimeZone"] = "Asia/Shanghai" })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The console checks every minute; a test cannot wait that long.
            builder.ConfigureTestServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminConsoleCollection : ICollectionFixture<AdminConsole>
{
    public const string Name = "one running console for the administration pages";
}
