using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Fleet.Tests.Traffic;

/// <summary>One AGV's link: what the host forgot is not sent, even when it already waits in the link's queue.</summary>
public sealed class AgvLinkTests
{
    /// <summary>An AGV whose answers the test scripts: the first MotionControl gets <c>first</c>, the others OK.</summary>
    private sealed class ScriptedAgv(Task<CommandOutcome> first) : ITripSender
    {
        public readonly List<MotionControl> Sent = [];
        public bool IsOnline(Vehicle v) => true;

        public Task<CommandOutcome> SendAsync(string actor, Vehicle v, MotionControl motion, string detail)
        {
            lock (Sent) Sent.Add(motion);
            return Sent.Count == 1 ? first : Task.FromResult(new CommandOutcome(OutcomeKind.Done, "ok"));
        }

        public Task<CommandOutcome> SwitchMapAsync(string actor, Vehicle v, uint targetMapId) => Task.FromResult(new CommandOutcome(OutcomeKind.Done, "ok"));
    }

    [Fact]
    public async Task After_an_unanswered_command_nothing_is_sent_until_the_host_takes_the_agv_afresh()
    {
        var (registry, maps) = Site();
        var agv = new ScriptedAgv(Task.FromResult(CommandOutcome.FromAnswer("Path", ResultCode.Timeout)));
        var reports = new List<object>();
        using var stop = new CancellationTokenSource();
        var link = new AgvLink("A", registry, maps, agv, TimeProvider.System, NullLogger.Instance, r => { lock (reports) reports.Add(r); }, stop.Token);

        link.Post(new AgvLink.Send(new Grant("A", 1, [2], true, false), "traffic control", TaskType.Move, [], null, link.Epoch, 1));
        link.Post(new AgvLink.Send(new Grant("A", 1, [3], true, false), "traffic control", TaskType.Move, [], null, link.Epoch, 2));
        link.Post(new AgvLink.Reset(1)); // the host took it afresh where it stands
        link.Post(new AgvLink.Send(new Grant("A", 1, [2], true, false), "traffic control", TaskType.Move, [], null, link.Epoch, 1));
        var end = DateTime.UtcNow.AddSeconds(5);
        while (agv.Sent.Count < 2 && DateTime.UtcNow < end) await Task.Delay(5);
        await Task.Delay(50);

        Assert.Equal(2, agv.Sent.Count); // the unanswered one, not again, not the one behind it; then the new one
        Assert.Equal([[2u], [2u]], agv.Sent.Select(m => m.Path.Select(p => p.NodeId).ToArray()));
        lock (reports) Assert.Single(reports.OfType<TrafficHost.Unanswered>());
        link.Complete();
    }

    private static (FleetRegistry, SiteMaps) Site()
    {
        var maps = new SiteMaps();
        maps.Set(new SiteMap(1, "Hall", "A", 1,
            [new(1, 0, 0, MapNodeKind.Normal), new(2, 3000, 0, MapNodeKind.Normal), new(3, 6000, 0, MapNodeKind.Normal)],
            [new(1, 2, true, 1000), new(2, 3, true, 1000)]));
        var registry = new FleetRegistry();
        var v = registry.GetOrAdd("A");
        v.MaxSpeed = 1000;
        v.SetState(new State { MapId = 1, LastNodeId = 1, AgvState = AgvState.Idle, TaskId = 0xFFFFFFFF });
        return (registry, maps);
    }

    [Fact]
    public async Task Grants_made_before_the_host_forgot_them_are_not_sent_even_from_the_queue()
    {
        var (registry, maps) = Site();
        var firstAnswer = new TaskCompletionSource<CommandOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var agv = new ScriptedAgv(firstAnswer.Task);
        var reports = new List<object>();
        using var stop = new CancellationTokenSource();
        var link = new AgvLink("A", registry, maps, agv, TimeProvider.System, NullLogger.Instance, r => { lock (reports) reports.Add(r); }, stop.Token);

        link.Post(new AgvLink.Send(new Grant("A", 1, [2], true, false), "traffic control", TaskType.Move, [], null, link.Epoch, 1));
        link.Post(new AgvLink.Send(new Grant("A", 1, [3], true, false), "traffic control", TaskType.Move, [], null, link.Epoch, 2));
        while (agv.Sent.Count == 0) await Task.Delay(5); // the first is out, its answer pending; the second waits behind it
        link.NewEpoch(); // the host forgot both (e.g. the AGV stopped and was taken afresh where it stands)
        link.Post(new AgvLink.Reset(1));
        firstAnswer.SetResult(new CommandOutcome(OutcomeKind.Done, "ok"));
        link.Post(new AgvLink.Send(new Grant("A", 1, [2], true, false), "traffic control", TaskType.Move, [], null, link.Epoch, 1));
        while (agv.Sent.Count < 2) await Task.Delay(5);
        await Task.Delay(50);

        // The first went out before; the second was dropped; the new grant went out as a new task from node 1.
        Assert.Equal(2, agv.Sent.Count);
        Assert.Equal([2u], agv.Sent[1].Path.Select(p => p.NodeId));
        Assert.False(agv.Sent[1].Append);
        link.Complete();
    }
}
