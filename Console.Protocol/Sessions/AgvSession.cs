using System.Net.Sockets;
using System.Security.Cryptography;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Protocol.Sessions;

/// <summary>Where a session is in the flow of PROTOCOL.md §3.</summary>
public enum SessionPhase { AwaitingAccess, AwaitingConfirm, AwaitingRegister, Online, Closed }

/// <summary>
/// The RCS end of one AGV connection: access (normal or secure), registration, then the online
/// exchange. Commands to the AGV are typed async calls that return the AGV's answer; everything
/// the AGV sends goes to the <see cref="IAgvServerHandler"/>.
/// </summary>
public sealed class AgvSession : ProtocolSession
{
    private readonly AgvServer _server;
    private readonly IAgvServerHandler _handler;
    private SessionKeys? _pendingKeys;
    private ECPublicKeyParameters? _agvStatic;
    private IntegrityProfile _profile;
    private OfflineReason? _offlineReason;

    internal AgvSession(Socket socket, AgvServer server, IAgvServerHandler handler, ProtocolCounters shared, ILogger logger)
        : base(socket, shared, logger)
    {
        _server = server;
        _handler = handler;
        ResponseTimeout = server.Options.ResponseTimeout;
    }

    public SessionPhase Phase { get; private set; } = SessionPhase.AwaitingAccess;
    public AccessMode Mode { get; private set; }
    public string? Serial { get; private set; }
    public string? Vendor { get; private set; }
    public Register? Registration { get; private set; }
    public uint HeartbeatPeriodMs { get; private set; }
    public uint ReportPeriodMs { get; private set; }
    public uint RunDataPeriodMs { get; private set; }
    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;
    public bool IsOnline => Phase == SessionPhase.Online && !IsClosed;

    protected override ResultCode Admit(FrameHeader header) => (Phase, header.MsgType) switch
    {
        (SessionPhase.AwaitingAccess, MessageType.AccessRequest) => ResultCode.Ok,
        (SessionPhase.AwaitingAccess, _) => ResultCode.NotRegistered,
        (SessionPhase.AwaitingConfirm, MessageType.AccessConfirm) => ResultCode.Ok,
        (SessionPhase.AwaitingConfirm, _) => ResultCode.NotRegistered,
        (SessionPhase.AwaitingRegister, MessageType.Register or MessageType.Disconnect) => ResultCode.Ok,
        (SessionPhase.AwaitingRegister, _) => ResultCode.NotRegistered,
        _ => ResultCode.Ok,
    };

    protected override ValueTask OnRequestAsync(FrameHeader header, IMessage message) => message switch
    {
        AccessRequest m => OnAccessRequestAsync(header, m),
        AccessConfirm m => OnAccessConfirmAsync(header, m),
        Register m => OnRegisterAsync(header, m),
        Heartbeat => RespondAsync(header, Reply.Ok(new HeartbeatResponse(NowMs()))),
        Disconnect m => OnDisconnectAsync(header, m),
        StateReport m => OnStateReportBoxed(header, m),
        RunDataReport m => Handled(header, () => _handler.OnRunData(this, m.Data, header.Timestamp)),
        EventReport m => Handled(header, () => _handler.OnEvent(this, m, header.Timestamp)),
        TaskReport m => Handled(header, () => _handler.OnTaskReport(this, m, header.Timestamp)),
        SpaceRequest m => OnSpaceRequestAsync(header, m),
        SpaceRelease m => Handled(header, () => _handler.OnSpaceRelease(this, m)),
        // Known types that only the RCS sends (ParamQuery, MotionControl, …): not acted on.
        _ => RespondAsync(header, ResultCode.UnsupportedMessage),
    };

    protected override bool OnStateReport(FrameHeader header, in State state)
    {
        if (Phase != SessionPhase.Online) return false;
        _handler.OnState(this, state, header.Timestamp);
        return true;
    }

    private ValueTask OnStateReportBoxed(FrameHeader header, StateReport m)
    {
        _handler.OnState(this, m.State, header.Timestamp);
        return RespondAsync(header, ResultCode.Ok);
    }

