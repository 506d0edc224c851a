using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Fleet.Live;

/// <summary>
/// Keeps a flood of refusals from flooding the audit log and the log: the first refusal of a kind,
/// per serial and client address, is written at once; repeats within <see cref="Window"/> are
/// counted and written as one summary when the window ends ("and 57 more").
/// </summary>
internal sealed class SecurityEventThrottle(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private sealed class Entry
    {
        public DateTimeOffset WindowStart;
        public SecurityEvent? Last;
        public int Repeats;
    }

    private readonly Dictionary<(string Kind, string? Serial, string? Host), Entry> _entries = new();

    /// <summary>Whether <paramref name="e"/> is written now (true) or counted into the next summary.</summary>
    public bool Admit(SecurityEvent e)
    {
        var now = clock.GetUtcNow();
        var key = (e.Kind, e.Serial, HostOf(e.Remote));
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry) && now - entry.WindowStart < Window)
            {
                entry.Repeats++;
                entry.Last = e;
                return false;
            }
            _entries[key] = new Entry { WindowStart = now };
            return true;
        }
    }

    /// <summary>Summaries of the windows that ended with repeats in them; forgets ended windows.</summary>
    public IReadOnlyList<SecurityEvent> TakeSummaries()
    {
        var now = clock.GetUtcNow();
        var summaries = new List<SecurityEvent>();
        lock (_entries)
        {
            foreach (var (key, entry) in _entries.ToArray())
            {
                if (now - entry.WindowStart < Window) continue;
                if (entry.Repeats > 0 && entry.Last is { } last)
                    summaries.Add(last with { At = now, Detail = $"{last.Detail} (repeated {entry.Repeats} more times since {entry.WindowStart:HH:mm:ss} UTC)" });
                _entries.Remove(key);
            }
        }
        return summaries;
    }

    /// <summary>The address without its port: a loop of connections comes from new ports each time.</summary>
    private static string? HostOf(string? remote)
    {
        if (remote is null) return null;
        int colon = remote.LastIndexOf(':');
        return colon > 0 && remote.IndexOf(']') < colon ? remote[..colon] : remote;
    }
}
