using System.Diagnostics.Metrics;

namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// The AGV port's numbers as metrics. Every instrument is observable: it reads the
/// <see cref="ProtocolCounters"/> the sessions already keep with Interlocked when a collector asks
/// (a Prometheus scrape), so the frame path does no more work than it did and allocates nothing.
/// </summary>
public static class ProtocolMetrics
{
    /// <summary>Registers the AGV port's instruments on <paramref name="meter"/>; <paramref name="server"/> is null until the port is open.</summary>
    public static void Register(Meter meter, Func<AgvServer?> server)
    {
        meter.CreateObservableCounter("agvconsole.protocol.frames.received", () => server()?.Counters.FramesIn ?? 0, "{frame}",
            "Frames received on the AGV port with a valid header and CRC.");
        meter.CreateObservableCounter("agvconsole.protocol.frames.sent", () => server()?.Counters.FramesOut ?? 0, "{frame}",
            "Frames sent to AGVs.");
        meter.CreateObservableCounter("agvconsole.protocol.errors", () => Errors(server()?.Counters), "{error}",
            "What went wrong on the AGV port, by kind: bad CRC, garbage skipped, undecodable or unsupported messages, protocol errors " +
            "(oversize length, wrong version), requests unanswered in time, and the security drops (access refused, bad tag, bad padding, replay, stale timestamp, plain frame in secure mode).");
        meter.CreateObservableGauge("agvconsole.agvs.connected", () => Connected(server()), "{agv}",
            "AGVs registered and online, by mode (normal or secure).");
        meter.CreateObservableGauge("agvconsole.protocol.connections", () => server()?.ConnectionCount ?? 0, "{connection}",
            "Open TCP connections on the AGV port, registered or not.");
    }

    private static Measurement<long>[] Errors(ProtocolCounters? c) =>
    [
        Kind(c?.CrcErrors, "crc"),
        Kind(c?.GarbageDrops, "garbage"),
        Kind(c?.DecodeErrors, "decode"),
        Kind(c?.Unsupported, "unsupported"),
        Kind(c?.ProtocolErrors, "protocol"),
        Kind(c?.Timeouts, "timeout"),
        Kind(c?.AuthFailures, "access_refused"),
        Kind(c?.BadTags, "bad_tag"),
        Kind(c?.BadPadding, "bad_padding"),
        Kind(c?.Replays, "replay"),
        Kind(c?.StaleTimestamps, "stale_timestamp"),
        Kind(c?.NotEncrypted, "not_encrypted"),
    ];

    private static Measurement<long> Kind(long? value, string kind) => new(value ?? 0, new KeyValuePair<string, object?>("kind", kind));

    private static Measurement<int>[] Connected(AgvServer? server)
    {
        int normal = 0, secure = 0;
        if (server is not null)
            foreach (var s in server.OnlineSessions)
            {
                if (!s.IsOnline) continue;
                if (s.IsSecure) secure++;
                else normal++;
            }
        return [new(normal, new KeyValuePair<string, object?>("mode", "normal")), new(secure, new KeyValuePair<string, object?>("mode", "secure"))];
    }
}
