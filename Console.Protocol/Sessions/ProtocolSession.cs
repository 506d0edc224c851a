using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// One end of one TCP connection speaking the protocol: framing over System.IO.Pipelines, the
/// secure envelope once established, request/response correlation by seq with timeouts, answers
/// to retried requests from a cache, and counters. The RCS side (<see cref="AgvSession"/>) and
/// the AGV side (<see cref="AgvClient"/>) add their session flow on top.
/// </summary>
/// <remarks>
/// The read loop handles one frame at a time, in order. A handler it calls must therefore never
/// wait for an answer from the same peer (that answer could only arrive through this loop).
/// </remarks>
public abstract class ProtocolSession : IAsyncDisposable
{
    /// <summary>A request's timestamp may be this far from the receiver's clock in secure mode (§6.4).</summary>
    public const long MaxClockSkewMs = 30_000;

    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly FrameEncoder _encoder = new();
    private readonly WireWriter _bodyCopy = new(512);
    private readonly WireWriter _plain = new(512);
    private readonly ConcurrentDictionary<uint, Pending> _pending = new();
    private readonly AnsweredRequests _answered = new(16);
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<long> _tagFailures = new();
    private int _seq;
    private uint _lastPeerSeq;
    private SecureChannel? _secure;
    private int _closeStarted;
    private int _reading; // 1 once RunAsync owns the reader
    private long _lastReceivedTicks = Environment.TickCount64;

