using System.Text.Json;

namespace AgvConsole.Benchmarks.Lorr;

/// <summary>
/// One League of Robot Runners 2023 instance (../shared/benchmarks/lorr2023/README.md): a
/// MovingAI grid map, the agents' start cells, and the task list handed out round-robin. The
/// simulation length and the best-known errand counts are not in the files: they are the
/// README's table, kept here.
/// </summary>
public sealed record LorrInstance(string Name, int Width, int Height, bool[] Free, int[] Starts, int[] Tasks, int Timesteps, int? BestKnown, string? BestTeam)
{
    public int TeamSize => Starts.Length;

    /// <summary>The README's table: simulation length and the best result published.</summary>
    public static readonly IReadOnlyDictionary<string, (int Timesteps, int Best, string Team)> Known = new Dictionary<string, (int, int, string)>
    {
        ["MR23-I-03"] = (500, 3042, "Shadoks"),
        ["MR23-I-04"] = (500, 1741, "Shadoks"),
        ["MR23-I-05"] = (1000, 7432, "Pikachu"),
        ["MR23-I-07"] = (1000, 5914, "Pikachu"),
        ["MR23-I-08"] = (2000, 6059, "Shadoks"),
        ["MR23-I-10"] = (5000, 194677, "Shadoks"),
    };

    /// <summary>
    /// Options beyond the defaults that an instance's figures in bench/README.md were recorded with (<c>lorr all</c>
    /// uses them): the warehouse needs highways whose open floor costs more to drive along, and one neighbourhood per
    /// agent and timestep instead of 20 (10 000 agents).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Recorded = new Dictionary<string, string>
    {
        ["MR23-I-10"] = "--planner ops --improve 1 --highway 80 --floor 20",
    };

    public static LorrInstance Load(string jsonPath, int? timesteps = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(jsonPath))!;
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var root = doc.RootElement;
        string Rel(string key) => Path.Combine(dir, root.GetProperty(key).GetString()!);
        var name = Path.GetFileNameWithoutExtension(jsonPath);
        var (width, height, free) = ReadMap(Rel("mapFile"));
        int team = root.GetProperty("teamSize").GetInt32();
        var starts = ReadList(Rel("agentFile")).Take(team).ToArray();
        var tasks = ReadList(Rel("taskFile")).ToArray();
        if (root.TryGetProperty("taskAssignmentStrategy", out var strategy) && strategy.GetString() != "roundrobin")
            throw new NotSupportedException($"{name}: only round-robin task assignment is supported, not {strategy.GetString()}");
        if (starts.Length != team) throw new InvalidDataException($"{name}: {starts.Length} start cells for a team of {team}");
        foreach (var c in starts.Concat(tasks))
            if (c < 0 || c >= free.Length || !free[c]) throw new InvalidDataException($"{name}: cell {c} is not a free cell of the map");
        var known = Known.TryGetValue(name, out var k) ? k : ((int, int, string)?)null;
        int steps = timesteps ?? known?.Item1 ?? throw new InvalidDataException($"{name}: simulation length unknown; pass --steps");
        return new LorrInstance(name, width, height, free, starts, tasks, steps, known?.Item2, known?.Item3);
    }

    private static (int Width, int Height, bool[] Free) ReadMap(string path)
    {
        var lines = File.ReadAllLines(path);
        int height = 0, width = 0, i = 0;
        for (; i < lines.Length && lines[i].Trim() != "map"; i++)
        {
            var parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "height") height = int.Parse(parts[1]);
            if (parts.Length == 2 && parts[0] == "width") width = int.Parse(parts[1]);
        }
        var free = new bool[width * height];
        for (int r = 0; r < height; r++)
        {
            var row = lines[i + 1 + r];
            for (int c = 0; c < width; c++) free[r * width + c] = row[c] is '.' or 'E' or 'S' or 'G';
        }
        return (width, height, free);
    }

    private static IEnumerable<int> ReadList(string path)
    {
        var lines = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0);
        return lines.Skip(1).Select(int.Parse);
    }
}
