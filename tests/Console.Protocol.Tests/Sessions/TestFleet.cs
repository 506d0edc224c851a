using System.Collections.Concurrent;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Protocol.Tests.Sessions;

/// <summary>A fleet layer for tests: assigns ids, records everything the server reports.</summary>
internal sealed class TestFleet : IAgvServerHandler
{
    private int _nextId;
    public ConcurrentDictionary<string, AgvEnrolment> Enrolled { get; } = new();
    public ConcurrentQueue<(string Serial, State State, ulong Timestamp)> States { get; } = new();
    public ConcurrentQueue<(string Serial, object Message)> Reports { get; } = new();
    public ConcurrentQueue<(string Serial, OfflineReason Reason)> Offline { get; } = new();
    public ConcurrentQueue<SecurityEvent> SecurityEvents { get; } = new();
    public ConcurrentQueue<AgvSession> Registered { get; } = new();
    public uint HeartbeatPeriodMs { get; set; } = 1000;
    public uint ReportPeriodMs { get; set; } = 100;
    public Func<SpaceRequest, SpaceRequestResponse> SpaceDecider { get; set; } =
        r => new SpaceRequestResponse(r.RequestId, SpaceDecision.Granted, r.Space, 1);

    public void Enrol(string serial, Sm2KeyPair? key = null) => Enrolled[serial] = new AgvEnrolment(serial, key?.PublicKeyBytes);

    public AgvEnrolment? FindEnrolment(string serial) => Enrolled.GetValueOrDefault(serial);

    public ValueTask<RegistrationDecision> OnRegisterAsync(AgvSession session, Register register) =>
        ValueTask.FromResult(new RegistrationDecision(ResultCode.Ok, (uint)Interlocked.Increment(ref _nextId), HeartbeatPeriodMs, ReportPeriodMs, 60_000));

    public void OnRegistered(AgvSession session) => Registered.Enqueue(session);
    public void OnState(AgvSession session, in State state, ulong timestamp) => States.Enqueue((session.Serial!, state, timestamp));
    public void OnRunData(AgvSession session, RunData data, ulong timestamp) => Reports.Enqueue((session.Serial!, data));
    public void OnEvent(AgvSession session, EventReport report, ulong timestamp) => Reports.Enqueue((session.Serial!, report));
    public void OnTaskReport(AgvSession session, TaskReport report, ulong timestamp) => Reports.Enqueue((session.Serial!, report));
    public ValueTask<SpaceRequestResponse> OnSpaceRequestAsync(AgvSession session, SpaceRequest request) => ValueTask.FromResult(SpaceDecider(request));
    public void OnSpaceRelease(AgvSession session, SpaceRelease release) => Reports.Enqueue((session.Serial!, release));
    public void OnOffline(AgvSession session, OfflineReason reason) => Offline.Enqueue((session.Serial!, reason));
    public void OnSecurityEvent(SecurityEvent e) => SecurityEvents.Enqueue(e);
}

/// <summary>An AGV command handler for tests: records commands, answers with what the test sets.</summary>
internal sealed class TestAgv : IAgvCommandHandler
{
    public ConcurrentQueue<IMessage> Commands { get; } = new();
    public ConcurrentQueue<DisconnectReason> Disconnects { get; } = new();
    public Func<IMessage, Reply> Answer { get; set; } = m => m switch
    {
        ParamSet s => Reply.Ok(new ParamSetResponse(s.Params.Select(p => new ParamResult(p.Id, ParameterCatalog.Check(p))).ToArray())),
        ParamQuery => Reply.Ok(new ParamQueryResponse(new Param[] { new(ParamId.StateReportPeriodMs, ParamValueType.U32, 1000) })),
        MotionControl mc => Reply.Ok(new MotionControlResponse(mc.TaskId)),
        _ => Reply.Ok(),
    };

    public ValueTask<Reply> OnCommandAsync(IMessage command)
    {
        Commands.Enqueue(command);
        return ValueTask.FromResult(Answer(command));
    }

    public void OnDisconnect(DisconnectReason reason) => Disconnects.Enqueue(reason);
}

internal static class Wait
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task Until(Func<bool> condition, double seconds = 5, string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what ?? "condition"}");
            await Task.Delay(10);
        }
    }
}

internal static class Agvs
{
    public static Register Registration(string serial, string vendor = "Acme") => new(serial, vendor, "L1000", "1.0", AgvType.LatentLifting,
        NavigationType.LaserSlam, 1200, 800, 300, 0, 1000, 1500, 2400, new Actuator[] { new(ActuatorType.Lift, 0, 0, 60) }, 1, new(0, 0, 0));

    public static AgvClientOptions Options(int port, string serial, AccessMode mode = AccessMode.Normal, Sm2KeyPair? key = null,
        IntegrityProfile integrity = IntegrityProfile.SignedAndMac, byte[]? rcsKey = null) =>
        new() { Host = "127.0.0.1", Port = port, Registration = Registration(serial), Mode = mode, Key = key, Integrity = integrity, RcsPublicKey = rcsKey };
}
