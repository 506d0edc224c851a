using System.Threading.Channels;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace AgvConsole.Fleet.Traffic;

/// <summary>
/// One AGV's wire for traffic control: sends what the kernel grants it (MotionControl: appended to
/// the task it is driving, or a new task when it has none) and its lift rides (MapSwitch), one at a
/// time and in order, and waits for each answer. Each AGV has its own link, so a slow or silent AGV
/// delays only itself; the traffic host's loop never awaits an AGV. This link is the one owner of
/// which task the AGV is driving for traffic control (<see cref="_openTask"/>).
/// </summary>
internal sealed class AgvLink
{
    /// <summary>How often, and how far apart, a send the AGV refused for its state (busy, still finishing) is tried again.</summary>
    public const int Attempts = 25;
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(200);

    private const uint NoTask = 0xFFFFFFFF;
    private readonly string _serial;
    private readonly FleetRegistry _registry;
    private readonly SiteMaps _maps;
    private readonly ITripSender _sender;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Action<object> _report;
    private readonly Channel<object> _work = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private uint? _openTask;
    private int _epoch;
    // After a command the AGV did not answer, nothing more is sent until the host has taken it afresh (Reset).
    private bool _suspended;
    // Read by the host's loop: commands out to the AGV now, and how many went unanswered in all.
    private int _sending, _unanswered;

    /// <summary>
    /// A command is out to the AGV now: what the kernel granted it must not be forgotten (the AGV may take it). The
    /// host bumps the epoch first, then asks: a send that starts after the bump drops itself.
    /// </summary>
    public bool IsSending => Volatile.Read(ref _sending) != 0;

    /// <summary>How many commands went unanswered so far (counted before the send counts as over).</summary>
    public int UnansweredCount => Volatile.Read(ref _unanswered);
    private uint _lastNode;
    private readonly Task _loop;
    private readonly ResiliencePipeline<CommandOutcome?> _retry;