    private ValueTask Handled(FrameHeader header, Action handle)
    {
        handle();
        return RespondAsync(header, ResultCode.Ok);
    }

    private async ValueTask OnAccessRequestAsync(FrameHeader header, AccessRequest m)
    {
        var options = _server.Options;
        Serial = m.Serial;
        Vendor = m.Vendor;
        Mode = m.Mode;
        if (m.ProtoVersion != FrameHeader.ProtocolVersion)
        {
            await Refuse(header, "protocol version", $"AGV speaks protocol version {m.ProtoVersion}", ResultCode.ProtocolError);
            return;
        }
        if (string.IsNullOrWhiteSpace(m.Serial))
        {
            await Refuse(header, "access refused", "empty serial", ResultCode.BadParameter);
            return;
        }
        if (AgvText.FirstProblem(("serial", m.Serial), ("vendor", m.Vendor)) is { } bad)
        {
            Serial = AgvText.Escape(m.Serial); // what the audit log and the log show of it
            await Refuse(header, "access refused", bad, ResultCode.BadParameter);
            return;
        }
        var enrolment = _handler.FindEnrolment(m.Serial);
        if (m.Mode == AccessMode.Normal)
        {
            if (!options.AllowNormalMode)
            {
                await Refuse(header, "normal mode refused", "the console accepts secure mode only (Agv:AllowNormalMode=false)");
                return;
            }
            if (enrolment?.PublicKey is not null)
            {
                // Whoever holds the key proves it in secure mode; normal mode proves nothing.
                await Refuse(header, "normal mode refused", "this serial is enrolled with an SM2 key: it may only connect in secure mode");
                return;
            }
            if (enrolment is null && !options.AllowUnknownAgvs)
            {
                await Refuse(header, "unknown AGV refused", "serial is not enrolled (Agv:AllowUnknownAgvs=false)");
                return;
            }
            Phase = SessionPhase.AwaitingRegister;
            await RespondAsync(header, Reply.Ok(new AccessResponse(AccessMode.Normal)));
            return;
        }
        if (m.Mode != AccessMode.Secure)
        {
            await Refuse(header, "access refused", $"unknown access mode {(byte)m.Mode}", ResultCode.BadParameter);
            return;
        }

        // Secure mode: only an enrolled serial presenting exactly its enrolled key gets in.
        var agvStatic = Sm2.TryDecodePublicKey(m.AgvStaticPub.AsSpan());
        var agvEphemeral = Sm2.TryDecodePublicKey(m.AgvEphemeralPub.AsSpan());
        if (options.RcsKey is null)
        {
            await Refuse(header, "secure mode unavailable", "the console has no RCS key");
            return;
        }
        if (enrolment?.PublicKey is null || agvStatic is null ||
            !CryptographicOperations.FixedTimeEquals(enrolment.PublicKey, m.AgvStaticPub.AsSpan()))
        {
            await Refuse(header, "unenrolled key", enrolment is null ? "serial is not enrolled" :
                enrolment.PublicKey is null ? "no SM2 key is enrolled for this serial" : "the presented static key is not the enrolled one");
            return;
        }
        if (agvEphemeral is null)
        {
            await Refuse(header, "access refused", "ephemeral key is not a valid SM2 point");
            return;
        }
        var profiles = options.SecureIntegrityProfiles;
        _profile = profiles.Contains(m.Integrity) ? m.Integrity
            : profiles.Contains(IntegrityProfile.Signed) ? IntegrityProfile.Signed
            : (IntegrityProfile)0xFF;
        if (!Enum.IsDefined(_profile))
        {
            await Refuse(header, "integrity profile refused", $"profile {(byte)m.Integrity} is not accepted and profile 0 is not configured");
            return;
        }
        var ephemeral = Sm2.GenerateKeyPair();
        var keys = Sm2KeyExchange.Derive(false, options.RcsKey, ephemeral, agvStatic.Q, agvEphemeral.Q, m.Serial, options.RcsId);
        if (keys is null)
        {
            await Refuse(header, "key exchange failed", "degenerate shared point");
            return;
        }
        _pendingKeys = keys;
        _agvStatic = agvStatic;
        Phase = SessionPhase.AwaitingConfirm;
        await RespondAsync(header, Reply.Ok(new AccessResponse(AccessMode.Secure, options.RcsKey.PublicKeyBytes,
            ephemeral.PublicKeyBytes, keys.ConfirmB, _profile)));
    }

