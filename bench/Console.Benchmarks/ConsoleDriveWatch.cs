using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Simulation;

namespace AgvConsole.Benchmarks;

/// <summary>
/// The simulator's side of <c>console-drive</c>: every <see cref="Period"/> it reads every simulated AGV's
/// true pose (not what the console was told) and checks that no two footprints on the same map overlap
/// (oriented rectangles, separating-axis test, candidates from a spatial hash). It also remembers when
/// each AGV last reached a new node, which is how the harness tells an order that is progressing from one that is stuck.
/// </summary>
internal sealed class ConsoleDriveWatch(IReadOnlyList<SimulatedAgv> agvs)
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private const int CellMm = 3000; // larger than any footprint's half-diagonal, so overlapping AGVs are in neighbouring cells

    private readonly Dictionary<string, (uint Node, DateTime Since)> _lastNode = new();
    private readonly HashSet<(int, int)> _overlapping = new();
    public readonly List<string> Overlaps = new();
    public long Samples, OverlapEvents, MovingSamples;
    public double LongestSampleMs;

    /// <summary>When the AGV last reported a node other than the one before; DateTime.MinValue if unknown.</summary>
    public DateTime LastNewNode(string serial)
    {
        lock (_lastNode) return _lastNode.TryGetValue(serial, out var x) ? x.Since : DateTime.MinValue;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                Sample();
        }
        catch (OperationCanceledException) { }
    }

    private void Sample()
    {
        var started = DateTime.UtcNow;
        int n = agvs.Count;
        var states = new State[n];
        for (int i = 0; i < n; i++) states[i] = agvs[i].Peek();
        lock (_lastNode)
            for (int i = 0; i < n; i++)
            {
                var serial = agvs[i].Serial;
                if (!_lastNode.TryGetValue(serial, out var last) || last.Node != states[i].LastNodeId)
                    _lastNode[serial] = (states[i].LastNodeId, started);
                if (states[i].AgvState == AgvState.Moving) MovingSamples++;
            }

        var cells = new Dictionary<(uint Map, int X, int Y), List<int>>();
        for (int i = 0; i < n; i++)
        {
            var key = (states[i].MapId, Floor(states[i].Pose.X), Floor(states[i].Pose.Y));
            if (!cells.TryGetValue(key, out var list)) cells[key] = list = [];
            list.Add(i);
        }
        var now = new HashSet<(int, int)>();
        for (int i = 0; i < n; i++)
        {
            var (map, cx, cy) = (states[i].MapId, Floor(states[i].Pose.X), Floor(states[i].Pose.Y));
            for (int dx = -1; dx <= 1; dx++)
                for (int dy = -1; dy <= 1; dy++)
                {
                    if (!cells.TryGetValue((map, cx + dx, cy + dy), out var others)) continue;
                    foreach (int j in others)
                        if (j > i && Overlap(Corners(states[i].Pose, agvs[i].Options), Corners(states[j].Pose, agvs[j].Options)))
                            now.Add((i, j));
                }
        }
        foreach (var pair in now)
            if (!_overlapping.Contains(pair))
            {
                // A new overlap (one that lasts several samples counts once).
                OverlapEvents++;
                var (a, b) = pair;
                if (Overlaps.Count < 20)
                    Overlaps.Add($"{started:HH:mm:ss.fff} {agvs[a].Serial} at {states[a].Pose} last node {states[a].LastNodeId} {states[a].AgvState} and " +
                                 $"{agvs[b].Serial} at {states[b].Pose} last node {states[b].LastNodeId} {states[b].AgvState}");
            }
        _overlapping.Clear();
        _overlapping.UnionWith(now);
        Samples++;
        LongestSampleMs = Math.Max(LongestSampleMs, (DateTime.UtcNow - started).TotalMilliseconds);
    }

    private static int Floor(int mm) => (int)Math.Floor(mm / (double)CellMm);

    private static (double X, double Y)[] Corners(Pose p, SimulatedAgvOptions o)
    {
        double t = p.Theta / 1000.0, c = Math.Cos(t), s = Math.Sin(t), hl = o.LengthMm / 2.0, hw = o.WidthMm / 2.0;
        return [(p.X + hl * c - hw * s, p.Y + hl * s + hw * c), (p.X - hl * c - hw * s, p.Y - hl * s + hw * c),
                (p.X - hl * c + hw * s, p.Y - hl * s - hw * c), (p.X + hl * c + hw * s, p.Y + hl * s - hw * c)];
    }

    /// <summary>Separating-axis test of two rectangles (touching edges do not count).</summary>
    private static bool Overlap((double X, double Y)[] pa, (double X, double Y)[] pb)
    {
        foreach (var poly in new[] { pa, pb })
            for (int i = 0; i < 4; i++)
            {
                var (x1, y1) = poly[i];
                var (x2, y2) = poly[(i + 1) % 4];
                double nx = y2 - y1, ny = x1 - x2;
                double minA = double.MaxValue, maxA = double.MinValue, minB = double.MaxValue, maxB = double.MinValue;
                foreach (var (x, y) in pa) { double d = x * nx + y * ny; minA = Math.Min(minA, d); maxA = Math.Max(maxA, d); }
                foreach (var (x, y) in pb) { double d = x * nx + y * ny; minB = Math.Min(minB, d); maxB = Math.Max(maxB, d); }
                if (maxA <= minB || maxB <= minA) return false;
            }
        return true;
    }
}
