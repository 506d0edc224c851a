using AgvConsole.Fleet.Maps;

namespace AgvConsole.Fleet.Traffic.Kernel;

/// <summary>
/// The traffic kernel: the single owner of all traffic state (who stands where, goals, the plan,
/// what each AGV was granted, waits, obstacles, spaces). It is driven by values through
/// <see cref="Step"/>, one at a time, and answers with values; it does no I/O, takes no locks and
/// reads no clock (time comes with <see cref="Tick"/>), so given the same inputs it gives the same
/// outputs. A channel and one thread in front of it are all the console needs.
///
/// <para><b>Method.</b> A lifelong plan by PIBT with dynamic priorities (<see cref="LifelongPlanner"/>,
/// <see cref="StepPlanner"/>): in each planning step every AGV stays or moves one place; the AGV that
/// has waited longest for its goal goes first and pushes the ones in its way aside (an AGV with no
/// goal is content anywhere); conflicts come from footprints; no rotations. Sections keep traffic
/// out of jams PIBT cannot undo (one-lane aisles, dead ends, lifts; <see cref="SectionRules"/>).
/// Execution is by the plan's order (<see cref="MoveBook"/>): an AGV is granted a move only when
/// every AGV planned through that place before it has reported leaving, up to
/// <see cref="KernelOptions.Lookahead"/> moves ahead of its last report.</para>
///
/// <para><b>Guarantee</b> (docs/traffic.md gives the argument). Always: two AGVs that drive only what
/// they are granted and report the nodes they pass are never closer than their radii
/// (half-diagonal plus margin; two that stand nearer than that, as they joined, are never planned
/// nearer and may drive apart), and no set of AGVs waits for each other in a cycle, whatever their
/// speeds, stops and report rates. Progress: every AGV with a goal reaches it in finite time if its
/// goal is reachable past AGVs standing still for their own reasons (otherwise <see cref="Unreachable"/>
/// is reported), every AGV completes what it is granted in finite time, and the map meets the
/// conditions <see cref="MapAnalysis"/> checks (strongly connected; fewer AGVs than the places where
/// the push argument holds; see there).</para>
/// </summary>
public sealed partial class TrafficKernel
{
    private readonly KernelOptions _o;
    private readonly KernelGraph _g;
    private readonly LifelongPlanner _p;
    private readonly Dictionary<string, int> _bySerial = new(StringComparer.Ordinal);
    private readonly List<Agv> _agvs = [];
    private readonly Dictionary<(int Radius, int Width), int> _classes = new();
    private readonly List<(float Radius, int Width)> _classList = [];
    private List<KernelOutput> _out = [];
    private DateTimeOffset _now;
    private bool _obstaclesChanged;
    private readonly SectionRules _rules;

    public TrafficKernel(IEnumerable<SiteMap> maps, KernelOptions? options = null)
    {
        _o = options ?? new KernelOptions();
        _g = KernelGraph.FromSite(maps);
        _p = new LifelongPlanner(_g, _o.MaxRadiusMm) { Lookahead = _o.Lookahead + 1 };
        Analysis = MapAnalysis.Of(_g);
        _rules = new SectionRules(_g, Analysis, _p);
        _p.Planner.Rules = _rules;
    }

    /// <summary>The map analysis the kernel plans with: sections, and where the map is outside the guarantee.</summary>
    public MapAnalysis Analysis { get; }

    public KernelGraph Graph => _g;

    /// <summary>One AGV as the kernel keeps it.</summary>
    private sealed class Agv(string serial, int index)
    {
        public readonly string Serial = serial;
        public readonly int Index = index;
        public Footprint Footprint;
        public int MaxSpeed;
        public bool Present;
        public int Standing = -1;          // the place it last reported
        public uint Floor;                 // the map it is on
        public StandReason? Stand;         // standing still for its own reason
        public int Goal = -1;              // place; -1 none
        public uint GoalNode;
        public bool ActionAtGoal;
        public int Priority;
        public bool HeldAtGoal;            // the plan has it at its goal, doing its action (fixed)
        public bool Busy;                  // doing its action at the goal now
        public bool GoalAnnounced;
        public uint? RideTo;               // asked to ride the lift to this map
        public bool Unreachable;
        public bool SpaceHolder;           // using a granted space: stands for the kernel
        public bool MakingWay;             // its goal is the kernel's own: out of someone's way
        public DateTimeOffset? WaitingSince;
        public (WaitReason, int, int)? WaitKey;
    }

