using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>A test class with its own console (started by <paramref name="start"/>) and a headless Chromium, for every test in it.</summary>
public abstract class BrowserTest(Func<Task<ConsoleHost>> start) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    protected ConsoleHost Host { get; private set; } = null!;
    protected IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await start();
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }
}
