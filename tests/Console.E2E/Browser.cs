using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>Debian's chromium driven by Playwright (its own browser download does not work here).</summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: $AGV_SCREENSHOTS, or a folder under the test output.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Environment.GetEnvironmentVariable("AGV_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    public static async Task SignInAsync(IPage page, string baseUrl, string path, string user, string password)
    {
        await page.GotoAsync(baseUrl + path);
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        // Signed in once the browser has left the sign-in page. Waiting for the next page's load event as
        // well (Playwright's default) failed a CI run on 2026-11-30: two consoles and two Chromiums on 2 cores
        // did not fire it within 30 s; every test waits for the elements it needs on that page anyway.
        try
        {
            await page.WaitForURLAsync(u => !u.Contains("/account/login"), new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException e)
        {
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(unreadable)");
            throw new TimeoutException($"Signing in as {user} did not leave the sign-in page ({page.Url}); it shows: {shown}", e);
        }
    }
}