    /// <summary>For diagnostics: what the kernel holds for an AGV.</summary>
    internal string Describe(string serial)
    {
        if (!_bySerial.TryGetValue(serial, out int i)) return "";
        var agv = _agvs[i];
        string dist = _p.Agents.Dist[i] is { } d ? string.Join(",", new[] { _p.Agents.Cur[i] }.Concat(_g.Successors(_p.Agents.Cur[i]).ToArray()).Select(q => $"{_g.SiteId(q)}:{d[q]}{(Analysis.SectionOf[q] >= 0 ? "s" + Analysis.SectionOf[q] : "")}")) : "";
        return $"footprint {agv.Footprint.LengthMm}×{agv.Footprint.WidthMm} dist {dist} unreachable {agv.Unreachable} held {agv.HeldAtGoal} busy {agv.Busy} prio {_p.Priority(i):0.0} wanted {(_p.Planner.Wanted.Length > i && _p.Planner.Wanted[i] >= 0 ? _g.SiteId(_p.Planner.Wanted[i]) : 0)} by {(_p.Planner.HeldBackBy.Length > i ? _p.Planner.HeldBackBy[i] : -1)} top {_top} stale {_topStale} searching {_search is not null} standing {_g.SiteId(agv.Standing)} frontier {_g.SiteId(_p.Agents.Cur[i])} mode {_p.Agents.Mode[i]} goal {(agv.Goal >= 0 ? _g.SiteId(agv.Goal) : 0)} plan-goal {(_p.Goal(i) >= 0 ? _g.SiteId(_p.Goal(i)) : 0)} moves {_p.Book.Describe(i)}";
    }

    /// <summary>Feeds one input; returns what the console must do or show, in order.</summary>
    public IReadOnlyList<KernelOutput> Step(KernelInput input)
    {
        _out = [];
        switch (input)
        {
            case AgvJoined j: Join(j); break;
            case AgvRemoved r: if (Find(input, r.Serial) is { } gone) Remove(gone); break;
            case Progress pr: if (Find(input, pr.Serial) is { } a1) OnProgress(a1, pr); break;
            case GoalSet gs: if (Find(input, gs.Serial) is { } a2) SetGoal(a2, gs); break;
            case GoalCancelled gc: if (Find(input, gc.Serial) is { } a3) ClearGoal(a3); break;
            case ActionFinished af: if (Find(input, af.Serial) is { } a4) FinishAction(a4); break;
            case StandingStill ss: if (Find(input, ss.Serial) is { } a5) StandStill(a5, ss.Reason); break;
            case Moving mv: if (Find(input, mv.Serial) is { } a6) MoveAgain(a6, mv); break;
            case SpaceRequested sr: if (Find(input, sr.Serial) is { } a7) RequestSpace(a7, sr); break;
            case SpaceReleased sl: if (Find(input, sl.Serial) is { } a8) ReleaseSpace(a8, sl.RequestId); break;
            case Tick t: OnTick(t.Now); break;
            default: _out.Add(new Refused(input, $"unknown input {input.GetType().Name}")); break;
        }
        if (_obstaclesChanged) Replan();
        GrantAll();
        return _out;
    }

    private Agv? Find(KernelInput input, string serial)
    {
        if (_bySerial.TryGetValue(serial, out int i) && _agvs[i].Present) return _agvs[i];
        _out.Add(new Refused(input, $"{serial} is not on the site (no AgvJoined)"));
        return null;
    }

    private int ClassOf(Footprint f)
    {
        int r = (int)Math.Ceiling(f.RadiusMm(_o.MarginMm));
        if (!_classes.TryGetValue((r, f.WidthMm), out int c))
        {
            c = _classList.Count;
            _classes[(r, f.WidthMm)] = c;
            _classList.Add((r, f.WidthMm));
            _obstaclesChanged = true; // the new class needs its blocked places
        }
        return c;
    }

