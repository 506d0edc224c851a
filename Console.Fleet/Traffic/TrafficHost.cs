using System.Collections.Concurrent;
using System.Threading.Channels;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;
using TaskStatus = AgvConsole.Protocol.Messages.TaskStatus;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// The one owner of the traffic kernel. Everything that concerns traffic (registrations, node
/// changes in state reports, task reports, goals from orders, dispatch and charging, space
/// requests, map changes, a tick every 100 ms from the <see cref="TimeProvider"/>) is posted to one
/// channel; one loop reads it, feeds the kernel (<see cref="TrafficKernel.Step"/>) and acts on what
/// it answers without awaiting any AGV: grants and lift rides go to each AGV's own
/// <see cref="AgvLink"/>, whose answers come back through the same channel. Other threads read what
/// the loop publishes (trips, waits, where AGVs stand, what they hold). docs/traffic-wiring.md tells the whole mapping.
/// </summary>
public sealed partial class TrafficHost : ITrafficWaits, IDisposable
{
    public static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(100);
    private const string TrafficActor = "traffic control";
    private const string MakeWayActor = "traffic control (make way)";
    private const uint NoTask = 0xFFFFFFFF;

    private readonly FleetRegistry _registry;
    private readonly SiteMaps _maps;
    private readonly ITripSender _sender;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly KernelOptions _options;
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private int _started;
    private Task _loop = Task.CompletedTask;
    private ITimer? _ticker;

