using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Fleet.Live;

/// <summary>Periods handed out at registration (Agv:HeartbeatPeriodMs, Agv:ReportPeriodMs).</summary>
public sealed record RegistrationDefaults(uint HeartbeatPeriodMs, uint ReportPeriodMs, uint RunDataPeriodMs);

/// <summary>
/// Connects the protocol engine to the fleet: registrations get a stable agvId from the store,
/// state reports update the registry (the hot path: no I/O, history is sampled into the batched
/// writer), events and run data go to history, security refusals to the audit log.
/// </summary>
public sealed class FleetHandler(
    FleetRegistry registry,
    IAgvRepository agvs,
    IHistorySink history,
    IAuditSink audit,
    RegistrationDefaults defaults,
    ILogger<FleetHandler> logger) : IAgvServerHandler
{
    /// <summary>A state sample goes to history at most this often per AGV (and on every change of AGV state).</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    /// <summary>Raised after an AGV registered (outside the read loop's critical path).</summary>
    public event Action<Vehicle>? Registered;

    /// <summary>Raised when an AGV goes offline.</summary>
    public event Action<Vehicle, OfflineReason>? WentOffline;

    public event Action<Vehicle, EventReport>? EventReported;
    public event Action<string, RunData>? RunDataReported;
    /// <summary>A space request was answered (the alarm engine counts denials).</summary>
    public event Action<string, SpaceRequestResponse>? SpaceAnswered;
    public event Action<Vehicle, TaskReport>? TaskReported;

    // Enrolment is read on every access: cache it, refreshed by LoadAsync and the enrolment API.
    private volatile Dictionary<string, AgvEnrolment> _enrolments = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var all = await agvs.GetAllAsync(ct);
        var enrolments = new Dictionary<string, AgvEnrolment>(StringComparer.Ordinal);
        foreach (var a in all)
        {
            var v = registry.GetOrAdd(a.Serial);
            Describe(v, a);
            v.SetState(new State
            {
                MapId = a.LastMapId, Pose = new Pose(a.LastX, a.LastY, a.LastTheta), AgvState = AgvState.Unknown,
                TaskId = 0xFFFFFFFF, LastNodeId = 0xFFFFFFFF, NextNodeId = 0xFFFFFFFF,
            });
            if (a.Enrolled) enrolments[a.Serial] = new AgvEnrolment(a.Serial, a.PublicKeyHex is null ? null : Convert.FromHexString(a.PublicKeyHex));
        }
        _enrolments = enrolments;
        registry.Changed();
    }

    public void SetEnrolment(string serial, AgvEnrolment? enrolment)
    {
        var copy = new Dictionary<string, AgvEnrolment>(_enrolments, StringComparer.Ordinal);
        if (enrolment is null) copy.Remove(serial);
        else copy[serial] = enrolment;
        _enrolments = copy;
    }

    public static void Describe(Vehicle v, AgvRecord a)
    {
        v.AgvId = a.AgvId;
        v.Vendor = a.Vendor;
        v.Model = a.Model;
        v.AgvType = Enum.TryParse<AgvType>(a.AgvType, true, out var t) ? t : AgvType.Other;
        v.NavType = Enum.TryParse<NavigationType>(a.NavType, true, out var n) ? n : NavigationType.Unknown;
        v.LengthMm = a.LengthMm > 0 ? a.LengthMm : v.LengthMm;
        v.WidthMm = a.WidthMm > 0 ? a.WidthMm : v.WidthMm;
        v.MaxSpeed = a.MaxSpeed > 0 ? a.MaxSpeed : v.MaxSpeed;
        v.Enrolled = a.Enrolled;
        v.AutoDispatch = a.AutoDispatch;
    }

    /// <summary>Agv:MaxUnknownAgvs: how many AGVs that are not enrolled the console lists at most.</summary>
    public int MaxUnknownAgvs { get; set; } = 100;

    public AgvEnrolment? FindEnrolment(string serial) => _enrolments.GetValueOrDefault(serial);

    public async ValueTask<RegistrationDecision> OnRegisterAsync(AgvSession session, Register r)
    {
        // PROTOCOL.md does not constrain serials; an empty one names no AGV (and is the console's own alarm serial).
        if (string.IsNullOrWhiteSpace(r.Serial)) return new RegistrationDecision(ResultCode.BadParameter, 0, 0, 0, 0);
        // Unknown AGVs (allowed by Agv:AllowUnknownAgvs) are listed for an administrator to enrol; a cap keeps
        // a loop of made-up serials from filling the database. AGVs the console already lists are not counted again.
        if (FindEnrolment(r.Serial) is null && registry.Find(r.Serial) is null && registry.All.Count(x => !x.Enrolled) >= MaxUnknownAgvs)
            return RegistrationDecision.Refuse(ResultCode.AuthFailed,
                $"the console already lists {MaxUnknownAgvs} AGVs that are not enrolled (Agv:MaxUnknownAgvs): enrol or remove some first");
        var stored = await agvs.RecordRegistrationAsync(new AgvRecord(r.Serial, 0, r.Vendor, r.Model, r.Firmware, r.AgvType.ToString(),
            r.NavType.ToString(), r.LengthMm, r.WidthMm, r.HeightMm, r.MaxSpeed, null, false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
            r.MapId, r.Pose.X, r.Pose.Y, r.Pose.Theta));
        var v = registry.GetOrAdd(r.Serial);
        Describe(v, stored);
        return new RegistrationDecision(ResultCode.Ok, stored.AgvId, defaults.HeartbeatPeriodMs, defaults.ReportPeriodMs, defaults.RunDataPeriodMs);
    }

    public void OnRegistered(AgvSession session)
    {
        var v = registry.GetOrAdd(session.Serial!);
        v.Session = session;
        var r = session.Registration!;
        v.SetState(new State
        {
            MapId = r.MapId, Pose = r.Pose, AgvState = AgvState.Initializing, NavType = r.NavType,
            TaskId = 0xFFFFFFFF, LastNodeId = 0xFFFFFFFF, NextNodeId = 0xFFFFFFFF,
        });
        registry.Changed();
        registry.Touch(v);
        history.Event(v.Serial, DateTimeOffset.UtcNow, "registered", 0, "info",
            $"registered from {session.RemoteEndPoint} in {(session.IsSecure ? $"secure mode (profile {(int)session.Integrity!})" : "normal mode")}");
        logger.LogInformation("{Serial} online as agv {AgvId} ({Mode})", v.Serial, v.AgvId, session.IsSecure ? "secure" : "normal");
        try { Registered?.Invoke(v); }
        catch (Exception e) { logger.LogError(e, "Registered handler failed for {Serial}", v.Serial); }
    }

    private long _stateReports;

    /// <summary>State reports received since start (of every session), for the system status and the load harness's loss check.</summary>
    public long StateReports => Interlocked.Read(ref _stateReports);

    public void OnState(AgvSession session, in State state, ulong timestamp)
    {
        Interlocked.Increment(ref _stateReports);
        var v = registry.Find(session.Serial!);
        if (v is null || !ReferenceEquals(v.Session, session)) return; // a replaced session's last words
        if (v.Apply(state, timestamp)) registry.QueueDirty(v);
        StateReported?.Invoke(v, in state);

        long now = Environment.TickCount64;
        if (state.AgvState != v.LastSampledState || now - v.LastSampleTicks >= SampleInterval.TotalMilliseconds)
        {
            v.LastSampleTicks = now;
            v.LastSampledState = state.AgvState;
            history.StateSample(v.Serial, DateTimeOffset.UtcNow, state.MapId, state.Pose.X, state.Pose.Y, state.Pose.Theta,
                StateNames.Of(state.AgvState), state.BatteryPct, state.TaskId);
        }
    }

    public void OnRunData(AgvSession session, RunData d, ulong timestamp)
    {
        history.RunData(session.Serial!, DateTimeOffset.UtcNow, d);
        RunDataReported?.Invoke(session.Serial!, d);
    }

    public void OnEvent(AgvSession session, EventReport e, ulong timestamp)
    {
        // Event texts are free text from the AGV: kept, but never with a line break or a bidi override in them.
        if (AgvText.Escape(e.Text) is var text && !ReferenceEquals(text, e.Text)) e = e with { Text = text };
        history.Event(session.Serial!, DateTimeOffset.UtcNow, e.Kind == EventKind.Raised ? "event raised" : "event cleared",
            e.Code, e.Level.ToString().ToLowerInvariant(), e.Text);
        if (registry.Find(session.Serial!) is { } v) EventReported?.Invoke(v, e);
    }

    public void OnTaskReport(AgvSession session, TaskReport t, ulong timestamp)
    {
        if (registry.Find(session.Serial!) is not { } v) return;
        TaskReported?.Invoke(v, t); // traffic control's trip driver folds the pieces of a trip into one task
    }

    /// <summary>Traffic control follows every state report (it posts only what changed: the hot path).</summary>
    public StateHook? StateReported { get; set; }

    public delegate void StateHook(Vehicle v, in State state);

    /// <summary>Decides space requests (the traffic kernel): the whole answer, granted space and expiry included. Without one, every request is denied.</summary>
    public Func<string, SpaceRequest, ValueTask<SpaceRequestResponse>>? SpaceDecider { get; set; }

    /// <summary>An AGV released a space it was granted (SpaceRelease).</summary>
    public Action<string, uint>? SpaceReleased { get; set; }

    public async ValueTask<SpaceRequestResponse> OnSpaceRequestAsync(AgvSession session, SpaceRequest request)
    {
        // The kernel may wait up to its SpaceWait for planned AGVs to pass: this AGV's answer waits, no other's.
        var answer = SpaceDecider is { } decide
            ? await decide(session.Serial!, request)
            : new SpaceRequestResponse(request.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0);
        history.Event(session.Serial!, DateTimeOffset.UtcNow, "space request", 0, answer.Decision == SpaceDecision.Denied ? "warning" : "info",
            $"{request.Reason} request {request.RequestId} for {request.DurationMs} ms: {answer.Decision.ToString().ToLowerInvariant()}");
        SpaceAnswered?.Invoke(session.Serial!, answer);
        return answer;
    }

    public void OnSpaceRelease(AgvSession session, SpaceRelease release) => SpaceReleased?.Invoke(session.Serial!, release.RequestId);

    public void OnOffline(AgvSession session, OfflineReason reason)
    {
        var v = registry.Find(session.Serial!);
        if (v is null || !ReferenceEquals(v.Session, session)) return; // replaced: the new session is the live one
        v.Session = null;
        registry.Changed();
        registry.Touch(v);
        var s = v.State;
        _ = SavePositionAsync(v.Serial, s);
        history.Event(v.Serial, DateTimeOffset.UtcNow, "offline", 0, reason == OfflineReason.HeartbeatLost ? "error" : "info",
            reason switch
            {
                OfflineReason.HeartbeatLost => "heartbeat lost: no frame for 3 heartbeat periods",
                OfflineReason.Disconnected => "disconnected by the AGV",
                OfflineReason.ConnectionLost => $"connection lost ({session.CloseReason})",
                OfflineReason.Refused => $"refused ({session.CloseReason})",
                OfflineReason.ServerStopped => "console stopped",
                _ => reason.ToString(),
            });
        logger.LogInformation("{Serial} offline: {Reason} ({Why})", v.Serial, reason, session.CloseReason);
        WentOffline?.Invoke(v, reason);
    }

    private async Task SavePositionAsync(string serial, State s)
    {
        try { await agvs.SaveLastPositionAsync(serial, s.MapId, s.Pose.X, s.Pose.Y, s.Pose.Theta); }
        catch (Exception e) { logger.LogWarning(e, "Could not store the last position of {Serial}", serial); }
    }

    private readonly SecurityEventThrottle _securityThrottle = new(TimeProvider.System);
    private ITimer? _securityFlush;

    public void OnSecurityEvent(SecurityEvent e)
    {
        if (!_securityThrottle.Admit(e))
        {
            // Counted; written as one summary when the minute ends, so a loop of attempts cannot flood the log or the database.
            _securityFlush ??= TimeProvider.System.CreateTimer(_ => FlushSecuritySummaries(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
            return;
        }
        Write(e);
    }

    private void FlushSecuritySummaries()
    {
        foreach (var e in _securityThrottle.TakeSummaries()) Write(e);
    }

    private void Write(SecurityEvent e)
    {
        logger.LogWarning("Security: {Serial} from {Remote}: {Kind}: {Detail}", e.Serial, e.Remote, e.Kind, e.Detail);
        _ = WriteAuditAsync(e);
    }

    private async Task WriteAuditAsync(SecurityEvent e)
    {
        try
        {
            await audit.WriteAsync($"agv:{e.Serial ?? "?"}@{e.Remote}", "security: " + e.Kind, e.Serial ?? "", e.Detail, "refused");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not write a security event to the audit log");
        }
    }
}