    private void Join(AgvJoined j)
    {
        if (string.IsNullOrWhiteSpace(j.Serial)) { _out.Add(new Refused(j, "empty serial")); return; }
        if (!j.Footprint.Valid) { _out.Add(new Refused(j, $"{j.Serial}: footprint {j.Footprint} is not a size")); return; }
        if (j.Footprint.RadiusMm(_o.MarginMm) > _o.MaxRadiusMm)
        {
            _out.Add(new Refused(j, $"{j.Serial}: footprint {j.Footprint} needs a radius of {j.Footprint.RadiusMm(_o.MarginMm):0} mm, over the configured maximum of {_o.MaxRadiusMm:0} mm"));
            return;
        }
        int place = _g.PlaceOf(j.NodeId);
        if (place < 0) { _out.Add(new Refused(j, $"{j.Serial}: node {j.NodeId} is on no map")); return; }
        int cls = ClassOf(j.Footprint);
        float radius = (float)j.Footprint.RadiusMm(_o.MarginMm);
        Agv agv;
        if (_bySerial.TryGetValue(j.Serial, out int index))
        {
            agv = _agvs[index];
            _p.Book.Forget(index);
            _p.Agents.Radius[index] = radius;
            _p.Agents.Width[index] = j.Footprint.WidthMm;
            _p.Agents.Class[index] = cls;
            ForgetSpaces(agv);
        }
        else
        {
            index = _p.AddAgent(place, radius, j.Footprint.WidthMm, cls, Hash(j.Serial));
            agv = new Agv(j.Serial, index);
            _agvs.Add(agv);
            _bySerial[j.Serial] = index;
        }
        agv.Present = true;
        agv.Footprint = j.Footprint;
        agv.MaxSpeed = j.MaxSpeedMmS;
        agv.Standing = place;
        agv.Floor = MapOfNode(j.NodeId);
        agv.Stand = null;
        agv.Busy = agv.HeldAtGoal = false;
        agv.RideTo = null;
        _p.Agents.Cur[index] = place;
        _p.Agents.Mode[index] = AgentMode.Free;
        _obstaclesChanged = true; // the others' plans did not know it stands here
        if (agv.Goal >= 0) _p.SetGoal(index, agv.Goal, agv.Priority);
    }

    private void Remove(Agv agv)
    {
        _p.Book.Forget(agv.Index);
        _p.Agents.Mode[agv.Index] = AgentMode.Absent;
        _p.SetGoal(agv.Index, -1);
        ForgetSpaces(agv);
        agv.Present = false;
        agv.Goal = -1;
        _obstaclesChanged = true;
    }

    private static uint Hash(string s)
    {
        uint h = 2166136261;
        foreach (char c in s) h = (h ^ c) * 16777619;
        return h == 0 ? 1 : h;
    }

    private uint MapOfNode(uint nodeId)
    {
        int p = _g.PlaceOf(nodeId);
        foreach (var s in _g.Spots[p]) if (s.SiteId == nodeId) return s.MapId;
        return _g.Spots[p][0].MapId;
    }

    private void SetGoal(Agv agv, GoalSet gs)
    {
        int place = _g.PlaceOf(gs.NodeId);
        if (place < 0) { _out.Add(new Refused(gs, $"{agv.Serial}: goal node {gs.NodeId} is on no map")); return; }
        if (gs.Priority is < 0 or > 9) { _out.Add(new Refused(gs, $"{agv.Serial}: priority must be 0–9, got {gs.Priority}")); return; }
        if (agv.Busy || agv.HeldAtGoal) { _out.Add(new Refused(gs, $"{agv.Serial} is doing its action at node {agv.GoalNode}: send ActionFinished first")); return; }
        agv.Goal = place;
        agv.GoalNode = gs.NodeId;
        agv.MakingWay = false;
        agv.ActionAtGoal = gs.ActionAtGoal;
        agv.Priority = gs.Priority;
        agv.GoalAnnounced = false;
        agv.Unreachable = false;
        // An order's priority counts as that many planning steps of waiting: urgent AGVs go first, nobody waits for ever.
        _p.SetGoal(agv.Index, place, gs.Priority * 8);
        CheckReachable(agv);
        if (agv.Standing == place && _p.Book.InFlight(agv.Index) == 0)
        {
            // It stands on its goal already: no report will name that node again. Moves planned away
            // from it (pushes) are dropped, and everyone is planned again around it.
            if (_p.Book.Ungranted(agv.Index) > 0) _obstaclesChanged = true;
            Arrive(agv);
        }
    }

