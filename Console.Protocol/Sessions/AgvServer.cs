using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// The AGV listener: accepts TCP connections, runs one <see cref="AgvSession"/> per connection,
/// finds sessions by serial, replaces a session when its AGV registers again, and supervises
/// heartbeats (a registered AGV silent for 3 heartbeat periods is marked offline and closed).
/// </summary>
public sealed class AgvServer : IAsyncDisposable
{
    private readonly IAgvServerHandler _handler;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<AgvSession, byte> _sessions = new();
    private readonly ConcurrentDictionary<string, AgvSession> _bySerial = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ReRegistrationGuard _guard = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private Task? _supervisor;

    public AgvServer(AgvServerOptions options, IAgvServerHandler handler, ILogger<AgvServer>? logger = null)
    {
        Options = options;
        _handler = handler;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public AgvServerOptions Options { get; }
    public ProtocolCounters Counters { get; } = new();

    /// <summary>The port actually bound (differs from the option when it was 0).</summary>
    public int Port { get; private set; }

    /// <summary>Whether the port is bound and its accept loop runs (false before Start, after a stop, or if the loop ended).</summary>
    public bool IsListening => _acceptLoop is { IsCompleted: false } && !_stop.IsCancellationRequested;

    public int ConnectionCount => _sessions.Count;
    public int OnlineCount => _bySerial.Count;
    public IEnumerable<AgvSession> OnlineSessions => _bySerial.Values;

    public AgvSession? FindOnline(string serial) => _bySerial.TryGetValue(serial, out var s) && s.IsOnline ? s : null;

    public void Start()
    {
        var listener = new Socket(Options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(Options.EndPoint);
        listener.Listen(1024);
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync(listener);
        _supervisor = SuperviseAsync();
        _logger.LogInformation("AGV listener on {Bind}:{Port}", Options.Bind, Port);
        if (Options.RcsKey is not null)
            _logger.LogInformation("SM2 signatures by {Implementation}{Why}", Sm2Signatures.Default.Name,
                Sm2Signatures.OpenSslUnavailableReason is { } why ? $" (OpenSSL not used: {why})" : "");
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException e)
            {
                _logger.LogWarning("Accept failed: {Error}", e.SocketErrorCode);
                continue;
            }
            var session = new AgvSession(socket, this, _handler, Counters, _logger);
            _sessions[session] = 0;
            _ = Task.Run(session.RunAsync);
        }
    }

    private async Task SuperviseAsync()
    {
        using var timer = new PeriodicTimer(Options.SupervisionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                _guard.Sweep(now);
                foreach (var session in _sessions.Keys)
                {
                    long silentMs = now - session.LastReceivedTicks;
                    if (session.Phase == SessionPhase.Online)
                    {
                        if (silentMs > 3L * Math.Max(1, session.HeartbeatPeriodMs))
                        {
                            session.MarkOffline(OfflineReason.HeartbeatLost);
                            _ = session.CloseAsync($"no frame for {silentMs} ms (3 heartbeat periods of {session.HeartbeatPeriodMs} ms)");
                        }
                    }
                    else if (!session.IsClosed && silentMs > Options.RegistrationTimeout.TotalMilliseconds)
                    {
                        _ = session.CloseAsync("did not complete access and registration in time");
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Whether <paramref name="session"/> (registering) may take its serial over. A live session is
    /// never replaced by a normal-mode registration while it still answers: normal mode proves
    /// nothing about who is connecting, so a second connection could otherwise take an AGV over
    /// (receive its commands, report fake positions). The live session is asked with a Heartbeat;
    /// one that does not answer within <see cref="AgvServerOptions.ProbeTimeout"/> is stale (the AGV
    /// rebooted and its old connection is half-open) and is replaced as PROTOCOL.md §3 says. A
    /// secure-mode registration is authenticated, so it replaces a live session at once.
    /// Returns null when the serial may be taken, else why not (DUPLICATE_SERIAL).
    /// </summary>
    internal async ValueTask<string?> ClaimAsync(AgvSession session)
    {
        var serial = session.Serial!;
        if (!_bySerial.TryGetValue(serial, out var live) || ReferenceEquals(live, session) || !live.IsOnline) return null;
        if (session.IsSecure) return null;
        long now = Environment.TickCount64;
        if (_guard.IsBlocked(serial, now)) return BackingOff;
        if (!await live.ProbeAsync(Options.ProbeTimeout).ConfigureAwait(false))
        {
            session.Replacing = live; // stale: this registration may replace exactly that session
            return null;
        }
        int suppressed = _guard.Refused(serial, now);
        return suppressed > 0 ? $"{LiveAnswers} ({suppressed} more attempts refused while backing off)" : LiveAnswers;
    }

    internal const string LiveAnswers = "the serial has a live session that still answers: a normal-mode registration cannot replace it";
    internal const string BackingOff = "the serial has a live session and recent attempts to replace it were refused: backing off";

    /// <summary>
    /// Makes <paramref name="session"/> the live session of its serial; an older one is closed with
    /// Disconnect reason 3. False when another registration took the serial since <see cref="ClaimAsync"/>
    /// and is still live (two normal-mode registrations at once: the first one wins).
    /// </summary>
    internal bool TryAttach(AgvSession session)
    {
        var serial = session.Serial!;
        while (true)
        {
            if (_bySerial.TryAdd(serial, session)) break;
            if (!_bySerial.TryGetValue(serial, out var old)) continue;
            if (ReferenceEquals(old, session)) return true;
            if (old.IsOnline && !session.IsSecure && !ReferenceEquals(old, session.Replacing)) return false;
            if (!_bySerial.TryUpdate(serial, session, old)) continue;
            _logger.LogInformation("{Serial} registered again: replacing the old session", serial);
            old.MarkOffline(OfflineReason.Replaced);
            // Do not wait on the old AGV: it may be gone. The Disconnect is best effort.
            _ = Task.Run(async () =>
            {
                await old.DisconnectAsync(DisconnectReason.Reauth).ConfigureAwait(false);
                await old.CloseAsync("replaced by a new registration").ConfigureAwait(false);
            });
            break;
        }
        _guard.Forget(serial);
        return true;
    }

    internal void Detach(AgvSession session)
    {
        _sessions.TryRemove(session, out _);
        if (session.Serial is { } serial)
            _bySerial.TryRemove(new KeyValuePair<string, AgvSession>(serial, session));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        foreach (var s in _sessions.Keys)
        {
            s.MarkOffline(OfflineReason.ServerStopped);
            await s.CloseAsync("server stopped").ConfigureAwait(false);
        }
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        if (_supervisor is not null) await _supervisor.ConfigureAwait(false);
    }
}