    private async ValueTask OnAccessConfirmAsync(FrameHeader header, AccessConfirm m)
    {
        var keys = _pendingKeys!;
        if (!CryptographicOperations.FixedTimeEquals(keys.ConfirmA, m.ConfirmA.AsSpan()))
        {
            await Refuse(header, "key confirmation failed", "S_A does not match");
            return;
        }
        EstablishSecure(new SecureChannel(_profile, keys, _server.Options.RcsKey!, _server.Options.RcsId, _agvStatic!, Serial!));
        _pendingKeys = null;
        Phase = SessionPhase.AwaitingRegister;
        await RespondAsync(header, ResultCode.Ok); // the first sealed frame
    }

    private async ValueTask OnRegisterAsync(FrameHeader header, Register m)
    {
        if (!string.Equals(m.Serial, Serial, StringComparison.Ordinal))
        {
            await RespondAsync(header, ResultCode.BadParameter); // the serial must be the one that was granted access
            return;
        }
        if (AgvText.FirstProblem(("vendor", m.Vendor), ("model", m.Model), ("firmware", m.Firmware)) is { } bad)
        {
            await Refuse(header, "registration refused", bad, ResultCode.BadParameter);
            return;
        }
        // Before the fleet records anything of this registration: a refused one must not overwrite the real AGV's data.
        if (await _server.ClaimAsync(this) is { } taken)
        {
            await Refuse(header, "duplicate serial refused", taken, ResultCode.DuplicateSerial);
            return;
        }
        var decision = await _handler.OnRegisterAsync(this, m);
        if (decision.Result == ResultCode.AuthFailed)
        {
            await Refuse(header, "registration refused", decision.Detail ?? "not admitted by the console");
            return;
        }
        if (decision.Result != ResultCode.Ok)
        {
            await RespondAsync(header, decision.Result);
            return;
        }
        Registration = m;
        AgvId = decision.AgvId;
        HeartbeatPeriodMs = decision.HeartbeatPeriodMs;
        ReportPeriodMs = decision.ReportPeriodMs;
        RunDataPeriodMs = decision.RunDataPeriodMs;
        if (!_server.TryAttach(this))
        {
            await Refuse(header, "duplicate serial refused", AgvServer.LiveAnswers, ResultCode.DuplicateSerial);
            return;
        }
        Phase = SessionPhase.Online;
        await RespondAsync(header, Reply.Ok(new RegisterResponse(AgvId, HeartbeatPeriodMs, ReportPeriodMs, RunDataPeriodMs)));
        _handler.OnRegistered(this);
    }

    private async ValueTask OnDisconnectAsync(FrameHeader header, Disconnect m)
    {
        _offlineReason = OfflineReason.Disconnected;
        await RespondAsync(header, ResultCode.Ok);
        await CloseAsync($"AGV disconnected ({m.Reason})");
    }

    private async ValueTask OnSpaceRequestAsync(FrameHeader header, SpaceRequest m)
    {
        if (m.Space.Validate() is not null)
        {
            await RespondAsync(header, ResultCode.BadParameter);
            return;
        }
        var answer = await _handler.OnSpaceRequestAsync(this, m);
        await RespondAsync(header, Reply.Ok(answer));
    }

    private async ValueTask Refuse(FrameHeader header, string kind, string detail, ResultCode result = ResultCode.AuthFailed)
    {
        _offlineReason = OfflineReason.Refused;
        _handler.OnSecurityEvent(new SecurityEvent(DateTimeOffset.UtcNow, Serial, RemoteEndPoint?.ToString(), kind, detail));
        Logger.LogWarning("Refused {Serial} from {Remote}: {Kind}: {Detail}", Serial, RemoteEndPoint, kind, detail);
        if (result == ResultCode.AuthFailed)
        {
            await RefuseAndClose(header, $"{kind}: {detail}");
            return;
        }
        await RespondAsync(header, result);
        await CloseAsync($"{kind}: {detail}");
    }