    private void ClearGoal(Agv agv)
    {
        agv.Goal = -1;
        agv.ActionAtGoal = false;
        agv.Unreachable = false;
        if (agv.HeldAtGoal && !agv.Busy) { agv.HeldAtGoal = false; SetMode(agv); }
        _p.SetGoal(agv.Index, -1);
        EndWait(agv);
    }

    private void FinishAction(Agv agv)
    {
        if (!agv.Busy && !agv.HeldAtGoal) return;
        agv.Busy = agv.HeldAtGoal = false;
        agv.Goal = -1;
        agv.ActionAtGoal = false;
        _p.SetGoal(agv.Index, -1);
        SetMode(agv);
    }

    /// <summary>The AGV's mode in the plan: fixed while it stands for its own reason or does its action.</summary>
    private void SetMode(Agv agv)
    {
        var mode = _p.Agents.Mode[agv.Index];
        if (mode == AgentMode.Absent) return;
        _p.Agents.Mode[agv.Index] = agv.Stand is not null || agv.Busy || agv.HeldAtGoal || agv.SpaceHolder ? AgentMode.Fixed : AgentMode.Free;
    }

    private void OnProgress(Agv agv, Progress pr)
    {
        int place = _g.PlaceOf(pr.LastNodeId);
        if (place < 0) { _out.Add(new Refused(pr, $"{agv.Serial}: node {pr.LastNodeId} is on no map")); return; }
        uint floor = MapOfNode(pr.LastNodeId);
        if (agv.RideTo is { } to && floor == to && place == agv.Standing) agv.RideTo = null; // the ride is over
        agv.Floor = floor;
        if (place == agv.Standing) return;
        int inFlight = _p.Book.InFlight(agv.Index);
        for (int i = 0; i < inFlight; i++)
        {
            if (_p.Book.GrantedTarget(agv.Index, i) != place) continue;
            _p.Book.Done(agv.Index, i + 1);
            agv.Standing = place;
            // An AGV with an action at its goal has arrived only when it stops there: moves still in flight
            // (granted before the goal was set, a push through it) take it on, and its action must not go out
            // where it passes. It is planned back once they are done. Without an action, passing is arriving.
            if (agv.Goal == place && (!agv.ActionAtGoal || _p.Book.InFlight(agv.Index) == 0))
            {
                if (agv.ActionAtGoal && _p.Book.Ungranted(agv.Index) > 0) _obstaclesChanged = true; // moves planned on from its goal are dropped
                Arrive(agv);
            }
            return;
        }
        // Not where it was sent. With nothing granted: it stands where it reports. With moves granted, it may still
        // be driving some of them (a command it took late, a person moving it): it stands for itself there and keeps
        // them, so nobody is planned into what it may still drive, until the console says it moves again (Moving,
        // once it reported idle), which forgets them.
        agv.Standing = place;
        agv.RideTo = null;
        _obstaclesChanged = true;
        if (_p.Book.InFlight(agv.Index) == 0)
        {
            _out.Add(new Refused(pr, $"{agv.Serial} reports node {pr.LastNodeId}, which is not on the path it was granted; it is taken to stand there"));
            if (agv.Goal == place) Arrive(agv);
            return;
        }
        _out.Add(new Refused(pr, $"{agv.Serial} reports node {pr.LastNodeId}, which is not on the path it was granted; it stands there for itself, keeping what it was granted, until it is idle"));
        if (agv.Stand is null)
        {
            agv.Stand = StandReason.Other;
            SetMode(agv);
            EndWait(agv);
        }
    }

    /// <summary>The AGV reported its goal.</summary>
    private void Arrive(Agv agv)
    {
        if (agv.GoalAnnounced) return;
        agv.GoalAnnounced = true;
        if (agv.MakingWay)
        {
            agv.MakingWay = false;
            agv.Goal = -1;
            _p.SetGoal(agv.Index, -1);
            EndWait(agv);
            return;
        }
        _out.Add(new GoalReached(agv.Serial, agv.GoalNode));
        EndWait(agv);
        if (agv.ActionAtGoal)
        {
            agv.Busy = true;
            SetMode(agv);
        }
        else
        {
            agv.Goal = -1;
            _p.SetGoal(agv.Index, -1);
        }
    }

