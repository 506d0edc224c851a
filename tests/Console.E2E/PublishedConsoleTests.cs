using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AgvConsole.Tests;

namespace AgvConsole.E2E;

/// <summary>
/// The way a site deploys (README, "A site that is not the demo"): the `dotnet publish` output,
/// started in the Production environment from a working directory of its own, serves the sign-in
/// page with every stylesheet and script it links, keeps its data in that working directory, and
/// stops cleanly on SIGTERM (what systemd sends).
/// </summary>
public sealed partial class PublishedConsoleTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "agv-console-publish", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _output = new();
    private Process? _console;

    public void Dispose()
    {
        if (_console is { HasExited: false }) _console.Kill(entireProcessTree: true);
        _console?.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_published_console_started_from_another_directory_serves_its_styles_and_scripts_and_stops_on_sigterm()
    {
        var web = ConsoleHost.FindWebProject();
        string app = Path.Combine(_dir, "app"), run = Path.Combine(_dir, "run");
        Directory.CreateDirectory(run);

        // The output of the build these tests run on (publishing afresh would build everything again).
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var (exit, publishLog) = await RunAsync("dotnet", ["publish", Path.Combine(web, "Console.Web.csproj"), "-c", config, "--no-build", "-o", app], _dir, TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, "dotnet publish failed:\n" + publishLog);
        Assert.False(File.Exists(Path.Combine(app, "package.json")), "npm's manifest was published");

        int http = Wait.FreePort(), agv = Wait.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = run, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            ArgumentList = { Path.Combine(app, "Console.Web.dll"), "--urls", $"http://127.0.0.1:{http}" },
        };
        foreach (var inherited in new[] { "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES" })
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Agv__Port"] = agv.ToString();
        start.Environment["Agv__Bind"] = "127.0.0.1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _console = Process.Start(start)!;
        _console.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _console.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _console.BeginOutputReadLine();
        _console.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
        var end = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            Assert.False(_console.HasExited, $"the published console exited with {(_console.HasExited ? _console.ExitCode : 0)}:\n{Output}");
            Assert.True(DateTime.UtcNow < end, "the published console was not ready within 60 s:\n" + Output);
            await Task.Delay(250);
        }

        var login = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync();
        var styles = Linked(html, "link", "href");
        var scripts = Linked(html, "script", "src");
        Assert.NotEmpty(styles);
        Assert.NotEmpty(scripts);
        foreach (var (href, type) in styles.Select(s => (s, "text/css")).Concat(scripts.Select(s => (s, "text/javascript"))))
        {
            var asset = await client.GetAsync("/" + href.TrimStart('/'));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{href}: {(int)asset.StatusCode}");
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 100, $"{href} is (almost) empty");
        }
        // The console's own stylesheet is the one in the source tree.
        Assert.Contains("css/site.css", styles);
        Assert.Equal(File.ReadAllText(Path.Combine(web, "wwwroot", "css", "site.css")), await client.GetStringAsync("/css/site.css"));

        // Data goes to the working directory (where a site keeps it), never beside the program.
        Assert.True(File.Exists(Path.Combine(run, "console.db")), "no database in the working directory");
        Assert.True(File.Exists(Path.Combine(run, "rcs-sm2.key")), "no RCS key in the working directory");
        Assert.False(File.Exists(Path.Combine(app, "console.db")), "a database beside the program");

        // systemd stops a service with SIGTERM: the console shuts down by itself, cleanly.
        using (var kill = Process.Start("kill", ["-TERM", _console.Id.ToString()])) await kill.WaitForExitAsync();
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _console.WaitForExitAsync(stopped.Token);
        Assert.Equal(0, _console.ExitCode);
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{await stdout}{await stderr}");
        }
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>The <paramref name="attribute"/> of every <paramref name="tag"/> element that has one (and, for links, is a stylesheet).</summary>
    private static List<string> Linked(string html, string tag, string attribute) =>
        Tag().Matches(html).Where(m => m.Groups[1].Value == tag && (tag != "link" || m.Value.Contains("rel=\"stylesheet\"")))
            .Select(m => Regex.Match(m.Value, $"\\b{attribute}=\"([^\"]+)\"")).Where(a => a.Success).Select(a => a.Groups[1].Value).ToList();

    [GeneratedRegex("<(link|script)\\b[^>]*>")]
    private static partial Regex Tag();
}