    protected override void OnSecurityFailure(SecurityFailure failure, FrameHeader header) =>
        _handler.OnSecurityEvent(new SecurityEvent(DateTimeOffset.UtcNow, Serial, RemoteEndPoint?.ToString(),
            $"frame dropped: {failure}", $"{header.MsgType} seq {header.Seq}"));

    internal void MarkOffline(OfflineReason reason) => _offlineReason ??= reason;

    /// <summary>The stale live session this registration was found allowed to replace (normal mode).</summary>
    internal AgvSession? Replacing { get; set; }

    /// <summary>
    /// Whether the AGV on this session still answers: a Heartbeat request (PROTOCOL.md: either side
    /// may send one) answered within <paramref name="timeout"/>, whatever its result.
    /// </summary>
    internal async Task<bool> ProbeAsync(TimeSpan timeout)
    {
        if (!IsOnline) return false;
        var uptime = (uint)Math.Min(uint.MaxValue, (DateTimeOffset.UtcNow - ConnectedAt).TotalSeconds);
        var answer = await RequestAsync<HeartbeatResponse>(new Heartbeat(uptime), timeout).ConfigureAwait(false);
        return answer.Sent && answer.Result != ResultCode.Timeout;
    }

    protected override void OnClosed(string reason)
    {
        var wasOnline = Phase == SessionPhase.Online;
        Phase = SessionPhase.Closed;
        _server.Detach(this);
        if (wasOnline) _handler.OnOffline(this, _offlineReason ?? OfflineReason.ConnectionLost);
    }

    // ---- commands to the AGV (PROTOCOL.md §4, dir R) -------------------------------------------

    private Task<Response<T>> Command<T>(IMessage request) where T : class, IMessage =>
        IsOnline ? RequestAsync<T>(request) : Task.FromResult(Response<T>.NotSent(ResultCode.NotRegistered));

    public Task<Response<ParamQueryResponse>> QueryParametersAsync(params ParamId[] ids) => Command<ParamQueryResponse>(new ParamQuery(ids));

    /// <summary>Sends ParamSet. Periods the AGV accepts take effect here too (heartbeat supervision, report period).</summary>
    public async Task<Response<ParamSetResponse>> SetParametersAsync(params Param[] parameters)
    {
        var response = await Command<ParamSetResponse>(new ParamSet(parameters));
        if (response.Body is { } body)
            foreach (var r in body.Results.AsSpan())
            {
                if (r.Result != ResultCode.Ok) continue;
                var p = parameters.FirstOrDefault(x => x.Id == r.Id);
                if (r.Id == ParamId.HeartbeatPeriodMs) HeartbeatPeriodMs = (uint)p.Value;
                else if (r.Id == ParamId.StateReportPeriodMs) ReportPeriodMs = (uint)p.Value;
                else if (r.Id == ParamId.RunDataPeriodMs) RunDataPeriodMs = (uint)p.Value;
            }
        return response;
    }

    public Task<Response<MotionControlResponse>> SendPathAsync(MotionControl path) => Command<MotionControlResponse>(path);
    public Task<Response<Ack>> SendMotionCommandAsync(uint taskId, MotionCommandKind command) => Command<Ack>(new MotionCommand(taskId, command));
    public Task<Response<Ack>> SendChargeAsync(ChargeCommand command, uint stationNodeId) => Command<Ack>(new ChargeControl(command, stationNodeId));
    public Task<Response<Ack>> SendNavigationSwitchAsync(NavigationType type, uint atNodeId) => Command<Ack>(new NavigationSwitch(type, atNodeId));
    public Task<Response<Ack>> SendMapSwitchAsync(uint targetMapId, uint entryNodeId, Pose initialPose) =>
        Command<Ack>(new MapSwitch(targetMapId, entryNodeId, initialPose));

    public override string ToString() => $"{Serial ?? "?"} (agv {AgvId}, {Phase}, {RemoteEndPoint})";
}
