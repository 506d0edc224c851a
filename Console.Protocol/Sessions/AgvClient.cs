using System.Net.Sockets;
using System.Security.Cryptography;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Protocol.Sessions;

/// <summary>How an AGV connects: where, in which mode, with which keys, and what it registers as.</summary>
public sealed class AgvClientOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required Register Registration { get; init; }
    public AccessMode Mode { get; init; } = AccessMode.Normal;
    /// <summary>The AGV's static SM2 key pair (secure mode).</summary>
    public Sm2KeyPair? Key { get; init; }
    /// <summary>The RCS's SM2 user id (Agv:RcsId on the console).</summary>
    public string RcsId { get; init; } = "RCS";
    /// <summary>The RCS public key provisioned on the AGV; when set, an RCS presenting another key is refused.</summary>
    public byte[]? RcsPublicKey { get; init; }
    public IntegrityProfile Integrity { get; init; } = IntegrityProfile.SignedAndMac;
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>What an AGV does with the RCS's commands.</summary>
public interface IAgvCommandHandler
{
    /// <summary>ParamQuery, ParamSet, MotionControl, MotionCommand, ChargeControl, NavigationSwitch or MapSwitch.</summary>
    ValueTask<Reply> OnCommandAsync(IMessage command);

    /// <summary>The RCS sent Disconnect (e.g. reason 3: this AGV registered again elsewhere).</summary>
    void OnDisconnect(DisconnectReason reason);

    /// <summary>
    /// The RegisterResponse arrived (agvId and periods). Called on the read loop before any later
    /// command is handled, so a ParamSet sent right after registration is applied after it, not before.
    /// </summary>
    void OnRegistered(RegisterResponse response) { }
}

/// <summary>Connecting failed: the RCS's answer, or TIMEOUT if none came.</summary>
public sealed class AgvConnectException(string step, ResultCode result, string? detail = null)
    : Exception($"{step} failed: {result}{(detail is null ? "" : " (" + detail + ")")}")
{
    public string Step { get; } = step;
    public ResultCode Result { get; } = result;
}

/// <summary>
/// The AGV end of a connection (used by the simulator and by tests; a vendor's AGV would be
/// written against the same PROTOCOL.md). <see cref="ConnectAsync"/> runs access (normal or
/// secure), key confirmation and registration, and returns an online client.
/// </summary>
public sealed class AgvClient : ProtocolSession
{
    private readonly IAgvCommandHandler _handler;

    private AgvClient(Socket socket, IAgvCommandHandler handler, ProtocolCounters? shared, ILogger? logger)
        : base(socket, shared, logger) => _handler = handler;

    public RegisterResponse? Registered { get; private set; }
    public uint HeartbeatPeriodMs { get; internal set; }
    public uint ReportPeriodMs { get; internal set; }
    public uint RunDataPeriodMs { get; internal set; }

    public static async Task<AgvClient> ConnectAsync(AgvClientOptions options, IAgvCommandHandler handler,
        ProtocolCounters? shared = null, ILogger? logger = null, CancellationToken ct = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var client = new AgvClient(socket, handler, shared, logger) { ResponseTimeout = options.ResponseTimeout };
        _ = Task.Run(client.RunAsync, CancellationToken.None);
        try
        {
            await client.AccessAsync(options).ConfigureAwait(false);
            var reg = await client.RequestAsync<RegisterResponse>(options.Registration).ConfigureAwait(false);
            if (!reg.IsOk) throw new AgvConnectException("Register", reg.Result);
            return client; // the response itself was taken in OnResponse, on the read loop
        }
        catch
        {
            await client.CloseAsync("connect failed").ConfigureAwait(false);
            throw;
        }
    }

