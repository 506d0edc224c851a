using System.Collections.Concurrent;

namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// Rate limit for normal-mode registrations of a serial that already has a live session. Each
/// refusal doubles how long further attempts are refused without even asking the live AGV
/// (1 s, 2 s, … up to a minute), so a loop of takeover attempts costs the real AGV one probe
/// per back-off, and the audit log one entry per back-off instead of one per attempt.
/// </summary>
internal sealed class ReRegistrationGuard
{
    private static readonly long FirstBackOffMs = 1_000, MaxBackOffMs = 60_000;

    private sealed class Entry
    {
        public long BlockedUntil;
        public long BackOffMs = FirstBackOffMs;
        public int Suppressed;
    }

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether attempts for <paramref name="serial"/> are refused outright now; counts the attempt if so.</summary>
    public bool IsBlocked(string serial, long nowMs)
    {
        if (!_entries.TryGetValue(serial, out var e)) return false;
        lock (e)
        {
            if (nowMs >= e.BlockedUntil) return false;
            e.Suppressed++;
            return true;
        }
    }

    /// <summary>
    /// An attempt was refused after asking the live AGV: blocks the serial for the next back-off.
    /// Returns how many attempts were refused outright since the last report (for the audit entry).
    /// </summary>
    public int Refused(string serial, long nowMs)
    {
        var e = _entries.GetOrAdd(serial, _ => new Entry());
        lock (e)
        {
            int suppressed = e.Suppressed;
            e.Suppressed = 0;
            e.BlockedUntil = nowMs + e.BackOffMs;
            e.BackOffMs = Math.Min(MaxBackOffMs, e.BackOffMs * 2);
            return suppressed;
        }
    }

    /// <summary>The serial's session changed hands legitimately (or ended): start afresh.</summary>
    public void Forget(string serial) => _entries.TryRemove(serial, out _);

    /// <summary>Drops entries whose back-off ended long ago (bounded by the serials that had live sessions).</summary>
    public void Sweep(long nowMs)
    {
        foreach (var (serial, e) in _entries)
            if (nowMs - Volatile.Read(ref e.BlockedUntil) > 2 * MaxBackOffMs) _entries.TryRemove(serial, out _);
    }
}
