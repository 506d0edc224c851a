using AgvConsole.Fleet.Alarms;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// What the alarm, audit and administration pages need beside <see cref="ConsolePageContext"/> (which has the
/// role check of their handlers, <see cref="Permissions"/> on bUnit's signed-in user): MudBlazor's texts in the
/// page's language, and, for pages that act on the real console, its services (a running console's
/// provider answers whatever the test context does not register itself).
/// </summary>
public static class AlarmPageContext
{
    public static ConsolePageContext Create(string? role, string culture = ConsoleCulture.English, string user = "someone", IServiceProvider? console = null,
        Action<BunitServiceProvider>? services = null) =>
        new(role, culture, user, s =>
        {
            s.AddConsoleMudText();
            services?.Invoke(s);
            if (console is not null) s.AddFallbackServiceProvider(new ConsoleServices(console));
        });

    /// <summary>
    /// The console's own services (AgvConsole.*, in a scope of their own) for what the test context lacks; nothing of
    /// the framework's, so bUnit's renderer never picks up the running host's Blazor plumbing.
    /// </summary>
    private sealed class ConsoleServices(IServiceProvider console) : IServiceProvider
    {
        private readonly IServiceProvider _scope = console.CreateScope().ServiceProvider;

        public object? GetService(Type serviceType) =>
            serviceType.Namespace?.StartsWith("AgvConsole.", StringComparison.Ordinal) == true
            || (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(Microsoft.Extensions.Logging.ILogger<>))
                ? _scope.GetService(serviceType)
                : null;
    }

    /// <summary>The dialog provider the pages' confirmations and forms open in (MainLayout has one in the console).</summary>
    public static IRenderedComponent<MudDialogProvider> Dialogs(this BunitContext ctx) => ctx.Render<MudDialogProvider>();

    /// <summary>
    /// Calls each handler as a hand-made circuit event would and checks that each one, on its own, says the
    /// role does not allow it (MudBlazor shows the same words once while they are up, so they are cleared between).
    /// </summary>
    public static async Task AssertEachRefusedAsync<T>(this ConsolePageContext ctx, IRenderedComponent<T> handlersOf, params Func<Task>[] handlers)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var snackbar = ctx.Services.GetRequiredService<ISnackbar>();
        for (int i = 0; i < handlers.Length; i++)
        {
            snackbar.Clear();
            await handlersOf.InvokeAsync(handlers[i]);
            Assert.True(ctx.Snackbars() is ["Your role does not allow this; nothing was changed."], $"handler {i}: {string.Join(" | ", ctx.Snackbars())}");
        }
    }

    /// <summary>Presses the message box's yes (or no) button.</summary>
    public static void Answer(this IRenderedComponent<MudDialogProvider> dialogs, bool yes)
    {
        dialogs.WaitForElement(".mud-message-box, .mud-dialog");
        var buttons = dialogs.FindAll(".mud-dialog-actions button");
        (yes ? buttons[^1] : buttons[0]).Click();
    }
}

/// <summary>Acknowledges and clears the fake feed's alarms as the engine would, and remembers who did what.</summary>
public sealed class FakeAlarmActions(FakeAlarmFeed feed, TimeProvider time) : IAlarmActions
{
    public List<(string What, long Id, string Who, string? Comment)> Calls { get; } = [];

    public Task<(Alarm? Alarm, bool Changed)> AcknowledgeAsync(long id, string who, string? comment)
    {
        Calls.Add(("acknowledge", id, who, comment));
        var alarm = feed.List.FirstOrDefault(a => a.Id == id);
        if (alarm is null) return Task.FromResult<(Alarm?, bool)>((null, false));
        bool changed = alarm.Acknowledge(who, comment, time.GetUtcNow());
        if (changed) feed.Announce(alarm, "acknowledged");
        return Task.FromResult<(Alarm?, bool)>((alarm, changed));
    }

    public Task<(Alarm? Alarm, bool Changed)> ClearAsync(long id, string who, string? comment)
    {
        Calls.Add(("clear", id, who, comment));
        var alarm = feed.List.FirstOrDefault(a => a.Id == id);
        if (alarm is null) return Task.FromResult<(Alarm?, bool)>((null, false));
        bool changed = alarm.Clear(who, comment ?? "cleared by hand", time.GetUtcNow());
        if (changed) feed.Announce(alarm, "cleared");
        return Task.FromResult<(Alarm?, bool)>((alarm, changed));
    }
}
