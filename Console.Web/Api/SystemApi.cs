using System.Diagnostics;
using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Live;
using AgvConsole.Web.Hosting;
using AgvConsole.Web.Live;

namespace AgvConsole.Web.Api;

/// <summary>
/// GET /api/v1/system: the console's own vital signs for monitoring and the load harness (not in
/// API.md, which it does not change: a new path under the same key rule). Counters run from the
/// process's start; a monitor takes differences between two reads.
/// </summary>
public static class SystemApi
{
    public sealed record ProtocolDto(long StateReports, long FramesIn, long FramesOut, long CrcErrors, long DecodeErrors, long GarbageDrops,
        long Timeouts, long AuthFailures, long BadTags, long Replays);
    public sealed record LiveDto(int Browsers, long BatchesSent, long BatchesDeferred);
    public sealed record HistoryDto(long Pending, long Written, string? LastError);
    public sealed record ProcessDto(double CpuSeconds, long WorkingSetBytes, long GcHeapBytes, int Threads);
    public sealed record SystemDto(DateTimeOffset StartedAt, double UptimeS, int AgvsKnown, int AgvsOnline, ProtocolDto Protocol, LiveDto Live,
        HistoryDto History, int ActiveAlarms, int UnstoredAlarms, ProcessDto Process, string Traffic);

    public static RouteGroupBuilder MapSystemApi(this RouteGroupBuilder api)
    {
        api.MapGet("/system", (FleetRegistry registry, FleetHandler handler, AgvListener listener, LivePush push, HistoryWriter history, AlarmEngine alarms,
            Fleet.Dispatch.VehicleCommands commands) =>
        {
            using var p = Process.GetCurrentProcess();
            var c = listener.Server.Counters;
            return TypedResults.Ok(new SystemDto(p.StartTime.ToUniversalTime(), (DateTime.Now - p.StartTime).TotalSeconds, registry.All.Count(), listener.Server.OnlineCount,
                new ProtocolDto(handler.StateReports, c.FramesIn, c.FramesOut, c.CrcErrors, c.DecodeErrors, c.GarbageDrops, c.Timeouts, c.AuthFailures, c.BadTags, c.Replays),
                new LiveDto(push.SubscriberCount, Interlocked.Read(ref push.BatchesSent), Interlocked.Read(ref push.BatchesDeferred)),
                new HistoryDto(history.Pending, history.Written, history.LastError),
                alarms.Active.Count, alarms.Unstored.Count,
                new ProcessDto(p.TotalProcessorTime.TotalSeconds, p.WorkingSet64, GC.GetTotalMemory(false), p.Threads.Count),
                // The traffic host's own line (messages handled, the slowest and what it was): the load harnesses print it.
                commands.Trips.Health()));
        }).WithName("system");
        return api;
    }
}