    /// <summary>Sends an AGV with nothing to do to <paramref name="place"/>, out of someone's way (no order sees it).</summary>
    private void MakeWay(Agv agv, int place)
    {
        agv.Goal = place;
        agv.GoalNode = _g.SiteId(place, agv.Floor);
        agv.MakingWay = true;
        agv.ActionAtGoal = false;
        agv.Priority = 0;
        agv.GoalAnnounced = false;
        _p.SetGoal(agv.Index, place);
    }

    /// <summary>The nearest place (by moves) the AGV may stand on that passes <paramref name="wanted"/> and no other AGV stands on or was granted; -1 if none.</summary>
    private int NearestFree(Agv agv, Func<int, bool> wanted)
    {
        var taken = new HashSet<int>();
        foreach (var o in _agvs)
            if (o.Present && o != agv)
            {
                taken.Add(o.Standing);
                taken.Add(_p.Book.CommittedPlace(o.Index, o.Standing));
            }
        var seen = new bool[_g.NodeCount];
        var queue = new Queue<int>();
        queue.Enqueue(agv.Standing);
        seen[agv.Standing] = true;
        while (queue.Count > 0)
        {
            int u = queue.Dequeue();
            if (u != agv.Standing && wanted(u) && !taken.Contains(u) && Analysis.SectionOf[u] < 0) return u;
            for (int arc = _g.OutStart[u]; arc < _g.OutStart[u + 1]; arc++)
            {
                int v = _g.OutTo[arc];
                if (seen[v] || !_g.Fits(arc, agv.Footprint.WidthMm)) continue;
                seen[v] = true;
                queue.Enqueue(v);
            }
        }
        return -1;
    }

    private void StandStill(Agv agv, StandReason reason)
    {
        agv.Stand = reason;
        SetMode(agv);
        EndWait(agv);
        _obstaclesChanged = true;
    }

    private void MoveAgain(Agv agv, Moving mv)
    {
        int place = _g.PlaceOf(mv.NodeId);
        if (place < 0) { _out.Add(new Refused(mv, $"{agv.Serial}: node {mv.NodeId} is on no map")); return; }
        agv.Stand = null;
        if (place != agv.Standing || _p.Book.InFlight(agv.Index) > 0)
        {
            // Whatever it was granted is over: it starts afresh from where it stands.
            _p.Book.Forget(agv.Index);
            agv.Standing = place;
            agv.Floor = MapOfNode(mv.NodeId);
            agv.RideTo = null;
        }
        SetMode(agv);
        _obstaclesChanged = true;
        if (agv.Goal == place) Arrive(agv); // it may have got there just before it stopped reporting
    }

    private void OnTick(DateTimeOffset now)
    {
        _now = now;
        ExpireSpaces();
        ClearSections();
        Plan();
        CheckWaits();
    }

    /// <summary>
    /// AGVs with nothing to do do not stay in one-lane aisles or lift cabins, nor in a dead end another
    /// AGV needs to go into past them: they are sent to the nearest free place outside.
    /// </summary>
    private void ClearSections()
    {
        var an = Analysis;
        if (an.Data.Length == 0) return;
        HashSet<int>? wanted = null; // places inside dead ends that AGVs waiting outside need to pass or reach
        foreach (var agv in _agvs)
        {
            if (!agv.Present || agv.Goal < 0 || agv.MakingWay) continue;
            int s = an.SectionOf[agv.Goal];
            if (s < 0 || an.Data[s].Kind != SectionKind.DeadEnd) continue;
            int at = _p.Agents.Cur[agv.Index];
            wanted ??= [];
            for (int q = agv.Goal; q >= 0 && an.SectionOf[q] == s && q != at; q = an.TowardDoor[q]) wanted.Add(q);
        }
        foreach (var agv in _agvs)
        {
            if (!agv.Present || agv.Goal >= 0 || agv.Stand is not null || agv.Busy || agv.SpaceHolder || _p.Book.Pending(agv.Index) > 0) continue;
            int here = _p.Agents.Cur[agv.Index];
            int s = an.SectionOf[here];
            if (s < 0) continue;
            var kind = an.Data[s].Kind;
            if (kind == SectionKind.DeadEnd && (wanted is null || !wanted.Contains(here))) continue;
            int target = NearestFree(agv, p => an.SectionOf[p] < 0);
            if (target >= 0) MakeWay(agv, target);
        }
    }