    // Owned by the loop.
    private TrafficKernel? _kernel;
    private readonly Dictionary<string, HostAgv> _agvs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Serial, uint RequestId), TaskCompletionSource<SpaceRequestResponse>> _spaceAsks = new();
    private readonly Dictionary<(string Serial, uint RequestId), (Space Space, DateTimeOffset ExpiresAt)> _spaces = new();

    // Published by the loop for other threads.
    private readonly ConcurrentDictionary<string, Trip> _trips = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrafficWait> _waits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<uint, string> _standingOn = new();
    private readonly ConcurrentDictionary<string, uint[]> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _blocked = new(StringComparer.Ordinal);

    public TrafficHost(FleetRegistry registry, SiteMaps maps, ITripSender sender, ILogger logger, TimeProvider? clock = null, KernelOptions? options = null)
    {
        _registry = registry;
        _maps = maps;
        _sender = sender;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _options = options ?? new KernelOptions();
        maps.Changed += () => Post(new MapsChanged());
    }

    /// <summary>Task reports in the trips' terms (task id = trip id; pieces are not reported). Orders, charging and pages listen.</summary>
    public event Action<Vehicle, TaskReport>? Reported;

    /// <summary>An AGV's goal cannot be reached now (text: why, naming the AGVs in the way), or can again (null). The alarm engine listens.</summary>
    public event Action<string, string?>? BlockedChanged;

    /// <summary>The kernel the loop drives (tests and diagnostics; read it only while the loop is idle).</summary>
    internal TrafficKernel? Kernel => _kernel;

    // ---- what other threads read ---------------------------------------------------------------

    public Trip? Of(string serial) => _trips.GetValueOrDefault(serial);

    public IReadOnlyList<Trip> All => _trips.Values.ToArray();

    public IReadOnlyList<TrafficWait> Waiting => _waits.Values.ToArray();

    /// <summary>Why each AGV's goal cannot be reached now, by serial.</summary>
    public IReadOnlyDictionary<string, string> Blocked => _blocked;

    /// <summary>The AGV standing on <paramref name="node"/> (as it last reported), if any.</summary>
    public string? HolderOf(uint node) => _standingOn.GetValueOrDefault(node);

    /// <summary>Whether another AGV stands on <paramref name="node"/>.</summary>
    public bool BlockedFor(string serial, uint node) => _standingOn.TryGetValue(node, out var by) && by != serial;

    /// <summary>
    /// For choosing a route or an AGV: whether <paramref name="node"/> is taken for <paramref name="serial"/>
    /// by an AGV with no goal of an owner (standing, charging, offline). AGVs driving to a goal move on;
    /// the kernel plans around the others and asks idle ones aside.
    /// </summary>
    public bool Obstacle(string serial, uint node) => _standingOn.TryGetValue(node, out var by) && by != serial && !_trips.ContainsKey(by);

    /// <summary>The node the AGV stands on and the nodes it was granted and has not reported passing.</summary>
    public IReadOnlyList<uint> HeldBy(string serial) => _held.GetValueOrDefault(serial) ?? [];

    // ---- what other threads ask ----------------------------------------------------------------

    /// <summary>
    /// Drives the AGV to <paramref name="target"/> under the kernel. Answered once the kernel took the
    /// goal (or refused it, with its reason); nothing here waits for the AGV.
    /// </summary>
    public Task<(CommandOutcome Outcome, Trip? Trip)> StartAsync(string actor, Vehicle v, uint target, TaskType type, ActuatorCommand[] finalActions,
        IReadOnlyList<uint> route, int priority = 0)
    {
        if (Of(v.Serial) is { } running)
            return Task.FromResult<(CommandOutcome, Trip?)>((new CommandOutcome(OutcomeKind.Blocked,
                $"{v.Serial} is driving task {running.Id} to node {running.Target}: cancel it first.", ResultCode.Busy), null));
        var trip = new Trip
        {
            Id = VehicleCommands.NextTaskId(), Serial = v.Serial, Actor = actor, Type = type, FinalActions = finalActions, Target = target, Route = route,
        };
        var begun = new TaskCompletionSource<(CommandOutcome, Trip?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new Begin(trip, Math.Clamp(priority, 0, 9), begun));
        return begun.Task;
    }

    /// <summary>Ends the AGV's trip on the console's side (cancelled while the AGV had no piece of it to cancel). Whether it had one.</summary>
    public bool Abandon(string serial, TaskStatus status)
    {
        if (Of(serial) is not { } trip) return false;
        Post(new EndTrip(trip, status));
        return true;
    }

    /// <summary>Forgets what an (offline) AGV stood on and was granted: the others may drive there. It joins afresh when it reports again.</summary>
    public int Release(string serial)
    {
        int held = HeldBy(serial).Count;
        Post(new ReleaseAgv(serial));
        return held;
    }

    /// <summary>A SpaceRequest, decided by the kernel (granted only where no one is planned to pass, or once the plans moved out of it).</summary>
    public async ValueTask<SpaceRequestResponse> DecideSpaceAsync(string serial, SpaceRequest request)
    {
        var denied = new SpaceRequestResponse(request.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0);
        var answer = new TaskCompletionSource<SpaceRequestResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new SpaceAsk(serial, request, answer));
        // The kernel answers within its SpaceWait (on ticks); a console too busy to answer by then denies.
        try { return await answer.Task.WaitAsync(_options.SpaceWait + TimeSpan.FromSeconds(3), _clock); }
        catch (TimeoutException) { return denied; }
    }

    public void ReleaseSpace(string serial, uint requestId) => Post(new KernelIn(new SpaceReleased(serial, requestId)));

    // ---- the loop ------------------------------------------------------------------------------

    private void Post(object message)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) Start();
        _inbox.Writer.TryWrite(message);
    }

    private void Start()
    {
        _inbox.Writer.TryWrite(new MapsChanged()); // the kernel is built on the maps there are now, before anything else
        _loop = Task.Run(RunAsync);
        _ticker = _clock.CreateTimer(_ => _inbox.Writer.TryWrite(TickNow.Instance), null, TickEvery, TickEvery);
    }

    /// <summary>Stops the loop and the AGVs' links (the console is stopping).</summary>
    public void Dispose()
    {
        _ticker?.Dispose();
        _inbox.Writer.TryComplete();
        _stop.Cancel();
        foreach (var a in _agvs.Values.ToArray()) a.Link.Complete();
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var message in _inbox.Reader.ReadAllAsync(_stop.Token))
            {
                try { Handle(message); }
                catch (Exception e) { _logger.LogError(e, "Traffic control failed on {Message}", message.GetType().Name); }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Waits until everything posted so far has been handled (tests).</summary>
    internal Task DrainAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new Drained(done));
        return done.Task;
    }

    // Messages of the loop (besides kernel inputs): values only.
    private sealed record KernelIn(KernelInput Input);
    private sealed record Begin(Trip Trip, int Priority, TaskCompletionSource<(CommandOutcome, Trip?)> Done);
    private sealed record EndTrip(Trip Trip, TaskStatus Status);
    private sealed record ReleaseAgv(string Serial);
    private sealed record SpaceAsk(string Serial, SpaceRequest Request, TaskCompletionSource<SpaceRequestResponse> Answer);
    private sealed record MapsChanged;
    private sealed record Drained(TaskCompletionSource Done);
    private sealed class TickNow { public static readonly TickNow Instance = new(); }
    internal sealed record Joined(string Serial, Footprint Footprint, int MaxSpeedMmS);
    internal sealed record Offline(string Serial);
    internal sealed record StateSeen(string Serial, uint NodeId, AgvState State, uint TaskId);
    internal sealed record TaskEnded(string Serial, TaskReport Report);
    /// <summary>From a link: a piece went out in <paramref name="TaskId"/>; it ends at position <paramref name="End"/> of what was granted in <paramref name="Epoch"/> (0: no path).</summary>
    internal sealed record Sent(string Serial, uint TaskId, bool ReachesGoal, uint? TripId, int Epoch = 0, long End = 0);
    /// <summary>From a link: what the kernel granted could not be sent; for a trip's final action sent alone, the trip's id.</summary>
    internal sealed record LinkFailed(string Serial, string Reason, uint? ActTrip = null);
    /// <summary>From a link: the AGV did not answer a command in time; it may be driving it. For a trip's final action sent alone, its task id and the trip's.</summary>
    internal sealed record Unanswered(string Serial, string Reason, (uint Task, uint TripId)? Act = null);

    /// <summary>How long an AGV that left a command unanswered must stand idle with no task before the kernel takes it afresh.</summary>
    public static readonly TimeSpan UnansweredSettle = TimeSpan.FromSeconds(3);

    /// <summary>Times a trip's final action sent alone is sent before the trip fails (each after the AGV settled idle without doing it).</summary>
    public const int MaxActTries = 5;

    // Counters for diagnostics (read by tests and logs): messages handled, the slowest one, the last tick.
    private long _handled, _slowestTicks;
    private string _slowest = "";
    private DateTimeOffset _lastTick;

    /// <summary>One line on the host's health: messages handled, waiting in the channel, the slowest, the last tick, links that failed.</summary>
    public string Health() =>
        $"handled {Interlocked.Read(ref _handled)}, slowest {TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks)).TotalMilliseconds:0} ms ({_slowest}), last tick {_lastTick:HH:mm:ss.fff}, link failures {Interlocked.Read(ref _linkFailures)}, unanswered {Interlocked.Read(ref _unanswered)}, refused {string.Join(", ", _refusals.Select(kv => $"{kv.Key} {kv.Value}"))}" +
        (_kernel is { } k ? $"; kernel: replans {k.Replans}, searches {k.SearchesStarted} ({k.SearchesFound} found, {k.SearchesAbandoned} abandoned)" : "");

    private readonly ConcurrentDictionary<string, int> _refusals = new();

    private long _linkFailures, _unanswered;

    /// <summary>What the kernel holds for each AGV (diagnostics; asked of the loop, so it is consistent).</summary>
    public Task<string> DescribeAsync()
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new Describe(done));
        return done.Task;
    }

    private sealed record Describe(TaskCompletionSource<string> Done);

    private void Handle(object message)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        HandleCore(message);
        long took = System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks;
        Interlocked.Increment(ref _handled);
        if (took > Interlocked.Read(ref _slowestTicks))
        {
            Interlocked.Exchange(ref _slowestTicks, took);
            _slowest = message.GetType().Name;
        }
    }

    private void HandleCore(object message)
    {
        switch (message)
        {
            case TickNow: OnTick(); break;
            case StateSeen r: OnReported(r); break;
            case KernelIn k:
                Step(k.Input);
                if (k.Input is SpaceReleased sr) ForgetSpace(sr.Serial, sr.RequestId);
                break;
            case Begin b: OnBegin(b); break;
            case EndTrip e: if (_trips.TryGetValue(e.Trip.Serial, out var t) && t == e.Trip) End(t, e.Status, 0, 0); break;
            case TaskEnded te: OnTaskEnded(te); break;
            case Sent s: OnSent(s); break;
            case LinkFailed f: OnLinkFailed(f); break;
            case Unanswered u: OnUnanswered(u); break;
            case Joined j: OnJoined(j); break;
            case Offline o: OnOffline(o); break;
            case ReleaseAgv r: OnRelease(r); break;
            case SpaceAsk a: OnSpaceAsk(a); break;
            case MapsChanged: Rebuild(); break;
            case Drained d: d.Done.TrySetResult(); break;
            case Describe d:
                d.Done.TrySetResult(_kernel is null ? "no kernel" : string.Join("\n", _agvs.Keys.Order().Select(s => $"{s}: in kernel {_agvs[s].InKernel} stand {_agvs[s].Stand} ahead {string.Join(",", _agvs[s].Ahead)}: {_kernel.Describe(s)}\n    {_agvs[s].Traced}")));
                break;
        }
    }

    /// <summary>One AGV as the host follows it (loop only).</summary>
    private sealed class HostAgv(string serial, AgvLink link)
    {
        public readonly string Serial = serial;
        public readonly AgvLink Link = link;
        public Footprint Footprint = new(1000, 700);
        public int MaxSpeed = 1000;
        public bool Online;
        public bool InKernel;
        public StandReason? Stand;
        public uint Node;
        public AgvState State = AgvState.Unknown;
        public uint TaskId = NoTask;
        public readonly List<uint> Ahead = [];
        /// <summary>It registered again with other dimensions than the kernel knows.</summary>
        public bool Refit;
        /// <summary>Since when a command to it went unanswered (its grants are kept until it stands idle); null: none.</summary>
        public DateTimeOffset? UnansweredSince;
        /// <summary>The link's count of unanswered commands the host has taken into account.</summary>
        public int UnansweredNoted;
        // Positions along everything granted since the kernel last forgot its grants: Ahead[0] is number
        // Passed; a piece sent in a task ends at a position (TaskEnds). A finished task means the AGV drove
        // all of it, whatever its reports showed (a node it passed twice between two reports looks unchanged).
        public long Passed;
        public readonly Dictionary<uint, long> TaskEnds = [];

        /// <summary>The kernel forgot what it had granted (the AGV starts afresh where it stands): so does the host, and the link drops what it still holds of it.</summary>
        public void ForgetGranted()
        {
            Ahead.Clear();
            Passed = 0;
            TaskEnds.Clear();
            Link.NewEpoch();
        }
        // The tasks it reported finished last: a task with no path points ends at once, and its report
        // can come before the link's word that it was sent.
        public readonly Queue<uint> Finished = new();
        // The last things the host heard of and did for this AGV, for DescribeAsync (a jam's diagnosis).
        private readonly Queue<string> _trace = new();

        public void Trace(DateTimeOffset at, string what)
        {
            _trace.Enqueue($"{at:HH:mm:ss.fff} {what}");
            if (_trace.Count > 24) _trace.Dequeue();
        }

        public string Traced => string.Join("\n    ", _trace);
    }

    private HostAgv Agv(string serial)
    {
        if (!_agvs.TryGetValue(serial, out var a))
            _agvs[serial] = a = new HostAgv(serial, new AgvLink(serial, _registry, _maps, _sender, _clock, _logger, m => _inbox.Writer.TryWrite(m), _stop.Token));
        return a;
    }

    /// <summary>Feeds the kernel one input and acts on its answer.</summary>
    private IReadOnlyList<KernelOutput> Step(KernelInput input)
    {
        if (_kernel is null) return [];
        var outputs = _kernel.Step(input);
        if (input is AgvJoined or GoalSet or GoalCancelled or ActionFinished or StandingStill or Moving or AgvRemoved
            && input.ToString() is var text && _agvs.TryGetValue(SerialOf(input), out var traced))
            traced.Trace(_clock.GetUtcNow(), $"kernel: {text}{string.Concat(outputs.OfType<Refused>().Select(r => $", refused: {r.Reason}"))}");
        foreach (var o in outputs) Act(o);
        return outputs;
    }

    private static string SerialOf(KernelInput input) => input switch
    {
        AgvJoined x => x.Serial, GoalSet x => x.Serial, GoalCancelled x => x.Serial, ActionFinished x => x.Serial,
        StandingStill x => x.Serial, Moving x => x.Serial, AgvRemoved x => x.Serial, _ => "",
    };

    private void OnTick()
    {
        var now = _clock.GetUtcNow();
        _lastTick = now;
        Step(new Tick(now));
        foreach (var a in _agvs.Values)
            if (a.UnansweredSince is not null) FollowStand(a); // it may have been idle all along: no report changes
        List<string>? changed = null;
        foreach (var (key, s) in _spaces)
            if (s.ExpiresAt <= now) (changed ??= []).Add(key.Serial);
        if (changed is null) return;
        foreach (var key in _spaces.Keys.Where(k => _spaces[k].ExpiresAt <= now).ToList()) _spaces.Remove(key);
        foreach (var serial in changed.Distinct()) ShowSpaces(serial);
    }
}