    protected ProtocolSession(Socket socket, ProtocolCounters? shared, ILogger? logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 8192, minimumReadSize: 2048));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096));
        SharedCounters = shared;
        Logger = logger ?? NullLogger.Instance;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    protected ILogger Logger { get; }
    public ProtocolCounters Counters { get; } = new();
    private ProtocolCounters? SharedCounters { get; }
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The agvId stamped into every header this side sends (0 before registration).</summary>
    public uint AgvId { get; protected set; }

    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public bool IsSecure => _secure is not null;
    public IntegrityProfile? Integrity => _secure?.Profile;

    /// <summary>Environment.TickCount64 when the last frame (of any kind) arrived.</summary>
    public long LastReceivedTicks => Volatile.Read(ref _lastReceivedTicks);

    /// <summary>Completes when the connection is closed, for whatever reason.</summary>
    public Task Closed => _closed.Task;
    public bool IsClosed => _closeStarted != 0;
    public string? CloseReason { get; private set; }
    protected CancellationToken ClosingToken => _closing.Token;

    // ---- what the two sides add -------------------------------------------------------------

    /// <summary>A decoded request (not a response). Its answer, if it asked for one, goes through <see cref="RespondAsync"/>.</summary>
    protected abstract ValueTask OnRequestAsync(FrameHeader header, IMessage message);

    /// <summary>
    /// The StateReport hot path: called with the decoded value before any boxing. Return false to
    /// have the report go through <see cref="OnRequestAsync"/> like any other request.
    /// </summary>
    protected virtual bool OnStateReport(FrameHeader header, in State state) => false;

    /// <summary>A secure frame was dropped; the counters have been incremented already.</summary>
    protected virtual void OnSecurityFailure(SecurityFailure failure, FrameHeader header) { }

    protected virtual void OnClosed(string reason) { }

    /// <summary>
    /// A response arrived, on the read loop, before whoever waits for it resumes: state that later
    /// frames depend on (the agvId and periods of a RegisterResponse) is in place before they are read.
    /// </summary>
    protected virtual void OnResponse(FrameHeader header, IMessage message) { }

    /// <summary>
    /// Whether a frame may be handled in the current state before it is decoded. The RCS side
    /// answers NOT_REGISTERED here for anything out of order.
    /// </summary>
    protected virtual ResultCode Admit(FrameHeader header) => ResultCode.Ok;

    // ---- secure channel ---------------------------------------------------------------------

    /// <summary>From now on every frame in both directions is sealed and must open.</summary>
    protected void EstablishSecure(SecureChannel channel) => _secure = channel;

    // ---- sending ----------------------------------------------------------------------------

    private uint NextSeq() => (uint)Interlocked.Increment(ref _seq);

    protected static ulong NowMs() => (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Sends a request and waits for its answer (ACK_REQUIRED set).</summary>
    public async Task<Response<T>> RequestAsync<T>(IMessage request, TimeSpan? timeout = null, int retries = 0, bool plain = false)
        where T : class, IMessage
    {
        if (IsClosed) return Response<T>.NotSent(ResultCode.Timeout);
        uint seq = NextSeq();
        var pending = new Pending(request.Type);
        _pending[seq] = pending;
        var header = new FrameHeader(FrameFlags.AckRequired, request.Type, ResultCode.Ok, seq, AgvId, NowMs(), 0);
        try
        {
            byte[]? copy = await SendAsync(header, request, keepCopy: retries > 0, plain).ConfigureAwait(false);
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    var (result, body) = await pending.Answer.Task.WaitAsync(timeout ?? ResponseTimeout).ConfigureAwait(false);
                    if (result == ResultCode.Ok && body is not T && typeof(T) != typeof(Ack))
                        return new Response<T>(ResultCode.ProtocolError, null);
                    return new Response<T>(result, body as T);
                }
                catch (TimeoutException) when (attempt < retries && copy is not null && !IsClosed)
                {
                    await SendRawAsync(copy).ConfigureAwait(false); // a retry reuses the seq (§2)
                }
                catch (TimeoutException)
                {
                    Count(c => c.Timeout());
                    return new Response<T>(ResultCode.Timeout, null);
                }
            }
        }
        finally
        {
            _pending.TryRemove(seq, out _);
        }
    }

    /// <summary>Sends a request that asks for no answer (reports). Generic, so a StateReport is not boxed.</summary>
    public ValueTask SendWithoutAckAsync<T>(T message) where T : IMessage
    {
        var header = new FrameHeader(FrameFlags.None, message.Type, ResultCode.Ok, NextSeq(), AgvId, NowMs(), 0);
        return DiscardCopy(SendAsync(header, message, keepCopy: false, plain: false));
    }

    private static async ValueTask DiscardCopy(ValueTask<byte[]?> send) => await send.ConfigureAwait(false);

    /// <summary>Answers a request (if it asked for an answer). A non-OK answer carries no body.</summary>
    protected async ValueTask RespondAsync(FrameHeader request, Reply reply, bool plain = false)
    {
        if (!request.AckRequired || IsClosed) return;
        var header = new FrameHeader(FrameFlags.Response, request.MsgType, reply.Result, request.Seq, AgvId, NowMs(), 0);
        IMessage body = reply.Result == ResultCode.Ok && reply.Body is not null ? reply.Body : new Ack(request.MsgType);
        var frame = await SendAsync(header, body, keepCopy: true, plain).ConfigureAwait(false);
        if (frame is not null) _answered.Add(request.Seq, request.MsgType, frame);
    }

    private async ValueTask<byte[]?> SendAsync<T>(FrameHeader header, T message, bool keepCopy, bool plain) where T : IMessage
    {
        if (IsClosed) return null;
        await _sendLock.WaitAsync(_closing.Token).ConfigureAwait(false);
        byte[]? copy;
        try
        {
            copy = WriteFrame(header, message, keepCopy, plain);
            await _writer.FlushAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            _ = CloseAsync("send failed: " + e.Message);
            return null;
        }
        finally
        {
            _sendLock.Release();
        }
        return copy;
    }

    private byte[]? WriteFrame<T>(FrameHeader header, T message, bool keepCopy, bool plain) where T : IMessage
    {
        var secure = plain ? null : _secure;
        ReadOnlySpan<byte> frame = secure is null
            ? _encoder.Encode(header, message)
            : secure.SealFrame(_encoder, header, _encoder.EncodeBody(message));
        _writer.Write(frame);
        Count(c => c.FrameOut());
        return keepCopy ? frame.ToArray() : null;
    }

    private async ValueTask SendRawAsync(byte[] frame)
    {
        await _sendLock.WaitAsync(_closing.Token).ConfigureAwait(false);
        try
        {
            _writer.Write(frame);
            Count(c => c.FrameOut());
            await _writer.FlushAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            _ = CloseAsync("send failed: " + e.Message);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    // ---- receiving --------------------------------------------------------------------------

    /// <summary>Reads and handles frames until the connection closes. Never throws.</summary>
    public async Task RunAsync()
    {
        string reason = "connection closed by peer";
        // The read loop owns the reader from here: a close from elsewhere cancels the read and leaves
        // completing the reader to this loop (a PipeReader is not to be completed under its reader).
        // Both sides fence (Interlocked here, in CloseAsync): either the close sees _reading and leaves the reader to
        // this loop, or this loop sees the close and does not read (the reader may then be completed twice: harmless).
        Interlocked.Exchange(ref _reading, 1);
        try
        {
            if (Volatile.Read(ref _closeStarted) != 0) throw new OperationCanceledException(); // closed before the loop began
            while (true)
            {
                var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                bool fatal = false;
                try
                {
                    while (!IsClosed)
                    {
                        var status = FrameReader.TryRead(ref buffer, out var header, out var body, out var error);
                        if (status == FrameReadStatus.Frame)
                        {
                            var handled = HandleFrameAsync(header, body);
                            if (!handled.IsCompletedSuccessfully) await handled.ConfigureAwait(false);
                        }
                        else if (status == FrameReadStatus.Resync)
                        {
                            Count(error == FrameError.BadCrc ? c => c.CrcError() : c => c.Garbage());
                        }
                        else if (status == FrameReadStatus.Fatal)
                        {
                            Count(c => c.ProtocolError());
                            reason = $"protocol error: {error}";
                            await RespondAsync(header with { Flags = FrameFlags.AckRequired }, ResultCode.ProtocolError).ConfigureAwait(false);
                            fatal = true;
                            break;
                        }
                        else break;
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }
                if (fatal || IsClosed || result.IsCompleted) break;
            }
        }
        catch (OperationCanceledException) { reason = CloseReason ?? "closed"; }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = "connection lost: " + e.Message;
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Session {Remote} failed", RemoteEndPoint);
            reason = "internal error: " + e.Message;
        }
        await CloseAsync(reason).ConfigureAwait(false);
        try { await _reader.CompleteAsync().ConfigureAwait(false); } catch (Exception) { /* the stream is gone already */ }
    }

    private ValueTask HandleFrameAsync(FrameHeader header, ReadOnlySequence<byte> body)
    {
        Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
        Count(c => c.FrameIn());

        // The body is copied once: the pipe's memory is only ours until AdvanceTo.
        _bodyCopy.Reset();
        var (arr, _) = _bodyCopy.ReserveArray((int)body.Length);
        body.CopyTo(arr);
        ReadOnlySpan<byte> plain = arr.AsSpan(0, (int)body.Length);

        if (_secure is { } secure)
        {
            if (!header.IsEncrypted) return SecurityDrop(SecurityFailure.NotEncrypted, header);
            Span<byte> head = stackalloc byte[FrameHeader.Size];
            header.Write(head);
            var failure = secure.Open(head[..FrameHeader.AuthenticatedSize], header.MsgType, arr, 0, (int)body.Length, _plain);
            if (failure != SecurityFailure.None) return SecurityDrop(failure, header);
            if (!header.IsResponse)
            {
                if (header.AckRequired && _answered.Find(header.Seq, header.MsgType) is { } again)
                {
                    Count(c => c.Duplicate());
                    return SendRawAsync(again);
                }
                if (_lastPeerSeq != 0 && (int)(header.Seq - _lastPeerSeq) <= 0)
                    return SecurityDrop(SecurityFailure.ReplayedSeq, header);
                if (Math.Abs((long)header.Timestamp - (long)NowMs()) > MaxClockSkewMs)
                    return SecurityDrop(SecurityFailure.StaleTimestamp, header);
                _lastPeerSeq = header.Seq;
            }
            plain = _plain.Written;
        }
        else if (header.IsEncrypted)
        {
            return SecurityDrop(SecurityFailure.MalformedEnvelope, header); // no channel to open it with
        }

        if (header.IsResponse)
        {
            CompletePending(header, plain);
            return ValueTask.CompletedTask;
        }

        if (header.AckRequired && _secure is null && _answered.Find(header.Seq, header.MsgType) is { } cached)
        {
            Count(c => c.Duplicate());
            return SendRawAsync(cached);
        }

        var descriptor = MessageTable.Find(header.MsgType);
        if (descriptor is null)
        {
            Count(c => c.UnsupportedMessage());
            return RespondAsync(header, ResultCode.UnsupportedMessage);
        }
        var admitted = Admit(header);
        if (admitted != ResultCode.Ok) return RespondAsync(header, admitted);

        if (header.MsgType == MessageType.StateReport)
        {
            var e = MessageTable.TryDecode<StateReport>(plain, out var report);
            if (e != DecodeError.None) return DecodeFailed(header, e);
            if (OnStateReport(header, report.State))
                return header.AckRequired ? RespondAsync(header, ResultCode.Ok) : ValueTask.CompletedTask;
            return Dispatch(header, report);
        }

        var error = MessageTable.TryDecode(header.MsgType, false, ResultCode.Ok, plain, out var message);
        if (error != DecodeError.None) return DecodeFailed(header, error);
        return Dispatch(header, message!);
    }

    private ValueTask DecodeFailed(FrameHeader header, DecodeError error)
    {
        Count(c => c.DecodeError());
        Logger.LogDebug("Undecodable {Header}: {Error}", header, error);
        return RespondAsync(header, ResultCode.ProtocolError);
    }

    private async ValueTask Dispatch(FrameHeader header, IMessage message)
    {
        try
        {
            await OnRequestAsync(header, message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A handler's bug answers INTERNAL_ERROR; it never takes the session down.
            Logger.LogError(e, "Handling {Header} failed", header);
            await RespondAsync(header, ResultCode.InternalError).ConfigureAwait(false);
        }
    }

    private void CompletePending(FrameHeader header, ReadOnlySpan<byte> body)
    {
        if (!_pending.TryGetValue(header.Seq, out var pending) || pending.Type != header.MsgType)
            return; // late (after a timeout) or unsolicited: nothing waits for it
        var error = MessageTable.TryDecode(header.MsgType, true, header.Result, body, out var message);
        if (error != DecodeError.None)
        {
            Count(c => c.DecodeError());
            pending.Answer.TrySetResult((ResultCode.ProtocolError, null));
            return;
        }
        if (message is not null && header.Result == ResultCode.Ok) OnResponse(header, message);
        pending.Answer.TrySetResult((header.Result, message));
    }

    private ValueTask SecurityDrop(SecurityFailure failure, FrameHeader header)
    {
        Count(c => c.Security(failure));
        OnSecurityFailure(failure, header);
        if (failure is SecurityFailure.BadTag or SecurityFailure.BadPadding or SecurityFailure.MalformedEnvelope)
        {
            long now = Environment.TickCount64;
            _tagFailures.Enqueue(now);
            while (_tagFailures.Count > 0 && now - _tagFailures.Peek() > 60_000) _tagFailures.Dequeue();
            if (_tagFailures.Count >= 3) return RefuseAndClose(header, "three frames failed authentication within a minute");
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Answers <paramref name="header"/>'s request with AUTH_FAILED and closes the connection.</summary>
    protected async ValueTask RefuseAndClose(FrameHeader header, string reason, bool plain = false)
    {
        Count(c => c.AuthFailure());
        await RespondAsync(header with { Flags = FrameFlags.AckRequired }, ResultCode.AuthFailed, plain).ConfigureAwait(false);
        await CloseAsync(reason).ConfigureAwait(false);
    }

    protected void Count(Action<ProtocolCounters> increment)
    {
        increment(Counters);
        if (SharedCounters is not null) increment(SharedCounters);
    }

    // ---- closing ----------------------------------------------------------------------------

    /// <summary>Sends Disconnect (waiting briefly for its answer), then closes.</summary>
    public async Task DisconnectAsync(DisconnectReason reason)
    {
        if (IsClosed) return;
        await RequestAsync<Ack>(new Disconnect(reason), TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await CloseAsync($"disconnect: {reason}").ConfigureAwait(false);
    }

    /// <summary>Closes the connection; pending requests end with TIMEOUT (no answer will come).</summary>
    public async Task CloseAsync(string reason)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0) return;
        CloseReason = reason;
        foreach (var p in _pending.Values) p.Answer.TrySetResult((ResultCode.Timeout, null));
        // Let a send in progress finish its flush, so a final answer (AUTH_FAILED, …) reaches the peer.
        if (await _sendLock.WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false))
        {
            try { await _writer.CompleteAsync().ConfigureAwait(false); } catch (Exception) { /* already broken */ }
            _sendLock.Release();
        }
        _closing.Cancel();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already closed */ }
        _socket.Close();
        if (Volatile.Read(ref _reading) == 0)
            try { await _reader.CompleteAsync().ConfigureAwait(false); } catch (Exception) { /* already broken */ }
        try { OnClosed(reason); }
        catch (Exception e) { Logger.LogError(e, "OnClosed failed"); }
        _closed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("disposed").ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private sealed class Pending(MessageType type)
    {
        public MessageType Type { get; } = type;
        public TaskCompletionSource<(ResultCode, IMessage?)> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
