using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// A test class with its own console (started by <paramref name="start"/>) and a headless Chromium,
/// for every test in it. Pages made with <see cref="NewPageAsync"/> are watched for Content-Security-Policy
/// violations: a test that had any fails when it ends, so every flow is also a check that the
/// console runs under its policy.
/// </summary>
public abstract class BrowserTest(Func<Task<ConsoleHost>> start) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private readonly List<string> _violations = [];
    protected ConsoleHost Host { get; private set; } = null!;
    protected IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await start();
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    /// <summary>A new page (in a fresh context) whose policy violations are recorded.</summary>
    protected async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        var page = await Chromium.NewPageAsync(options);
        // Added through the DevTools protocol, so the page's own policy does not stop it.
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => " +
            "console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`))");
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && (m.Text.Contains("CSP violation") || m.Text.Contains("Content Security Policy")))
                lock (_violations) _violations.Add($"{page.Url}: {m.Text}");
        };
        return page;
    }

    /// <summary>
    /// The page's uncaught script errors from now on, and with <paramref name="consoleErrors"/> what it logs as errors too;
    /// a test asserts the list empty when its flow is done.
    /// </summary>
    protected static List<string> WatchErrors(IPage page, bool consoleErrors = false)
    {
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        if (consoleErrors) page.Console += (_, m) => { if (m.Type == "error") errors.Add("console: " + m.Text); };
        return errors;
    }

    /// <summary>What the watched pages reported so far.</summary>
    protected IReadOnlyList<string> Violations { get { lock (_violations) return _violations.ToArray(); } }

    public async Task DisposeAsync()
    {
        string[] violations;
        lock (_violations) violations = _violations.ToArray();
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
        Assert.True(violations.Length == 0, "The pages reported Content-Security-Policy violations:\n" + string.Join("\n", violations));
    }
}