    /// <summary>Plans steps while some AGV on its way has fewer planned moves than it may be granted.</summary>
    private void Plan()
    {
        if (_search is not null) { Search(); return; }
        for (int s = 0; s < _o.MaxPlanStepsPerTick; s++)
        {
            bool needed = false;
            foreach (var agv in _agvs)
                if (agv.Present && _p.Goal(agv.Index) >= 0 && _p.Agents.Mode[agv.Index] is AgentMode.Free or AgentMode.Lagging && _p.Book.Pending(agv.Index) < _p.Lookahead)
                {
                    needed = true;
                    break;
                }
            if (!needed) return;
            _rules.BeforeStep();
            _rules.InheritPriorities();
            _p.Step();
            AfterStep();
            if (WatchTop()) return;
            if (_p.Planner.Moves.Count == 0) return;
        }
    }

    private void AfterStep()
    {
        foreach (int a in _p.ReachedInPlan)
        {
            var agv = _agvs[a];
            if (agv.Goal < 0 || agv.Goal != _p.Agents.Cur[a] || !agv.ActionAtGoal) continue;
            agv.HeldAtGoal = true; // it will stand there for its action: nobody plans to push it away
            SetMode(agv);
        }
    }

    // The progress of the AGV with the highest priority: when it stops getting nearer its goal, the search takes over.
    private int _top = -1, _topBest, _topStale, _topAttempts;
    private CompleteSearch? _search;
    private long _searchBudget;

    /// <summary>Watches the top AGV's progress in the plan; starts the search when it has made none for a while. True when it did.</summary>
    private bool WatchTop()
    {
        int top = -1;
        double best = double.NegativeInfinity;
        foreach (var agv in _agvs)
        {
            int a = agv.Index;
            if (!agv.Present || agv.Unreachable || _p.Goal(a) < 0 || _p.Agents.Mode[a] == AgentMode.Fixed || _p.Agents.Dist[a] is null) continue;
            double pr = _p.Priority(a);
            if (pr > best) { best = pr; top = a; }
        }
        if (top < 0) { _top = -1; return false; }
        int d = _p.Agents.Dist[top]![_p.Agents.Cur[top]];
        if (top != _top || d < _topBest) { _top = top; _topBest = d; _topStale = 0; _topAttempts = 0; return false; }
        // Stuck: no nearer its goal in the plan for a number of steps in which it planned freely. Behind
        // an AGV that stands for its own reason it waits for that one (a search would not make that
        // shorter); at a closed section it waits four times as long (those inside are doing their jobs).
        int heldBy = _p.Planner.HeldBackBy.Length > top ? _p.Planner.HeldBackBy[top] : -1;
        if (heldBy >= 0 && StandsForItself(heldBy)) { _topStale = 0; return false; }
        if (_p.Agents.Mode[top] != AgentMode.Free) return false;
        _topStale++;
        if (_topStale <= _o.FallbackAfterSteps * (heldBy < 0 ? 4 : 1)) return false;
        if (SearchLog is not null)
        {
            int here = _p.Agents.Cur[top], goal = _p.Goal(top);
            string Kind(int p) => Analysis.SectionOf[p] is var sx and >= 0 ? Analysis.Data[sx].Kind.ToString() : "core";
            int by = _p.Planner.HeldBackBy.Length > top ? _p.Planner.HeldBackBy[top] : -1;
            SearchLog($"search for {_agvs[top].Serial} at {_g.SiteId(here)} ({Kind(here)}) to {_g.SiteId(goal)} ({Kind(goal)}), held back by {(by >= 0 ? _agvs[by].Serial + " " + (StandsForItself(by) ? "standing" : _p.Goal(by) >= 0 ? "busy" : "idle") + " at " + _g.SiteId(_p.Agents.Cur[by]) + " (" + Kind(_p.Agents.Cur[by]) + ")" : "-")} wanted {(_p.Planner.Wanted[top] >= 0 ? _g.SiteId(_p.Planner.Wanted[top]) : 0)} rule {(_p.Planner.Wanted[top] >= 0 ? _rules.Why(top, here, _p.Planner.Wanted[top]) : "")}");
        }
        StartSearch();
        return true;
    }

