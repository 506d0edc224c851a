using System.Net;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;

namespace AgvConsole.Protocol.Sessions;

/// <summary>The AGV listener's settings; the console binds them from the <c>Agv:</c> configuration keys of API.md.</summary>
public sealed class AgvServerOptions
{
    /// <summary>Agv:Port. 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 7070;
    /// <summary>Agv:Bind.</summary>
    public string Bind { get; set; } = "0.0.0.0";
    /// <summary>Agv:AllowNormalMode: false = secure mode only.</summary>
    public bool AllowNormalMode { get; set; } = true;
    /// <summary>Agv:AllowUnknownAgvs: false = normal-mode AGVs must be enrolled too.</summary>
    public bool AllowUnknownAgvs { get; set; } = true;
    /// <summary>Agv:SecureIntegrityProfiles.</summary>
    public IReadOnlyList<IntegrityProfile> SecureIntegrityProfiles { get; set; } = [IntegrityProfile.Signed, IntegrityProfile.SignedAndMac];
    /// <summary>Agv:RcsId: the RCS's SM2 user id.</summary>
    public string RcsId { get; set; } = "RCS";
    /// <summary>The RCS's static SM2 key pair (from Agv:RcsKeyFile). Null: secure mode is refused.</summary>
    public Sm2KeyPair? RcsKey { get; set; }
    /// <summary>Agv:HeartbeatPeriodMs: handed out at registration.</summary>
    public uint HeartbeatPeriodMs { get; set; } = 1000;
    /// <summary>Agv:ReportPeriodMs: handed out at registration.</summary>
    public uint ReportPeriodMs { get; set; } = 1000;
    public uint RunDataPeriodMs { get; set; } = 60_000;
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>How often silent sessions are looked for. Detection is within 3 heartbeat periods plus this.</summary>
    public TimeSpan SupervisionInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>
    /// How long a live session has to answer the Heartbeat the console sends when a normal-mode
    /// registration of the same serial arrives; one that does not answer is stale and is replaced.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A connection that has not registered within this time is closed (a half-open TCP connection must not linger).</summary>
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public IPEndPoint EndPoint => new(IPAddress.Parse(Bind), Port);
}