    public AgvLink(string serial, FleetRegistry registry, SiteMaps maps, ITripSender sender, TimeProvider clock, ILogger logger, Action<object> report, CancellationToken stop)
    {
        _serial = serial;
        _registry = registry;
        _maps = maps;
        _sender = sender;
        _clock = clock;
        _logger = logger;
        _report = report;
        // Polly's retry, on the link's clock (virtual in tests): an answer the AGV gave for its state (busy,
        // still finishing) is tried again; no answer (null: offline) and an accepted send end it at once.
        _retry = new ResiliencePipelineBuilder<CommandOutcome?> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<CommandOutcome?>
            {
                MaxRetryAttempts = Attempts - 1,
                Delay = RetryAfter,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                // Not a timeout: an answer that did not come says nothing of whether the AGV took the command, and
                // sending it again could make it drive the same nodes twice (see Unanswered).
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result is { Ok: false, Result: not ResultCode.Timeout }),
            })
            .Build();
        _loop = Task.Run(() => RunAsync(stop), CancellationToken.None);
    }

    /// <summary>
    /// A grant to send, with what the trip (if any) puts on it. <paramref name="Epoch"/>: the host's count of
    /// times it forgot what was granted when it granted this; <paramref name="End"/>: where the piece ends
    /// along what was granted since then.
    /// </summary>
    public sealed record Send(Grant Grant, string Actor, TaskType Type, ActuatorCommand[] FinalActions, uint? TripId, int Epoch, long End);

    /// <summary>A lift ride to make.</summary>
    public sealed record Ride(RideLift Lift, string Actor);

    /// <summary>The trip's final actions where the AGV stands (it stood on its goal already): a new task with no path points.</summary>
    public sealed record Act(string Actor, TaskType Type, ActuatorCommand[] FinalActions, uint TripId, uint NodeId);

    /// <summary>The AGV reported the end of a task (finished, failed, cancelled).</summary>
    public sealed record TaskEnded(uint TaskId);

    /// <summary>
    /// The AGV stands on <paramref name="NodeId"/> with no task for traffic control: the next grant is a new task from
    /// there. The host posts it only when no command is out and every unanswered one has settled: it ends a suspension.
    /// </summary>
    public sealed record Reset(uint NodeId);

    public void Post(object work) => _work.Writer.TryWrite(work);

    /// <summary>
    /// The host forgot what the kernel had granted this AGV (it starts afresh where it stands). Grants made
    /// before are not sent any more, even those already waiting here: the kernel may give their places to
    /// others. Read without waiting for the queue, so a grant behind a slow send is stopped too.
    /// </summary>
    public void NewEpoch() => Interlocked.Increment(ref _epoch);

    public int Epoch => Volatile.Read(ref _epoch);

    private static readonly CommandOutcome Forgotten = new(OutcomeKind.Done, "forgotten by traffic control before it was sent", ResultCode.Ok);

    public void Complete() => _work.Writer.TryComplete();

    public Task Stopped => _loop;

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stop))
            {
                try
                {
                    switch (work)
                    {
                        case Send s: if (!_suspended) await Sending(() => SendAsync(s, stop)); break;
                        case Ride r: if (!_suspended) await Sending(() => RideAsync(r, stop)); break;
                        case Act a: if (!_suspended) await Sending(() => ActAsync(a, stop)); break;
                        case TaskEnded e: if (_openTask == e.TaskId) _openTask = null; break;
                        case Reset r: _openTask = null; _lastNode = r.NodeId; _suspended = false; break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Traffic control could not send to {Serial}", _serial);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Appends to the open task; when the AGV has none any more, a new task from where the last piece ended.</summary>
    private async Task Sending(Func<Task> send)
    {
        Interlocked.Increment(ref _sending);
        try { await send(); }
        finally { Interlocked.Decrement(ref _sending); }
    }

    private async Task SendAsync(Send s, CancellationToken stop)
    {
        var g = s.Grant;
        if (_registry.Find(_serial) is not { } v) return;
        if (_maps.Find(g.MapId) is not { } map)
        {
            _report(new TrafficHost.LinkFailed(_serial, $"map {g.MapId} is not known"));
            return;
        }
        // The piece starts where the last one ended (its first point's heading comes from there).
        uint from = _lastNode != 0 && map.Contains(_lastNode) ? _lastNode : v.State.LastNodeId;
        if (!map.Contains(from) || map.EdgeFor(from, g.NodeIds[0]) is null)
        {
            _report(new TrafficHost.LinkFailed(_serial, $"the grant {string.Join("→", g.NodeIds)} does not start next to node {from}"));
            return;
        }
        var nodes = new List<uint>(g.NodeIds.Count + 1) { from };
        nodes.AddRange(g.NodeIds);
        var actions = g.ReachesGoal ? s.FinalActions : [];
        string why = g.ReachesGoal ? " (goal)" : "";
        var last = await _retry.ExecuteAsync(async _ =>
        {
            if (s.Epoch != Epoch) return Forgotten;
            if (!_sender.IsOnline(v)) return null;
            while (true) // twice at most: an append to a task that is over goes out again at once as a new task
            {
                bool append = _openTask is not null;
                uint task = _openTask ?? VehicleCommands.NextTaskId();
                var motion = MotionBuilder.Build(map, task, s.Type, nodes, v.MaxSpeed, actions) with { Append = append };
                var answer = await _sender.SendAsync(s.Actor, v, motion,
                    $"task {task}{(append ? ", append" : "")}{(s.TripId is { } trip && trip != task ? $" (for task {trip})" : "")}: map {g.MapId}, nodes {string.Join("→", nodes)}{why}, granted by traffic control");
                if (answer.Ok)
                {
                    _openTask = task;
                    _lastNode = nodes[^1];
                    _report(new TrafficHost.Sent(_serial, task, g.ReachesGoal, s.TripId, s.Epoch, s.End));
                    return answer;
                }
                if (append && answer.Result is ResultCode.RejectedInState or ResultCode.BadParameter)
                {
                    _openTask = null; // it finished that task meanwhile: a new one at once
                    continue;
                }
                // Busy: it still drives a task the console has not heard the end of; it will finish. Otherwise: not now, try again.
                if (!append && answer.Result == ResultCode.Busy && v.State.TaskId is var open && open != NoTask && open != 0 && open != task) _openTask = open;
                return answer;
            }
        }, stop);
        if (ReferenceEquals(last, Forgotten)) return;
        if (Unanswered(last, $"the path {string.Join("→", nodes)}")) return;
        if (last is null) _report(new TrafficHost.LinkFailed(_serial, "offline"));
        else if (!last.Ok) _report(new TrafficHost.LinkFailed(_serial, $"the path {string.Join("→", nodes)} could not be sent: {last.Message}"));
    }

    private async Task ActAsync(Act a, CancellationToken stop)
    {
        if (_registry.Find(_serial) is not { } v) return;
        uint tried = 0;
        var last = await _retry.ExecuteAsync(async _ =>
        {
            if (!_sender.IsOnline(v)) return null;
            uint task = tried = VehicleCommands.NextTaskId();
            var motion = new MotionControl(task, a.Type, false, [], a.FinalActions);
            var answer = await _sender.SendAsync(a.Actor, v, motion, $"task {task} (for task {a.TripId}): final action {a.FinalActions[0].ActuatorType} where it stands, at node {a.NodeId}");
            if (answer.Ok)
            {
                _openTask = task;
                _report(new TrafficHost.Sent(_serial, task, true, a.TripId));
            }
            return answer;
        }, stop);
        // Unanswered, the action may or may not be under way: the host waits for that task's report, and sends
        // the action again if the AGV settles idle without ever reporting it.
        if (Unanswered(last, $"the final action at node {a.NodeId}", (tried, a.TripId))) return;
        if (last is not { Ok: true })
            _report(new TrafficHost.LinkFailed(_serial, $"the final action at node {a.NodeId} could not be sent: {last?.Message ?? "offline"}", a.TripId));
    }

    /// <summary>
    /// The AGV did not answer in time: it may have taken the command or not. It is not sent again (the AGV
    /// would drive the same nodes twice, back over places the kernel may already have given to others);
    /// the link sends nothing more, and the host keeps every node granted to the AGV until its reports
    /// show it standing idle with no task, then takes it afresh where it stands.
    /// </summary>
    private bool Unanswered(CommandOutcome? last, string what, (uint Task, uint TripId)? act = null)
    {
        if (last is not { Result: ResultCode.Timeout }) return false;
        _suspended = true;
        Interlocked.Increment(ref _unanswered); // before the send counts as over (Sending's finally)
        _report(new TrafficHost.Unanswered(_serial, $"{what}: the AGV did not answer in time; it may be driving it", act));
        return true;
    }

    private async Task RideAsync(Ride r, CancellationToken stop)
    {
        if (_registry.Find(_serial) is not { } v) return;
        var last = await _retry.ExecuteAsync(async _ =>
        {
            if (!_sender.IsOnline(v)) return null;
            var answer = await _sender.SwitchMapAsync(r.Actor, v, r.Lift.ToMapId);
            if (answer.Ok)
            {
                _openTask = null;
                _lastNode = r.Lift.ToNodeId;
            }
            return answer;
        }, stop);
        if (Unanswered(last, $"the lift ride to map {r.Lift.ToMapId}")) return;
        if (last is not { Ok: true })
            _report(new TrafficHost.LinkFailed(_serial, $"the lift ride to map {r.Lift.ToMapId} could not be started: {last?.Message ?? "offline"}"));
    }
}
