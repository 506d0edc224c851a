using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Fleet.Live;

/// <summary>
/// One AGV's live entry in the registry. The report path writes it under a small lock (a struct
/// copy, no allocation); readers take a <see cref="Snapshot"/>.
/// </summary>
public sealed class Vehicle
{
    private readonly object _gate = new();
    private State _state;
    private int _dirty;

    public Vehicle(string serial) => Serial = serial;

    public string Serial { get; }
    public uint AgvId { get; internal set; }
    public string Vendor { get; internal set; } = "";
    public string Model { get; internal set; } = "";
    public AgvType AgvType { get; internal set; } = AgvType.Other;
    public NavigationType NavType { get; internal set; } = NavigationType.Unknown;
    public int LengthMm { get; internal set; } = 1000;
    public int WidthMm { get; internal set; } = 700;
    public int MaxSpeed { get; internal set; } = 1000;
    public bool Enrolled { get; internal set; }
    /// <summary>
    /// Whether the console gives it work by itself (orders, charging, demo trips). An operator takes
    /// an AGV out (for maintenance, for a person to drive it) and puts it back; commands and paths
    /// a person sends still go to it.
    /// </summary>
    public bool AutoDispatch { get; set; } = true;
    public AgvSession? Session { get; internal set; }
    public bool Online => Session is { IsOnline: true };
    public DateTimeOffset? LastReportAt { get; private set; }
    public ulong LastReportTimestamp { get; private set; }
    public DateTimeOffset? ConnectedAt => Session?.ConnectedAt;
    /// <summary>The node ids of the path the console last sent it (for drawing); empty when none.</summary>
    public IReadOnlyList<uint> CurrentPath { get; internal set; } = [];
    /// <summary>What traffic control makes it wait for now (the sentence, the other AGV, since when); null when it does not wait.</summary>
    public TrafficWaitNote? Wait { get; internal set; }
    /// <summary>The nodes traffic control has cleared it to drive and it has not passed yet, from where it stands (for the live map); empty when none.</summary>
    public IReadOnlyList<uint> Cleared { get; internal set; } = [];
    /// <summary>Outlines (x0, y0, x1, y1, … mm) of the spaces granted to its SpaceRequests and still held, for the live map.</summary>
    public IReadOnlyList<int[]> Spaces { get; internal set; } = [];
    internal long LastSampleTicks;
    internal AgvState LastSampledState = (AgvState)0xFE;

    public State State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>The map it reports being on, without copying the whole state (the live push asks per browser and AGV).</summary>
    public uint MapId
    {
        get { lock (_gate) return _state.MapId; }
    }

    /// <summary>The hot path: copies the report in and says whether the vehicle just became dirty.</summary>
    internal bool Apply(in State state, ulong timestamp)
    {
        lock (_gate)
        {
            _state = state;
            LastReportTimestamp = timestamp;
        }
        LastReportAt = DateTimeOffset.UtcNow;
        return Interlocked.Exchange(ref _dirty, 1) == 0;
    }

    internal void SetState(in State state)
    {
        lock (_gate) _state = state;
    }

    /// <summary>Marks the vehicle as changed for the next push; true if it was not marked yet.</summary>
    internal bool MarkDirty() => Interlocked.Exchange(ref _dirty, 1) == 0;

    /// <summary>Called by the push loop when it takes the vehicle's latest state.</summary>
    public void ClearDirty() => Volatile.Write(ref _dirty, 0);

    public VehicleSnapshot Snapshot()
    {
        State s;
        ulong ts;
        lock (_gate)
        {
            s = _state;
            ts = LastReportTimestamp;
        }
        var session = Session;
        return new VehicleSnapshot(Serial, AgvId, Vendor, Model, AgvType, NavType, Enrolled, session is { IsOnline: true },
            session?.IsSecure ?? false, s, LastReportAt, session?.ConnectedAt, LengthMm, WidthMm, CurrentPath) { AutoDispatch = AutoDispatch, Wait = Wait };
    }

    /// <summary>The state and the AGV's own timestamp of it, for the live push.</summary>
    public (State State, ulong Timestamp) Live()
    {
        lock (_gate) return (_state, LastReportTimestamp);
    }
}
