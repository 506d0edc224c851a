using System.Collections.Concurrent;

namespace AgvConsole.Fleet.Live;

/// <summary>
/// Every AGV the console knows, with its live state. The report path marks a vehicle dirty once
/// (however many reports arrive) and queues it; the live push drains the queue at its own pace,
/// so a busy fleet or a slow browser never makes the report path wait.
/// </summary>
public sealed class FleetRegistry
{
    private readonly ConcurrentDictionary<string, Vehicle> _bySerial = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Vehicle> _dirty = new();
    private long _version;

    /// <summary>
    /// Bumped when a vehicle is added, removed, comes online or goes offline (lists, counts), and once
    /// per <see cref="DrainDirty"/> that took changed vehicles: pages poll it to learn that something
    /// changed, at no cost to the report path.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    public IEnumerable<Vehicle> All => _bySerial.Values;
    public int Count => _bySerial.Count;

    public Vehicle? Find(string serial) => _bySerial.GetValueOrDefault(serial);

    public Vehicle GetOrAdd(string serial)
    {
        var v = _bySerial.GetOrAdd(serial, s => new Vehicle(s));
        return v;
    }

    public bool Remove(string serial)
    {
        bool removed = _bySerial.TryRemove(serial, out _);
        if (removed) Changed();
        return removed;
    }

    public void Changed() => Interlocked.Increment(ref _version);

    internal void QueueDirty(Vehicle v) => _dirty.Enqueue(v);

    /// <summary>Marks a vehicle changed outside of a report (came online, went offline, got a path).</summary>
    public void Touch(Vehicle v)
    {
        if (v.MarkDirty()) _dirty.Enqueue(v);
    }

    /// <summary>Takes the vehicles changed since the last call; their dirty marks are cleared.</summary>
    public int DrainDirty(List<Vehicle> into, int max = int.MaxValue)
    {
        int n = 0;
        while (n < max && _dirty.TryDequeue(out var v))
        {
            v.ClearDirty();
            into.Add(v);
            n++;
        }
        if (n > 0) Changed();
        return n;
    }

    public Dictionary<string, int> CountByState() =>
        _bySerial.Values.Select(v => v.Snapshot().StateName).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
}
