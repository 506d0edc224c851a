using AgvConsole.Data;
using AgvConsole.Web;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Api;
using AgvConsole.Web.Components;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Live;
using AgvConsole.Web.Options;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// The console: one process that accepts AGV connections, keeps the live fleet, serves the browser
// console (interactive Server Razor components with MudBlazor; the live map's SignalR feed) and the REST API.
var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
builder.Services.AddAgvConsole(builder.Configuration);

var app = builder.Build();
app.UseAgvConsole();
app.Run();

namespace AgvConsole.Web
{
    public static class ConsoleHosting
    {
        public static IServiceCollection AddAgvConsole(this IServiceCollection services, IConfiguration configuration)
        {
            services.Configure<AgvOptions>(configuration.GetSection("Agv"));
            services.Configure<DemoOptions>(configuration.GetSection("Demo"));
            services.Configure<ApiOptions>(configuration.GetSection("Api"));

            services.AddConsoleData();
            services.AddOperatorConsole(configuration);

            // Accounts: ASP.NET Core Identity on EF Core, cookie sign-in, roles enforced by policies.
            // Wrong passwords lock nothing (anyone could lock the administrator out): sign-in is
            // throttled per client address instead (Security/SignInThrottle.cs).
            services.AddIdentityCore<IdentityUser>(o => o.Password.RequiredLength = 8)
                .AddRoles<IdentityRole>()
                .AddEntityFrameworkStores<ConsoleDbContext>()
                .AddSignInManager()
                .AddDefaultTokenProviders()
                .AddErrorDescriber<AgvConsole.Web.Accounts.ConsoleIdentityErrors>(); // its refusals in the reader's language
            services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
            services.ConfigureApplicationCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "agv-console";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12); // a shift
                // Machines and browser modules get a status code, not a login page.
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            });
            services.AddAuthorizationBuilder()
                .AddPolicy(Policies.View, p => p.RequireRole(Roles.All))
                .AddPolicy(Policies.Dispatch, p => p.RequireRole(Roles.Dispatchers))
                .AddPolicy(Policies.Alarms, p => p.RequireRole(Roles.AlarmHandlers))
                .AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Administrator));
            services.AddCascadingAuthenticationState();
            services.AddConsoleSecurity();

            services.AddConsoleUi(configuration);
            services.AddAlarmAndAdministrationPages();
            services.AddAgvPages();
            services.AddSignalR();
            services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            {
                // A body that does not bind gets a 400 with no words of its own: say what to fix.
                if (ctx.ProblemDetails.Status == StatusCodes.Status400BadRequest && ctx.ProblemDetails.Detail is null)
                    ctx.ProblemDetails.Detail = "The request could not be read: check that the body is valid JSON of the shape in /openapi/v1.json. Nothing was changed.";
            });
            // A malformed body is the caller's error (400 problem+json), in Development too.
            services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
            services.AddOpenApi();
            services.AddHttpContextAccessor();
            services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken"); // the browser modules' JSON posts

            // The fleet.
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<FleetRegistry>();
            services.AddSingleton<SiteMaps>();
            services.AddSingleton(sp =>
            {
                var o = sp.GetRequiredService<IOptions<AgvOptions>>().Value;
                return new RegistrationDefaults(o.HeartbeatPeriodMs, o.ReportPeriodMs, 60_000);
            });
            services.AddSingleton(sp =>
            {
                var handler = ActivatorUtilities.CreateInstance<FleetHandler>(sp);
                handler.MaxUnknownAgvs = sp.GetRequiredService<IOptions<AgvOptions>>().Value.MaxUnknownAgvs;
                return handler;
            });
            services.AddSingleton<VehicleCommands>();
            services.AddSingleton<ParameterSync>();
            services.AddSingleton<AgvConsole.Fleet.Orders.Dispatcher>();
            services.AddSingleton(sp =>
            {
                var c = sp.GetRequiredService<IConfiguration>();
                return new AgvConsole.Fleet.Orders.ChargingManager(sp.GetRequiredService<FleetRegistry>(), sp.GetRequiredService<SiteMaps>(),
                    sp.GetRequiredService<VehicleCommands>(),
                    sp.GetRequiredService<AgvConsole.Fleet.Orders.Dispatcher>(), sp.GetRequiredService<ILogger<AgvConsole.Fleet.Orders.ChargingManager>>())
                {
                    StartBelowPct = c.GetValue("Charging:StartBelowPct", 25),
                    StopAbovePct = c.GetValue("Charging:StopAbovePct", 90),
                };
            });
            services.AddSingleton(sp => new DemoTraffic(sp.GetRequiredService<FleetRegistry>(), sp.GetRequiredService<SiteMaps>(),
                sp.GetRequiredService<VehicleCommands>(), sp.GetRequiredService<ILogger<DemoTraffic>>())
            {
                SerialPrefix = DemoSite.SerialPrefix,
                IsBusy = sp.GetRequiredService<AgvConsole.Fleet.Orders.Dispatcher>().HasOpenOrder,
            });
            services.AddSingleton<ApiKeys>();
            services.AddSingleton<FirstRunNotice>();
            services.AddSingleton<AgvAdministration>();
            services.AddSingleton<MapAdministration>();

            // Hosted services start in this order and stop in reverse: the database and the
            // in-memory fleet are ready before the AGV port opens; the demo fleet goes first at shutdown.
            services.AddHostedService<ConsoleStartup>();
            services.AddSingleton<AgvListener>();
            services.AddHostedService(sp => sp.GetRequiredService<AgvListener>());
            services.AddSingleton<LivePush>();
            services.AddHostedService(sp => sp.GetRequiredService<LivePush>());
            services.AddLiveMap();
            services.AddSingleton<AgvConsole.Fleet.Alarms.AlarmEngine>();
            services.AddSingleton<AlarmCentre>();
            services.AddHostedService(sp => sp.GetRequiredService<AlarmCentre>());
            WebhookSender.AddWebhooks(services, configuration);
            services.AddSingleton<AlarmNotifier>();
            services.AddHostedService(sp => sp.GetRequiredService<AlarmNotifier>());
            services.AddSingleton<OrderService>();
            services.AddHostedService(sp => sp.GetRequiredService<OrderService>());
            services.AddSingleton<DemoFleet>();
            services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
            services.AddSingleton<UnknownAgvExpiry>();
            services.AddHostedService(sp => sp.GetRequiredService<UnknownAgvExpiry>());
            services.AddHostedService<StartupBanner>();
            services.AddConsoleObservability(configuration);
            services.AddApiDocs();
            return services;
        }

        private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
        {
            var path = ctx.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
            {
                ctx.Response.StatusCode = status;
                return Task.CompletedTask;
            }
            ctx.Response.Redirect(ctx.RedirectUri);
            return Task.CompletedTask;
        }

        public static WebApplication UseAgvConsole(this WebApplication app)
        {
            app.UseConsoleSecurity();
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
            {
                api.UseExceptionHandler();
                api.UseStatusCodePages(); // empty error responses become problem+json
            });
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/hubs"), ui =>
            {
                ui.UseExceptionHandler("/error", createScopeForErrors: true);
                ui.UseStatusCodePagesWithReExecute("/not-found");
            });
            app.UseStaticFiles();
            // Routing after the error handlers, so a re-executed /error or /not-found finds its page.
            app.UseRouting();
            app.UseAuthentication();
            app.UseConsoleCulture(); // after authentication: a user's remembered language
            app.UseAuthorization();
            app.UseAntiforgery();
            app.UseOperatorConsole();

            app.MapConsoleObservability();
            app.MapOpenApi();
            app.MapApiDocs();
            app.MapConsoleApi();
            app.MapAccountEndpoints();
            app.MapHub<FleetHub>("/hubs/fleet");
            app.MapAlarmExport();
            app.MapConsoleUi();
            return app;
        }
    }
}

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
