using System.Globalization;
using System.Security.Claims;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Live;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// Renders the console's components as bUnit tests need them: MudBlazor's services, the interactive
/// Server renderer, a signed-in user of <paramref name="role"/> (null: nobody) with the policies that
/// role has, the interface in <paramref name="culture"/>, fake feeds the test fills, a fake clock and
/// site time (UTC+8). Anything else a page injects goes in through <paramref name="services"/> (the provider is
/// built by the end of this constructor: nothing can be added to <c>Services</c> afterwards).
/// </summary>
public sealed class ConsolePageContext : BunitContext, IDisposable
{
    /// <summary>MudBlazor's services only dispose asynchronously: <c>using var ctx = new ConsolePageContext()</c> works all the same.</summary>
    void IDisposable.Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public FakeFleetFeed Fleet { get; } = new();
    public FakeAlarmFeed Alarms { get; } = new();
    public FakeOrderFeed Orders { get; } = new();
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero));
    public SiteMaps Maps { get; } = new();

    // Refreshes come from feed threads; on a busy 2-core machine the default second is too short.
    static ConsolePageContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    /// <param name="services">what else the page injects: the provider is built in here (SetRendererInfo), nothing can be added after.
    /// A BunitServiceProvider, so a page test can also fall back on a running console's services.</param>
    public ConsolePageContext(string? role = Roles.Supervisor, string culture = ConsoleCulture.English, string user = "someone",
        Action<BunitServiceProvider>? services = null)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose; // MudBlazor's and the console's modules answer nothing here
        Services.AddMudServices(o =>
        {
            AgvConsole.Web.Ui.ConsoleUi.Toasts(o);
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Services.AddSingleton<IFleetFeed>(Fleet);
        Services.AddSingleton<IAlarmFeed>(Alarms);
        Services.AddSingleton<IOrderFeed>(Orders);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<ISiteTime>(new FakeSiteTime(Clock));
        Services.AddSingleton(Maps);
        Services.AddSingleton<Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider>(new FixedAntiforgery());
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton<Permissions>();
        var auth = AddAuthorization();
        SignIn(auth, role, user);
        services?.Invoke(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // last: it builds the service provider
    }

    private static void SignIn(BunitAuthorizationContext auth, string? role, string user)
    {
        if (role is null) return;
        auth.SetAuthorized(user);
        auth.SetRoles(role);
        var policies = new List<string> { Policies.View };
        if (Roles.Dispatchers.Contains(role)) policies.Add(Policies.Dispatch);
        if (Roles.AlarmHandlers.Contains(role)) policies.Add(Policies.Alarms);
        if (role == Roles.Administrator) policies.Add(Policies.Administer);
        auth.SetPolicies([.. policies]);
        auth.SetClaims(new Claim(ClaimTypes.Role, role));
    }

    private sealed class FixedAntiforgery : Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider
    {
        public override Microsoft.AspNetCore.Components.Forms.AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }

    /// <summary>Renders <typeparamref name="T"/> as the interactive Server render mode assigns it (AssignedRenderMode is set, as in a circuit).</summary>
    public IRenderedComponent<T> RenderInteractive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent =>
        Render<T>(p =>
        {
            p.SetAssignedRenderMode(Microsoft.AspNetCore.Components.Web.RenderMode.InteractiveServer);
            parameters?.Invoke(p);
        });
}