    private async Task AccessAsync(AgvClientOptions o)
    {
        var reg = o.Registration;
        if (o.Mode == AccessMode.Normal)
        {
            var r = await RequestAsync<AccessResponse>(new AccessRequest(AccessMode.Normal, reg.Vendor, reg.Serial, FrameHeader.ProtocolVersion)).ConfigureAwait(false);
            if (!r.IsOk) throw new AgvConnectException("AccessRequest", r.Result, CloseReason);
            return;
        }

        var key = o.Key ?? throw new InvalidOperationException("secure mode needs the AGV's SM2 key pair");
        var ephemeral = Sm2.GenerateKeyPair();
        var answer = await RequestAsync<AccessResponse>(new AccessRequest(AccessMode.Secure, reg.Vendor, reg.Serial,
            FrameHeader.ProtocolVersion, key.PublicKeyBytes, ephemeral.PublicKeyBytes, o.Integrity)).ConfigureAwait(false);
        if (!answer.IsOk) throw new AgvConnectException("AccessRequest", answer.Result, CloseReason);
        var a = answer.Body!;
        if (a.Mode != AccessMode.Secure) throw new AgvConnectException("AccessRequest", ResultCode.ProtocolError, "RCS answered in normal mode");
        if (o.RcsPublicKey is not null && !CryptographicOperations.FixedTimeEquals(o.RcsPublicKey, a.RcsStaticPub.AsSpan()))
            throw new AgvConnectException("AccessRequest", ResultCode.AuthFailed, "RCS key is not the provisioned one");
        var rcsStatic = Sm2.TryDecodePublicKey(a.RcsStaticPub.AsSpan());
        var rcsEphemeral = Sm2.TryDecodePublicKey(a.RcsEphemeralPub.AsSpan());
        if (rcsStatic is null || rcsEphemeral is null)
            throw new AgvConnectException("AccessRequest", ResultCode.AuthFailed, "RCS keys are not valid SM2 points");
        var keys = Sm2KeyExchange.Derive(true, key, ephemeral, rcsStatic.Q, rcsEphemeral.Q, reg.Serial, o.RcsId)
                   ?? throw new AgvConnectException("AccessRequest", ResultCode.AuthFailed, "degenerate shared point");
        if (!CryptographicOperations.FixedTimeEquals(keys.ConfirmB, a.ConfirmB.AsSpan()))
            throw new AgvConnectException("AccessRequest", ResultCode.AuthFailed, "S_B does not match: not the RCS we expect");

        // AccessConfirm itself travels plain; its response is the first sealed frame.
        EstablishSecure(new SecureChannel(a.Integrity, keys, key, reg.Serial, rcsStatic, o.RcsId));
        var confirmed = await RequestAsync<Ack>(new AccessConfirm(keys.ConfirmA), plain: true).ConfigureAwait(false);
        if (!confirmed.IsOk) throw new AgvConnectException("AccessConfirm", confirmed.Result, CloseReason);
    }

    protected override void OnResponse(FrameHeader header, IMessage message)
    {
        if (message is not RegisterResponse r) return;
        Registered = r;
        AgvId = r.AgvId;
        HeartbeatPeriodMs = r.HeartbeatPeriodMs;
        ReportPeriodMs = r.ReportPeriodMs;
        RunDataPeriodMs = r.RunDataPeriodMs;
        _handler.OnRegistered(r);
    }

    protected override async ValueTask OnRequestAsync(FrameHeader header, IMessage message)
    {
        switch (message)
        {
            case Heartbeat:
                await RespondAsync(header, Reply.Ok(new HeartbeatResponse((ulong?)null))).ConfigureAwait(false);
                break;
            case Disconnect d:
                await RespondAsync(header, ResultCode.Ok).ConfigureAwait(false);
                _handler.OnDisconnect(d.Reason);
                await CloseAsync($"RCS disconnected ({d.Reason})").ConfigureAwait(false);
                break;
            case ParamQuery or ParamSet or MotionControl or MotionCommand or ChargeControl or NavigationSwitch or MapSwitch:
                var reply = await _handler.OnCommandAsync(message).ConfigureAwait(false);
                await RespondAsync(header, reply).ConfigureAwait(false);
                break;
            default:
                await RespondAsync(header, ResultCode.UnsupportedMessage).ConfigureAwait(false);
                break;
        }
    }

    public ValueTask SendStateAsync(in State state) => SendWithoutAckAsync(new StateReport(state));
    public ValueTask SendRunDataAsync(RunData data) => SendWithoutAckAsync(new RunDataReport(data));
    public ValueTask SendEventAsync(EventReport report) => SendWithoutAckAsync(report);
    public ValueTask SendTaskReportAsync(TaskReport report) => SendWithoutAckAsync(report);
    public Task<Response<HeartbeatResponse>> SendHeartbeatAsync(uint uptimeS) => RequestAsync<HeartbeatResponse>(new Heartbeat(uptimeS));
    public Task<Response<SpaceRequestResponse>> RequestSpaceAsync(SpaceRequest request) => RequestAsync<SpaceRequestResponse>(request);
    public Task<Response<Ack>> ReleaseSpaceAsync(uint requestId) => RequestAsync<Ack>(new SpaceRelease(requestId));
}
