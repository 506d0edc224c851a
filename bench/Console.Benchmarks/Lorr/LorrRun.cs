using System.Diagnostics;
using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Benchmarks.Lorr;

/// <summary>What one run of an instance gave.</summary>
public sealed record LorrResult(
    string Instance, int Agents, int Timesteps, int Errands, int? BestKnown, double P50Ms, double P99Ms, double MaxMs,
    int StuckAgents, int LongestOpenTask, int AgentsWithoutErrand, string? Invalid, double WallSeconds)
{
    public string Row() =>
        $"| {Instance} | {Agents} | {Timesteps} | {Errands} | {(BestKnown is { } b ? $"{b} ({100.0 * Errands / b:0.0} %)" : "–")} | {P50Ms:0.00} / {P99Ms:0.00} / {MaxMs:0.00} | {StuckAgents} | {LongestOpenTask} | {(Invalid is null ? "valid" : "INVALID: " + Invalid)} | {WallSeconds:0} s |";
}

/// <summary>
/// Runs the traffic kernel's planner on a League of Robot Runners instance at the competition's
/// time step, with its action model (MAPF_T): each timestep every agent moves one cell forward,
/// turns 90° on the spot or waits. The planner plans places (cells) in steps; its executor turns
/// each agent's next planned move into actions: turn until facing the next cell, then move when
/// the move passes the execution rule (every earlier conflicting move is done; a follower may
/// enter a cell its leader leaves in the same timestep, as the rules allow). Every timestep is
/// checked independently of the planner (legal actions, no two agents in one cell, no swaps);
/// errands are counted as the rules count them (an agent standing on its task's cell at the end
/// of a timestep finishes it and gets its next task at once).
/// </summary>
public static class LorrRun
{
    private static readonly int[] Dc = [1, 0, -1, 0], Dr = [0, 1, 0, -1]; // east, south, west, north

