namespace AgvConsole.Web.Tests;

/// <summary>The Console.Web source folder (for tests that read its files).</summary>
public static class WebProject
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Console.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Console.sln"), "Console.Web");
    }
}
