namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// What a session (or a whole server) has seen go wrong or right, for the console's status page
/// and the load harness. Incremented with Interlocked from read loops; read without locks.
/// </summary>
public sealed class ProtocolCounters
{
    private long _framesIn, _framesOut, _crcErrors, _garbageDrops, _decodeErrors, _unsupported, _duplicates;
    private long _badTags, _badPadding, _replays, _staleTimestamps, _notEncrypted, _authFailures, _timeouts, _protocolErrors;

    public long FramesIn => Volatile.Read(ref _framesIn);
    public long FramesOut => Volatile.Read(ref _framesOut);
    public long CrcErrors => Volatile.Read(ref _crcErrors);
    public long GarbageDrops => Volatile.Read(ref _garbageDrops);
    public long DecodeErrors => Volatile.Read(ref _decodeErrors);
    public long Unsupported => Volatile.Read(ref _unsupported);
    public long DuplicateRequests => Volatile.Read(ref _duplicates);
    /// <summary>Secure frames whose signature or MAC failed (tampered, or forged).</summary>
    public long BadTags => Volatile.Read(ref _badTags);
    public long BadPadding => Volatile.Read(ref _badPadding);
    public long Replays => Volatile.Read(ref _replays);
    public long StaleTimestamps => Volatile.Read(ref _staleTimestamps);
    public long NotEncrypted => Volatile.Read(ref _notEncrypted);
    /// <summary>Access refused: unenrolled key or serial, wrong S_A, mode not allowed.</summary>
    public long AuthFailures => Volatile.Read(ref _authFailures);
    public long Timeouts => Volatile.Read(ref _timeouts);
    /// <summary>Connections closed for an oversize length or wrong version.</summary>
    public long ProtocolErrors => Volatile.Read(ref _protocolErrors);

    internal void FrameIn() => Interlocked.Increment(ref _framesIn);
    internal void FrameOut() => Interlocked.Increment(ref _framesOut);
    internal void CrcError() => Interlocked.Increment(ref _crcErrors);
    internal void Garbage() => Interlocked.Increment(ref _garbageDrops);
    internal void DecodeError() => Interlocked.Increment(ref _decodeErrors);
    internal void UnsupportedMessage() => Interlocked.Increment(ref _unsupported);
    internal void Duplicate() => Interlocked.Increment(ref _duplicates);
    internal void AuthFailure() => Interlocked.Increment(ref _authFailures);
    internal void Timeout() => Interlocked.Increment(ref _timeouts);
    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    internal void Security(Security.SecurityFailure failure)
    {
        switch (failure)
        {
            case Protocol.Security.SecurityFailure.BadTag:
            case Protocol.Security.SecurityFailure.MalformedEnvelope: Interlocked.Increment(ref _badTags); break;
            case Protocol.Security.SecurityFailure.BadPadding: Interlocked.Increment(ref _badPadding); break;
            case Protocol.Security.SecurityFailure.ReplayedSeq: Interlocked.Increment(ref _replays); break;
            case Protocol.Security.SecurityFailure.StaleTimestamp: Interlocked.Increment(ref _staleTimestamps); break;
            case Protocol.Security.SecurityFailure.NotEncrypted: Interlocked.Increment(ref _notEncrypted); break;
        }
    }

    public override string ToString() =>
        $"in={FramesIn} out={FramesOut} crc={CrcErrors} garbage={GarbageDrops} decode={DecodeErrors} unsupported={Unsupported} " +
        $"dup={DuplicateRequests} badTag={BadTags} badPad={BadPadding} replay={Replays} stale={StaleTimestamps} " +
        $"plainInSecure={NotEncrypted} auth={AuthFailures} timeouts={Timeouts} protocolErrors={ProtocolErrors}";
}
