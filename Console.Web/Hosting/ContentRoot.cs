namespace AgvConsole.Web.Hosting;

/// <summary>
/// Where the console finds appsettings.json, wwwroot and the static assets of its packages
/// (<c>_content/...</c>): beside its own assembly (<see cref="AppContext.BaseDirectory"/>), not the
/// working directory, so a published console started from anywhere (systemd, a script, another
/// folder) serves a styled, live console. An operator's own choice wins: <c>--contentRoot</c> on the
/// command line or ASPNETCORE_CONTENTROOT / DOTNET_CONTENTROOT (as does a test host's).
/// Files the console writes (the SQLite database, the RCS key) stay relative to the working
/// directory: a site puts them where it keeps data (README, "A site that is not the demo").
/// </summary>
public static class ContentRoot
{
    public static WebApplicationOptions Options(string[] args)
    {
        var chosen = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[WebHostDefaults.ContentRootKey];
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = string.IsNullOrWhiteSpace(chosen) ? AppContext.BaseDirectory : null,
        };
    }
}
