using System.Net;
using System.Net.Sockets;

namespace AgvConsole.Tests;

/// <summary>What tests that run the console over real sockets share (compiled into each such test project).</summary>
public static class Wait
{
    public static Task Until(Func<bool> condition, double seconds, string what) => Until(() => Task.FromResult(condition()), seconds, () => what);

    /// <param name="what">said when it times out; a function, so the message can show the state at that moment.</param>
    public static Task Until(Func<bool> condition, double seconds, Func<string> what) => Until(() => Task.FromResult(condition()), seconds, what);

    public static Task Until(Func<Task<bool>> condition, double seconds, string what) => Until(condition, seconds, () => what);

    public static async Task Until(Func<Task<bool>> condition, double seconds, Func<string> what)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > end) Xunit.Assert.Fail($"timed out after {seconds} s waiting for {what()}");
            await Task.Delay(100);
        }
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