    /// <summary>
    /// A search for a way to bring the stuck top AGV nearer its goal than it has been. Each attempt for
    /// the same AGV lets the AGVs within twice the radius take part and has twice the budget, until the
    /// whole fleet takes part without a limit: so the search is complete in the end, while a jam of a
    /// few AGVs is cleared by a small, quick search. Between attempts the plan goes on as usual.
    /// </summary>
    private void StartSearch()
    {
        int top = _top;
        int radius = 4 << _topAttempts;
        bool[]? movers = null;
        if (radius < _g.NodeCount)
        {
            movers = new bool[_p.Agents.Count];
            var near = Within(_p.Agents.Cur[top], radius);
            for (int a = 0; a < _p.Agents.Count; a++) movers[a] = near[_p.Agents.Cur[a]];
            movers[top] = true;
        }
        _searchBudget = Math.Min(500L << Math.Min(_topAttempts, 20), _o.MaxSearchGenerations);
        _topAttempts++;
        _topStale = 0;
        _search = new CompleteSearch(_p, top, _topBest, _p.Order(), movers, (int)(_o.Seed + _p.StepCount));
        SearchesStarted++;
        Search();
    }

    /// <summary>The places within <paramref name="hops"/> moves of <paramref name="from"/>, either way.</summary>
    private bool[] Within(int from, int hops)
    {
        var dist = new int[_g.NodeCount];
        Array.Fill(dist, -1);
        dist[from] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            int u = queue.Dequeue();
            if (dist[u] == hops) continue;
            foreach (int v in _g.Successors(u))
                if (dist[v] < 0) { dist[v] = dist[u] + 1; queue.Enqueue(v); }
            for (int i = _g.InStart[u]; i < _g.InStart[u + 1]; i++)
            {
                int v = _g.ArcFrom[_g.InArc[i]];
                if (dist[v] < 0) { dist[v] = dist[u] + 1; queue.Enqueue(v); }
            }
        }
        return dist.Select(d => d >= 0).ToArray();
    }

    /// <summary>Runs a slice of the search; when it found a way, the way becomes the plan's next steps.</summary>
    private void Search()
    {
        var search = _search!;
        int slice = Math.Max(20, 20_000 / Math.Max(1, _agvs.Count));
        int before = search.Expanded;
        bool done = search.Run(slice);
        SearchGenerations = search.Expanded;
        TotalSearchGenerations += search.Expanded - before;
        if (!done && search.Expanded < _searchBudget) return;
        _search = null;
        if (search.Found is { } steps)
        {
            SearchesFound++;
            SearchSteps += steps.Count;
            foreach (var step in steps)
            {
                // The search moves every AGV freely; one that reached a goal with an action in an earlier step
                // stops there. The way is taken up to that point, and planned on from there as usual.
                if (MovesOneHeldAtGoal(step)) break;
                _p.Commit(step);
                AfterStep();
            }
            return;
        }
        if (!search.Exhausted) return; // out of budget: the plan goes on; the next attempt searches wider
        if (search.Exhausted && search.Partial) return; // only the near AGVs were searched
        // No way at all: say so, and let the others go first.
        var agv = _agvs[_top];
        agv.Unreachable = true;
        _out.Add(new Unreachable(agv.Serial, agv.GoalNode,
            $"{agv.Serial} cannot reach node {agv.GoalNode}: no sequence of moves of the AGVs on the site brings it there ({search.Expanded} arrangements searched)", []));
    }

    private bool MovesOneHeldAtGoal((int Agent, int Arc)[] step)
    {
        foreach (var (a, _) in step)
            if (_agvs[a].HeldAtGoal || _agvs[a].Busy) return true;
        return false;
    }

    /// <summary>How many times the complete search found the way for an AGV PIBT could not move (for tests and counters).</summary>
    public int SearchesFound { get; private set; }

    public int SearchesStarted { get; private set; }
    /// <summary>Searches dropped unfinished because obstacles changed (diagnostics).</summary>
    public int SearchesAbandoned { get; private set; }
    /// <summary>Times the plan beyond what was granted was dropped and made again (diagnostics).</summary>
    public int Replans { get; private set; }
    public long SearchGenerations { get; private set; }
    public static long TotalSearchGenerations;
    internal Action<string>? SearchLog;

    /// <summary>Steps of the ways the complete search found, in all.</summary>
    public int SearchSteps { get; private set; }

    /// <summary>Grants every AGV what it may drive now.</summary>
    private void GrantAll()
    {
        foreach (var agv in _agvs)
            if (agv.Present && agv.Stand is null) GrantTo(agv);
        _p.Book.TakeWoken();
    }

    private void GrantTo(Agv agv)
    {
        int a = agv.Index;
        var book = _p.Book;
        if (agv.RideTo is not null || book.Ungranted(a) == 0 || book.InFlight(a) >= _o.Lookahead) return;
        // An AGV with an action at its goal stops there: nothing beyond the goal is granted before the action is done.
        if (agv.ActionAtGoal && agv.Goal >= 0 && book.InFlight(a) > 0 && _g.OutTo[book.InFlightArc(a, book.InFlight(a) - 1)] == agv.Goal) return;
        // A move out of a lift cabin onto another floor waits for the ride.
        int allowed = 0;
        for (int i = 0; i < book.Ungranted(a) && allowed < _o.Lookahead - book.InFlight(a); i++)
        {
            int arc = book.UngrantedArc(a, i);
            int from = _g.ArcFrom[arc];
            uint map = _g.EdgeMap[_g.OutEdge[arc]];
            uint floorThen = i == 0 ? agv.Floor : _g.EdgeMap[_g.OutEdge[book.UngrantedArc(a, i - 1)]];
            if (_g.IsLift[from] && map != floorThen)
            {
                if (i == 0 && book.InFlight(a) == 0 && agv.Standing == from)
                {
                    var toSpot = _g.SpotOn(from, map)!.Value;
                    agv.RideTo = map;
                    _out.Add(new RideLift(agv.Serial, _g.SiteId(from, agv.Floor), toSpot.SiteId, map));
                }
                break;
            }
            allowed++;
            if (agv.ActionAtGoal && _g.OutTo[arc] == agv.Goal) break;
        }
        if (allowed == 0) return;
        int before = book.InFlight(a);
        int granted = book.Grant(a, before + allowed, out _);
        if (granted == 0) return;
        var nodes = new uint[granted];
        uint mapId = agv.Floor;
        bool goal = false;
        for (int i = 0; i < granted; i++)
        {
            int arc = book.InFlightArc(a, before + i);
            mapId = _g.EdgeMap[_g.OutEdge[arc]];
            int to = _g.OutTo[arc];
            nodes[i] = _g.SiteId(to, mapId);
            goal = to == agv.Goal;
        }
        _out.Add(new Grant(agv.Serial, mapId, nodes, before > 0, goal));
        EndWait(agv);
    }

    /// <summary>
    /// Obstacles changed (an AGV stands still, moves again, joined, left, or a space was granted):
    /// the plan beyond what was granted is dropped and made again from where every AGV will be once
    /// it has driven what it was granted.
    /// </summary>
    private void Replan()
    {
        _obstaclesChanged = false;
        Replans++;
        if (_search is not null) SearchesAbandoned++;
        _search = null;
        _p.Book.DropAllUngranted();
        foreach (var agv in _agvs)
        {
            if (!agv.Present) continue;
            int a = agv.Index;
            _p.Agents.Cur[a] = _p.Book.CommittedPlace(a, agv.Standing);
            if (agv.HeldAtGoal && !agv.Busy && _p.Agents.Cur[a] != agv.Goal) agv.HeldAtGoal = false;
            SetMode(agv);
        }
        UpdateBlocked();
        foreach (var agv in _agvs)
        {
            if (!agv.Present) continue;
            int a = agv.Index;
            if (agv.Goal >= 0 && !agv.HeldAtGoal && !agv.Busy) _p.RestoreGoal(a, agv.Goal, Math.Min(_p.GoalSince(a), _p.StepCount), agv.Priority * 8);
            else _p.SetGoal(a, -1);
        }
        foreach (var agv in _agvs)
            if (agv.Present && agv.Goal >= 0 && !agv.Busy) CheckReachable(agv);
    }
}