    public static LorrResult Run(LorrInstance inst, int lookahead, bool replan, Action<string>? log = null)
    {
        var wall = Stopwatch.StartNew();
        int w = inst.Width, n = inst.TeamSize;
        int against = int.Parse(Environment.GetEnvironmentVariable("LORR_GUIDE") ?? "0");
        // Guidance (highways): rows alternate a preferred direction east/west, columns south/north; going against costs more.
        Func<int, int, int>? guide = against == 0 ? null : (from, to) =>
        {
            int d = to - from;
            bool ok = d == 1 ? from / w % 2 == 0 : d == -1 ? from / w % 2 == 1 : d == w ? from % w % 2 == 0 : from % w % 2 == 1;
            return ok ? 10 : 10 + against;
        };
        var graph = KernelGraph.Grid(w, inst.Height, (c, r) => inst.Free[r * w + c], cost: guide);
        var planner = new LifelongPlanner(graph, maxRadiusMm: 499, distanceCache: Math.Max(2048, 2 * n)) { Lookahead = lookahead, ClearGoalOnArrival = !replan };
        var rotation = new RotationCost(graph, n);
        planner.Planner.Cost = rotation;
        var pos = inst.Starts.ToArray();
        var facing = new int[n];
        var taskIndex = new int[n];
        var openSince = new int[n];
        var errandsOf = new int[n];
        for (int a = 0; a < n; a++)
        {
            planner.AddAgent(graph.PlaceOf((uint)pos[a]), 499);
            taskIndex[a] = a;
        }
        for (int a = 0; a < n; a++) planner.SetGoal(a, graph.PlaceOf((uint)inst.Tasks[taskIndex[a]]));
        rotation.Dist = planner.Agents.Dist;

        var times = new double[inst.Timesteps];
        var sw = new Stopwatch();
        var action = new char[n];
        var turnTo = new int[n];
        var order = new int[n];
        var keys = new long[n];
        var occupied = new int[inst.Free.Length];
        var movedFrom = new int[inst.Free.Length];
        Array.Fill(occupied, -1);
        Array.Fill(movedFrom, -1);
        int errands = 0, longestOpen = 0;
        long statF = 0, statRot = 0, statPlanned = 0;
        string? invalid = null;
        for (int t = 0; t < inst.Timesteps && invalid is null; t++)
        {
            sw.Restart();
            if (replan)
            {
                // Plan each timestep afresh from where the agents stand: what was not executed is forgotten.
                planner.Book.DropAllUngranted();
                for (int a = 0; a < n; a++) planner.Agents.Cur[a] = graph.PlaceOf((uint)pos[a]);
            }
            for (int a = 0; a < n; a++) rotation.PlannedHeading[a] = planner.Book.Pending(a) > 0 ? rotation.PlannedHeading[a] : facing[a];
            planner.Step();
            foreach (var (a, arc) in planner.Planner.Moves) rotation.PlannedHeading[a] = rotation.Direction(arc);
            // Execute: agents by the execution order of their next move, so a leader moves before its follower.
            for (int a = 0; a < n; a++) { order[a] = a; keys[a] = planner.Book.NextOrder(a); }
            Array.Sort(keys, order);
            for (int i = 0; i < n; i++)
            {
                int a = order[i];
                action[a] = 'W';
                if (keys[i] == long.MaxValue) continue;
                int arc = planner.Book.PendingArc(a, 0);
                int dir = rotation.Direction(arc);
                if (dir != facing[a]) action[a] = ((dir - facing[a] + 4) % 4) == 3 ? 'C' : 'R';
                else if (planner.Book.Grant(a, 1, out _) == 1)
                {
                    action[a] = 'F';
                    planner.Book.Done(a, 1);
                }
            }
            times[t] = sw.Elapsed.TotalMilliseconds;
            statF += action.Count(c => c == 'F'); statRot += action.Count(c => c is 'R' or 'C'); statPlanned += planner.Planner.Moves.Count;
            if (Environment.GetEnvironmentVariable("LORR_DEBUG") is not null && t % 20 == 0)
            {
                int fw = action.Count(c => c == 'F'), rot = action.Count(c => c is 'R' or 'C'), pend = Enumerable.Range(0, n).Sum(a => planner.Book.Pending(a));
                Console.Error.WriteLine($"t={t} planned={planner.Planner.Moves.Count} F={fw} rot={rot} pending={pend} goals={Enumerable.Range(0, n).Count(a => planner.Goal(a) >= 0)}");
            }

            invalid = Apply(inst, pos, facing, action, occupied, movedFrom, graph, planner, t);
            if (invalid is not null) break;

            sw.Restart();
            for (int a = 0; a < n; a++)
            {
                if (pos[a] != inst.Tasks[taskIndex[a]]) continue;
                errands++;
                errandsOf[a]++;
                longestOpen = Math.Max(longestOpen, t + 1 - openSince[a]);
                openSince[a] = t + 1;
                taskIndex[a] += n;
                if (taskIndex[a] >= inst.Tasks.Length) taskIndex[a] %= n; // the file's tasks are used up: start over
                planner.SetGoal(a, graph.PlaceOf((uint)inst.Tasks[taskIndex[a]]));
            }
            times[t] += sw.Elapsed.TotalMilliseconds;
            if (log is not null && (t + 1) % 100 == 0) log($"{inst.Name}: t={t + 1} errands={errands} last step {times[t]:0.0} ms");
        }
        int end = inst.Timesteps;
        if (log is not null) log($"per step: planned {statPlanned / (double)end:0.0} forward {statF / (double)end:0.0} turning {statRot / (double)end:0.0} of {n}");
        int stuck = 0;
        for (int a = 0; a < n; a++)
        {
            longestOpen = Math.Max(longestOpen, end - openSince[a]);
            if (end - openSince[a] > end / 2) stuck++;
        }
        if (Environment.GetEnvironmentVariable("LORR_DEBUG") is not null)
            for (int a = 0; a < n; a++)
                if (end - openSince[a] > end / 2)
                {
                    int goal = graph.PlaceOf((uint)inst.Tasks[taskIndex[a]]);
                    int here = graph.PlaceOf((uint)pos[a]);
                    var d = planner.Distances.To(goal, 0, 0, null);
                    int ww = planner.Book.WaitsFor(a);
                    Console.Error.WriteLine($"stuck {a}: nextArc {(planner.Book.Pending(a) > 0 ? graph.SiteId(graph.OutTo[planner.Book.PendingArc(a, 0)]) : -1)} order {planner.Book.NextOrder(a)} waitsFor {ww} at {pos[a]} facing {facing[a]} goal {inst.Tasks[taskIndex[a]]} dist {d[here]} pending {planner.Book.Pending(a)} planGoal {planner.Goal(a)} frontier {graph.SiteId(planner.Agents.Cur[a])} mode {planner.Agents.Mode[a]} prio {planner.Priority(a):0.0} wanted {(planner.Planner.Wanted[a] >= 0 ? graph.SiteId(planner.Planner.Wanted[a]) : -1)} by {planner.Planner.HeldBackBy[a]}");
                }
        var sorted = times.OrderBy(x => x).ToArray();
        return new LorrResult(inst.Name, n, inst.Timesteps, errands, inst.BestKnown, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1],
            stuck, longestOpen, errandsOf.Count(e => e == 0), invalid, wall.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The planner on the grid's states (cell, heading): a quarter turn is a move within a cell, so each
    /// planned step is exactly one timestep of the rules and is executed as planned.
    /// </summary>
    public static LorrResult RunStates(LorrInstance inst, Action<string>? log = null)
    {
        var wall = Stopwatch.StartNew();
        int w = inst.Width, n = inst.TeamSize;
        var cellIndex = new int[inst.Free.Length];
        Array.Fill(cellIndex, -1);
        var cells = new List<int>();
        for (int c = 0; c < inst.Free.Length; c++) if (inst.Free[c]) { cellIndex[c] = cells.Count; cells.Add(c); }
        var spots = new List<KernelGraph.Spot[]>();
        var arcs = new List<(int, int, int)>();
        foreach (int c in cells)
            for (int h = 0; h < 4; h++)
                spots.Add([new KernelGraph.Spot((uint)(c * 4 + h), 1, c % w * 1000, (inst.Height - 1 - c / w) * 1000)]);
        for (int k = 0; k < cells.Count; k++)
        {
            int c = cells[k];
            for (int h = 0; h < 4; h++)
            {
                int s = k * 4 + h;
                arcs.Add((s, k * 4 + (h + 1) % 4, 1));
                arcs.Add((s, k * 4 + (h + 3) % 4, 1));
                int col = c % w + Dc[h], row = c / w + Dr[h];
                if (col >= 0 && col < w && row >= 0 && row < inst.Height && cellIndex[row * w + col] is var t and >= 0) arcs.Add((s, t * 4 + h, 1));
            }
        }
        var graph = KernelGraph.Build(spots, arcs);
        var group = new int[spots.Count];
        var members = new int[cells.Count][];
        for (int k = 0; k < cells.Count; k++)
        {
            members[k] = [k * 4, k * 4 + 1, k * 4 + 2, k * 4 + 3];
            for (int h = 0; h < 4; h++) group[k * 4 + h] = k;
        }
        var planner = new LifelongPlanner(graph, maxRadiusMm: 499, distanceCache: Math.Max(2048, 2 * n)) { Lookahead = 1, ClearGoalOnArrival = false, Group = group, Members = members };
        var pos = inst.Starts.ToArray();
        var facing = new int[n];
        var taskIndex = new int[n];
        var openSince = new int[n];
        var errandsOf = new int[n];
        for (int a = 0; a < n; a++)
        {
            planner.AddAgent(cellIndex[pos[a]] * 4, 499);
            taskIndex[a] = a;
        }
        for (int a = 0; a < n; a++) planner.SetGoal(a, cellIndex[inst.Tasks[taskIndex[a]]]);
        var times = new double[inst.Timesteps];
        var sw = new Stopwatch();
        var action = new char[n];
        var occupied = new int[inst.Free.Length];
        var movedFrom = new int[inst.Free.Length];
        Array.Fill(occupied, -1);
        Array.Fill(movedFrom, -1);
        int errands = 0, longestOpen = 0;
        string? invalid = null;
        for (int t = 0; t < inst.Timesteps && invalid is null; t++)
        {
            sw.Restart();
            planner.Step();
            Array.Fill(action, 'W');
            foreach (var (a, arc) in planner.Planner.Moves)
            {
                if (planner.Book.Grant(a, 1, out int waits) != 1) { invalid = $"t={t}: agent {a}'s planned move waits for agent {waits}"; break; }
                planner.Book.Done(a, 1);
                int from = graph.ArcFrom[arc], to = graph.OutTo[arc];
                action[a] = from / 4 != to / 4 ? 'F' : (to % 4 == (from % 4 + 1) % 4 ? 'R' : 'C');
            }
            times[t] = sw.Elapsed.TotalMilliseconds;
            if (Environment.GetEnvironmentVariable("LORR_DEBUG") is not null && t % 25 == 0)
                Console.Error.WriteLine($"t={t} moves={planner.Planner.Moves.Count} F={action.Count(c => c == 'F')} R={action.Count(c => c == 'R')} C={action.Count(c => c == 'C')} a0 at {pos[0]} f{facing[0]} goal {inst.Tasks[taskIndex[0]]} d={planner.Agents.Dist[0]?[planner.Agents.Cur[0]]} wanted {planner.Planner.Wanted[0]} by {planner.Planner.HeldBackBy[0]}");
            invalid ??= Apply(inst, pos, facing, action, occupied, movedFrom, graph, planner, t);
            if (invalid is not null) break;
            for (int a = 0; a < n; a++)
                if (cells[planner.Agents.Cur[a] / 4] != pos[a] || planner.Agents.Cur[a] % 4 != facing[a]) { invalid = $"t={t}: agent {a} is not where its plan says"; break; }
            sw.Restart();
            for (int a = 0; a < n; a++)
            {
                if (pos[a] != inst.Tasks[taskIndex[a]]) continue;
                errands++;
                errandsOf[a]++;
                longestOpen = Math.Max(longestOpen, t + 1 - openSince[a]);
                openSince[a] = t + 1;
                taskIndex[a] += n;
                if (taskIndex[a] >= inst.Tasks.Length) taskIndex[a] %= n;
                planner.SetGoal(a, cellIndex[inst.Tasks[taskIndex[a]]]);
            }
            times[t] += sw.Elapsed.TotalMilliseconds;
            if (log is not null && (t + 1) % 100 == 0) log($"{inst.Name}: t={t + 1} errands={errands} last step {times[t]:0.0} ms");
        }
        int end = inst.Timesteps, stuck = 0;
        for (int a = 0; a < n; a++)
        {
            longestOpen = Math.Max(longestOpen, end - openSince[a]);
            if (end - openSince[a] > end / 2) stuck++;
        }
        var sorted = times.OrderBy(x => x).ToArray();
        return new LorrResult(inst.Name, n, inst.Timesteps, errands, inst.BestKnown, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1],
            stuck, longestOpen, errandsOf.Count(e => e == 0), invalid, wall.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// How <see cref="RunOperations"/> plans: the planner (<see cref="OperationPlanner"/>, <see cref="RotationPibt"/>, or by
    /// the crowd: <see cref="RotationPibt"/> when the agents fill more than <see cref="CrowdedShare"/> of the free cells), the
    /// former's window, jam breaker and neighbourhoods of the given size planned again per agent and timestep (20 per agent
    /// took MR23-I-05 from 5 611 errands to 7 560, bench/README.md), the flow guidance (0, 0: none; null: each planner's own default),
    /// and the highways (<see cref="HighwayGuidance"/>: tenths of a timestep against a street, 0: no highways; and along open
    /// floor, 0: no extra, which applies only with highways).
    /// </summary>
    public sealed record OperationOptions(int Window = 3, int Restless = 8, int? ContraflowTenths = null, int? ThroughTenths = null, int? Refresh = null, string Planner = "auto", int HighwayTenths = 0, int ImprovePerAgent = 20, int Neighbourhood = 8, int FloorTenths = 0)
    {
        /// <summary>
        /// Above this share of the free cells taken by agents, PIBT on cells is used: operations of a few actions cannot
        /// hold the push chains of a crowd (MR23-I-07 at 73 %: 2 472 errands and 17 stuck agents against 3 135 and none;
        /// I-08 at 98 %: 35 against 3 517), while below it they find more (I-05 at 49 %: 5 611 against 3 946).
        /// Measured on those instances (bench/README.md), so tuned on them.
        /// </summary>
        public const double CrowdedShare = 0.6;

        public bool UsesPibt(int agents, int freeCells) => Planner == "pibt" || (Planner == "auto" && agents > CrowdedShare * freeCells);
    }

    public static LorrResult RunOperations(LorrInstance inst, OperationOptions o, Action<string>? log = null)
    {
        var wall = Stopwatch.StartNew();
        int w = inst.Width, n = inst.TeamSize;
        var graph = KernelGraph.Grid(w, inst.Height, (c, r) => inst.Free[r * w + c]);
        var distances = new DistanceTables(graph, Math.Max(1024, n + 1024));
        var neighbour = new int[graph.NodeCount * 4];
        for (int p = 0; p < graph.NodeCount; p++)
        {
            int cell = (int)graph.SiteId(p);
            for (int h = 0; h < 4; h++)
            {
                int c = cell % w + Dc[h], r = cell / w + Dr[h];
                neighbour[p * 4 + h] = c < 0 || c >= w || r < 0 || r >= inst.Height || !inst.Free[r * w + c] ? -1 : graph.PlaceOf((uint)(r * w + c));
            }
        }
        bool pibt = o.UsesPibt(n, graph.NodeCount);
        var ops = pibt ? null : new OperationPlanner(graph.NodeCount, neighbour, o.Window) { Restless = o.Restless, ImproveRounds = o.ImprovePerAgent * n, NeighbourhoodSize = o.Neighbourhood };
        ITurningPlanner planner = ops ?? (ITurningPlanner)new RotationPibt(graph.NodeCount, neighbour);
        // Guidance weights (tenths of a timestep per guide path against, and per guide path through), each planner's best in the sweeps of bench/README.md.
        int contraflow = o.ContraflowTenths ?? (pibt ? 10 : 30), through = o.ThroughTenths ?? (pibt ? 0 : 5);
        // Tables per goal (cell and heading) are kept while they fit in about 1 GiB.
        int keep = Math.Max(64, (1 << 28) / (graph.NodeCount * 4));
        // Highways (static, one table per goal) replace the flow guidance (one table per agent) when asked for.
        var highway = o.HighwayTenths > 0
            ? new HighwayGuidance(w, inst.Height, inst.Free, graph.NodeCount, neighbour, p => (int)graph.SiteId(p), o.HighwayTenths, o.FloorTenths)
            : null;
        // Both when asked for explicitly (--highway and --flow): the flows' costs on top of the highways'.
        bool both = highway is not null && o.ContraflowTenths is > 0;
        var guide = (highway is null || both) && (contraflow > 0 || through > 0) ? new FlowGuidance(graph.NodeCount, neighbour, contraflow, through, highway?.MoveCosts) : null;
        if (guide is not null) planner.DistScale = FlowGuidance.Scale;
        if (highway is not null) planner.DistScale = HighwayGuidance.Scale;
        // At most about 80 guides made again per timestep (a Dijkstra over cell and heading each): large teams refresh less often.
        // PIBT's own default is rarer (20): on MR23-I-08 every 10 timesteps gave 3 495 errands and p99 144 ms at a load of 14 on
        // 2 cores, every 20 gave 3 546 and 83 ms, never (only a new goal's) 3 418 and 17 ms; on I-07 3 135, 2 908 and 2 792.
        int refreshEvery = o.Refresh ?? (pibt ? 20 : 5);
        int refresh = refreshEvery <= 0 ? 0 : Math.Max(refreshEvery, (n + 79) / 80);
        string planning = pibt ? "RotationPibt" : $"OperationPlanner, {o.ImprovePerAgent} neighbourhoods of {o.Neighbourhood} per agent planned again";
        string flows = $"flow guidance {contraflow / 10.0:0.0} / {through / 10.0:0.0}, remade every {refresh} timesteps";
        string guidance = string.Join(", ", new[] { highway is null ? null : $"highways, {o.HighwayTenths / 10.0:0.0} against, {o.FloorTenths / 10.0:0.0} along open floor", guide is null ? null : flows }.OfType<string>());
        log?.Invoke($"{inst.Name}: {planning}, {(guidance.Length > 0 ? guidance : "no guidance")}");
        // Without guidance: rotation-exact tables (cell and heading) unless LORR_CELLDIST is set.
        bool stateDist = Environment.GetEnvironmentVariable("LORR_CELLDIST") is null;
        var stateTables = new Dictionary<int, int[]>();
        int[] DistTo(int goal)
        {
            if (highway is null && !stateDist) return distances.To(goal, 0, 0, null);
            if (stateTables.TryGetValue(goal, out var table)) return table;
            if (stateTables.Count >= keep) stateTables.Clear();
            return stateTables[goal] = highway?.Table(goal) ?? HeadingDistances.To(goal, graph.NodeCount, neighbour);
        }
        var pos = inst.Starts.ToArray();
        var facing = new int[n];
        var taskIndex = new int[n];
        var openSince = new int[n];
        var errandsOf = new int[n];
        var since = new int[n];
        for (int a = 0; a < n; a++)
        {
            planner.Add(graph.PlaceOf((uint)pos[a]), 0);
            taskIndex[a] = a;
            planner.Distances[a] = guide?.TableFor(a, graph.PlaceOf((uint)inst.Tasks[a]), planner.Cells[a], planner.Headings[a]) ?? DistTo(graph.PlaceOf((uint)inst.Tasks[a]));
        }
        var times = new double[inst.Timesteps];
        var sw = new Stopwatch();
        var action = new char[n];
        var occupied = new int[inst.Free.Length];
        var movedFrom = new int[inst.Free.Length];
        Array.Fill(occupied, -1);
        Array.Fill(movedFrom, -1);
        int errands = 0, longestOpen = 0;
        long statF = 0, statTurn = 0, statWait = 0;
        // LORR_TRACE=a,b,…: where those agents are every 5 timesteps (how the band in front of I-10's stations was found).
        var trace = Environment.GetEnvironmentVariable("LORR_TRACE")?.Split(',').Select(int.Parse).Where(a => a >= 0 && a < n).ToArray();
        // An agent's estimate to its goal, as its table is indexed (per cell and heading; per cell with LORR_CELLDIST and no highways).
        long Estimate(int a) => planner.Distances[a] is not { } d ? -1 : highway is null && !stateDist ? d[planner.Cells[a]] : d[planner.Cells[a] * 4 + planner.Headings[a]];
        string? invalid = null;
        for (int t = 0; t < inst.Timesteps && invalid is null; t++)
        {
            sw.Restart();
            for (int a = 0; a < n; a++) planner.Priorities[a] = t - since[a] + (uint)(a * 2654435761u) / 4294967296.0;
            // Guide paths made again now and then (each agent every refresh steps, staggered): the flows they were made against have changed.
            if (guide is not null && refresh > 0)
                for (int a = t % refresh; a < n; a += refresh)
                    planner.Distances[a] = guide.TableFor(a, graph.PlaceOf((uint)inst.Tasks[taskIndex[a]]), planner.Cells[a], planner.Headings[a]);
            if (ops is not null && Environment.GetEnvironmentVariable("LORR_DEBUG") is not null && t == 200)
            {
                ops.TraceAgent = Enumerable.Range(0, n).MaxBy(a => planner.Priorities[a]);
                ops.Trace = line => Console.Error.WriteLine("  trace: " + line);
            }
            else if (ops is not null) ops.Trace = null;
            planner.Plan();
            if (planner is RotationPibt rp && Environment.GetEnvironmentVariable("LORR_CHAIN") is { } chainAt && t >= int.Parse(chainAt) && t < int.Parse(chainAt) + 8)
            {
                int top = Enumerable.Range(0, n).MaxBy(a => planner.Priorities[a]);
                var sb = new System.Text.StringBuilder($"t={t} chain:");
                var occ = new Dictionary<int, int>();
                for (int a = 0; a < n; a++) occ[planner.Cells[a]] = a;
                for (int a = top, guard = 0; a >= 0 && guard < 20; guard++)
                {
                    sb.Append($" [{a} @{graph.SiteId(planner.Cells[a])} h{planner.Headings[a]} -> {graph.SiteId(rp.Next(a))} pr{planner.Priorities[a]:0}]");
                    if (rp.Next(a) == planner.Cells[a]) break;
                    a = occ.TryGetValue(rp.Next(a), out int b) ? b : -1;
                }
                Console.Error.WriteLine(sb);
            }
            for (int a = 0; a < n; a++)
            {
                int cellBefore = planner.Cells[a], headingBefore = planner.Headings[a];
                action[a] = planner.Execute(a) switch { TurningActions.Forward => 'F', TurningActions.Right => 'R', TurningActions.Left => 'C', _ => 'W' };
                if (action[a] == 'F') guide?.Drove(a, cellBefore, headingBefore);
            }
            times[t] = sw.Elapsed.TotalMilliseconds;
            foreach (char c in action) { if (c == 'F') statF++; else if (c == 'W') statWait++; else statTurn++; }
            if (Environment.GetEnvironmentVariable("LORR_DEBUG") is not null && t % 50 == 0)
            {
                int top = Enumerable.Range(0, n).MaxBy(a => planner.Priorities[a]);
                Console.Error.WriteLine($"t={t} F={action.Count(c => c == 'F')} R={action.Count(c => c == 'R')} C={action.Count(c => c == 'C')} W={action.Count(c => c == 'W')} top {top} prio {planner.Priorities[top]:0} at {pos[top]} f{facing[top]} goal {inst.Tasks[taskIndex[top]]} d={Estimate(top)} act {action[top]}");
                DrawAround(inst, pos, facing, taskIndex, top, 3, 5, null);
            }
            if (trace is not null && t % 5 == 0)
                foreach (int a in trace)
                    Console.Error.WriteLine($"trace t={t} agent {a}: at {pos[a]} facing {facing[a]} action {action[a]} goal {inst.Tasks[taskIndex[a]]} estimate {Estimate(a)} open {t - openSince[a]}");
            invalid = Apply(inst, pos, facing, action, occupied, movedFrom, graph, null!, t);
            if (invalid is not null) break;
            for (int a = 0; a < n; a++)
                if (graph.SiteId(planner.Cells[a]) != pos[a] || planner.Headings[a] != facing[a]) { invalid = $"t={t}: agent {a} is not where the planner thinks"; break; }
            sw.Restart();
            for (int a = 0; a < n; a++)
            {
                if (pos[a] != inst.Tasks[taskIndex[a]]) continue;
                errands++;
                errandsOf[a]++;
                longestOpen = Math.Max(longestOpen, t + 1 - openSince[a]);
                openSince[a] = since[a] = t + 1;
                taskIndex[a] += n;
                if (taskIndex[a] >= inst.Tasks.Length) taskIndex[a] %= n;
                planner.Distances[a] = guide?.TableFor(a, graph.PlaceOf((uint)inst.Tasks[taskIndex[a]]), planner.Cells[a], planner.Headings[a]) ?? DistTo(graph.PlaceOf((uint)inst.Tasks[taskIndex[a]]));
            }
            times[t] += sw.Elapsed.TotalMilliseconds;
            if (log is not null && (t + 1) % 100 == 0) log($"{inst.Name}: t={t + 1} errands={errands} last step {times[t]:0.0} ms");
        }
        if (log is not null) log($"per step of {n} agents: forward {statF / (double)inst.Timesteps:0.0}, turning {statTurn / (double)inst.Timesteps:0.0}, waiting {statWait / (double)inst.Timesteps:0.0}");
        if (Environment.GetEnvironmentVariable("LORR_DEBUG") is not null)
            for (int a = 0; a < n; a++)
                if (inst.Timesteps - openSince[a] > inst.Timesteps / 2)
                {
                    Console.Error.WriteLine($"stuck {a}: at {pos[a]} facing {facing[a]} goal {inst.Tasks[taskIndex[a]]} open since {openSince[a]} errands {errandsOf[a]} estimate {Estimate(a)}");
                    DrawAround(inst, pos, facing, taskIndex, a, 4, 8, ag => inst.Timesteps - openSince[ag]);
                }
        int end = inst.Timesteps, stuck = 0;
        for (int a = 0; a < n; a++)
        {
            longestOpen = Math.Max(longestOpen, end - openSince[a]);
            if (end - openSince[a] > end / 2) stuck++;
        }
        var sorted = times.OrderBy(x => x).ToArray();
        return new LorrResult(inst.Name, n, inst.Timesteps, errands, inst.BestKnown, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1],
            stuck, longestOpen, errandsOf.Count(e => e == 0), invalid, wall.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// LORR_DEBUG: the cells around an agent (walls @, the agent by its heading in capitals, its goal G, others by
    /// heading, * for one on its own goal) and, when asked, beside them each agent's figure (how long its task is open).
    /// </summary>
    private static void DrawAround(LorrInstance inst, int[] pos, int[] facing, int[] taskIndex, int a, int rows, int cols, Func<int, int>? figure)
    {
        int w = inst.Width, pr = pos[a] / w, pc = pos[a] % w, goal = inst.Tasks[taskIndex[a]];
        int left = Math.Max(0, pc - cols), right = Math.Min(w - 1, pc + cols);
        for (int r = Math.Max(0, pr - rows); r <= Math.Min(inst.Height - 1, pr + rows + (figure is null ? 0 : 2)); r++)
        {
            var sb = new System.Text.StringBuilder("   ");
            for (int c = left; c <= right; c++)
            {
                int cell = r * w + c, ag = Array.IndexOf(pos, cell);
                sb.Append(!inst.Free[cell] ? '@' : cell == pos[a] ? "ESWN"[facing[a]] : cell == goal ? 'G'
                    : ag < 0 ? '.' : inst.Tasks[taskIndex[ag]] == cell ? '*' : "eswn"[facing[ag]]);
            }
            if (figure is not null)
            {
                sb.Append("   ");
                for (int c = left; c <= right; c++)
                    sb.Append(Array.IndexOf(pos, r * w + c) is var ag and >= 0 ? $"{Math.Min(9999, figure(ag)),5}" : "    .");
            }
            Console.Error.WriteLine(sb);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Checks and applies one timestep's actions; returns why they are invalid, or null.</summary>
    private static string? Apply(LorrInstance inst, int[] pos, int[] facing, char[] action, int[] occupied, int[] movedFrom, KernelGraph graph, LifelongPlanner planner, int t)
    {
        int w = inst.Width, n = pos.Length;
        var next = new int[n];
        for (int a = 0; a < n; a++)
        {
            next[a] = pos[a];
            switch (action[a])
            {
                case 'F':
                    int c = pos[a] % w + Dc[facing[a]], r = pos[a] / w + Dr[facing[a]];
                    if (c < 0 || c >= w || r < 0 || r >= inst.Height || !inst.Free[r * w + c]) return $"t={t}: agent {a} moves forward into a wall from {pos[a]}";
                    next[a] = r * w + c;
                    break;
                case 'R': facing[a] = (facing[a] + 1) % 4; break;
                case 'C': facing[a] = (facing[a] + 3) % 4; break;
                case 'W': break;
                default: return $"t={t}: agent {a} has no action";
            }
        }
        string? error = null;
        for (int a = 0; a < n && error is null; a++)
        {
            if (occupied[next[a]] >= 0) error = $"t={t}: agents {occupied[next[a]]} and {a} both end in cell {next[a]}";
            occupied[next[a]] = a;
            if (next[a] != pos[a]) movedFrom[pos[a]] = a;
        }
        for (int a = 0; a < n && error is null; a++)
            if (next[a] != pos[a] && movedFrom[next[a]] is int b and >= 0 && next[b] == pos[a]) error = $"t={t}: agents {a} and {b} swap cells {pos[a]} and {next[a]}";
        for (int a = 0; a < n; a++) { occupied[next[a]] = -1; movedFrom[pos[a]] = -1; }
        if (error is not null) return error;
        Array.Copy(next, pos, n);
        return null;
    }

    /// <summary>Turning costs a timestep per quarter turn: a move that keeps the agent's heading is preferred among equals.</summary>
    private sealed class RotationCost(KernelGraph graph, int agents) : IMoveCost
    {
        public readonly int[] PlannedHeading = new int[agents];

        public int Direction(int arc)
        {
            int from = (int)graph.SiteId(graph.ArcFrom[arc]), to = (int)graph.SiteId(graph.OutTo[arc]);
            return (to - from) switch { 1 => 0, -1 => 2, _ => to > from ? 1 : 3 };
        }

        public int[]?[] Dist = [];

        private static int Turn(int from, int to) { int t = (to - from + 4) % 4; return t == 0 ? 0 : t == 2 ? 2 : 1; }

        /// <summary>Quarter turns before this move, plus the fewest turns needed right after it to go on toward the goal.</summary>
        private readonly int unit = graph.UnitCosts ? 1 : 10;

        public int Extra(int agent, int arc)
        {
            int d = Direction(arc);
            int turn = Turn(PlannedHeading[agent], d);
            var dist = Dist[agent];
            if (dist is null) return turn * unit;
            int v = graph.OutTo[arc];
            if (dist[v] == 0) return turn * unit;
            int next = 2;
            for (int b = graph.OutStart[v]; b < graph.OutStart[v + 1]; b++)
                if (dist[graph.OutTo[b]] == dist[v] - graph.ArcCostMs[b]) next = Math.Min(next, Turn(d, Direction(b)));
            return (turn + next) * unit;
        }
    }
}
