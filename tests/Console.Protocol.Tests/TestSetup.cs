using System.Runtime.CompilerServices;

namespace AgvConsole.Protocol.Tests;

internal static class TestSetup
{
    /// <summary>
    /// xUnit 2 blocks thread-pool threads while it runs test collections; on a 2-core machine
    /// (minimum 2 pool threads) that starves the sessions' async continuations for the ~0.5 s it
    /// takes the pool to add a thread, and timing tests (heartbeat supervision) fail for it.
    /// Measured here: a 100 ms Task.Delay took 730 ms under xUnit, 100 ms in a console program.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum() => ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);
}
