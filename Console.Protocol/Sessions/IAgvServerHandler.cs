using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Sessions;

/// <summary>What the console knows of an AGV before it connects.</summary>
/// <param name="PublicKey">its enrolled static SM2 public key (65 bytes), or null if it may only use normal mode.</param>
public sealed record AgvEnrolment(string Serial, byte[]? PublicKey);

/// <summary>
/// The fleet's answer to a Register. AUTH_FAILED (the console does not admit this AGV) is a
/// security refusal: audited with <see cref="Detail"/> and the connection closed.
/// </summary>
public sealed record RegistrationDecision(ResultCode Result, uint AgvId, uint HeartbeatPeriodMs, uint ReportPeriodMs, uint RunDataPeriodMs, string? Detail = null)
{
    public static RegistrationDecision Refuse(ResultCode result, string? detail = null) => new(result, 0, 0, 0, 0, detail);
}

/// <summary>Why a session went offline.</summary>
public enum OfflineReason
{
    /// <summary>No frame for 3 heartbeat periods.</summary>
    HeartbeatLost,
    /// <summary>The AGV sent Disconnect.</summary>
    Disconnected,
    /// <summary>The TCP connection dropped or failed.</summary>
    ConnectionLost,
    /// <summary>A new Register for the same serial replaced this session.</summary>
    Replaced,
    /// <summary>Closed for a protocol or authentication error.</summary>
    Refused,
    /// <summary>The server stopped.</summary>
    ServerStopped,
}

/// <summary>A security-relevant refusal, for the audit log.</summary>
public sealed record SecurityEvent(DateTimeOffset At, string? Serial, string? Remote, string Kind, string Detail);

/// <summary>
/// The fleet layer's side of the AGV listener: typed callbacks for everything an AGV sends.
/// Callbacks run on the session's read loop, in the order frames arrived; they must be quick and
/// must never wait for an answer from the same AGV (start such work and return). <see cref="OnState"/>
/// is the hot path: no I/O, no allocation that can be avoided.
/// </summary>
public interface IAgvServerHandler
{
    /// <summary>Enrolment of a serial, or null if the console does not know it.</summary>
    AgvEnrolment? FindEnrolment(string serial);

    /// <summary>Assigns the agvId and periods, or refuses.</summary>
    ValueTask<RegistrationDecision> OnRegisterAsync(AgvSession session, Register register);

    /// <summary>The AGV is online (its RegisterResponse is on the wire). Re-apply stored configuration from here.</summary>
    void OnRegistered(AgvSession session);

    void OnState(AgvSession session, in State state, ulong timestamp);
    void OnRunData(AgvSession session, RunData data, ulong timestamp);
    void OnEvent(AgvSession session, EventReport report, ulong timestamp);
    void OnTaskReport(AgvSession session, TaskReport report, ulong timestamp);
    ValueTask<SpaceRequestResponse> OnSpaceRequestAsync(AgvSession session, SpaceRequest request);
    void OnSpaceRelease(AgvSession session, SpaceRelease release);

    /// <summary>A registered AGV's session ended. Its reservations are the fleet's to keep.</summary>
    void OnOffline(AgvSession session, OfflineReason reason);

    void OnSecurityEvent(SecurityEvent e);
}
