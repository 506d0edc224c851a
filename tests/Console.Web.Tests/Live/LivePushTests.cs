using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Web.Tests.Live;

/// <summary>The live push's flow control (a browser that acknowledges gets its next batch only then) and floor watching.</summary>
public sealed class LivePushTests : IAsyncLifetime
{
    private readonly FleetRegistry _registry = new();
    private readonly RecordingHub _hub = new();
    private LivePush _push = null!;

    public async Task InitializeAsync()
    {
        _push = new LivePush(_registry, _hub, NullLogger<LivePush>.Instance);
        await _push.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _push.StopAsync(CancellationToken.None);

    private Vehicle Agv(string serial, uint mapId)
    {
        var v = _registry.GetOrAdd(serial);
        v.SetState(new State { MapId = mapId, AgvState = AgvState.Idle, TaskId = 0xFFFFFFFF, LastNodeId = 0xFFFFFFFF, NextNodeId = 0xFFFFFFFF });
        return v;
    }

    private async Task<IReadOnlyList<VehicleUpdate>> NextBatchAsync(int count)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (_hub.Batches.Count < count)
        {
            if (DateTime.UtcNow > end) Assert.Fail($"batch {count} was not sent");
            await Task.Delay(10);
        }
        return _hub.Batches[count - 1];
    }

    [Fact]
    public async Task A_browser_that_acknowledges_gets_the_next_batch_only_after_its_ack_with_the_newest_state()
    {
        var v = Agv("A", 1);
        _push.Add("c1");
        _registry.Touch(v);
        await NextBatchAsync(1);
        _push.Acknowledged("c1"); // from now on it acknowledges
        _registry.Touch(v);
        await NextBatchAsync(2);

        // No ack: changes wait, coalesced, however many there are.
        for (int i = 0; i < 10; i++)
        {
            v.SetState(v.State with { BatteryPct = (byte)(50 + i) });
            _registry.Touch(v);
            await Task.Delay(30);
        }
        Assert.Equal(2, _hub.Batches.Count);
        Assert.True(Interlocked.Read(ref _push.BatchesDeferred) > 0);

        _push.Acknowledged("c1");
        var third = await NextBatchAsync(3);
        Assert.Equal(59, Assert.Single(third).B); // one update, the newest
    }

    [Fact]
    public async Task A_live_map_watching_a_floor_gets_that_floors_agvs_and_the_last_word_of_one_that_left()
    {
        var here = Agv("HERE", 1);
        var there = Agv("THERE", 2);
        _push.Add("c1");
        _push.Watch("c1", 1);
        _registry.Touch(here);
        _registry.Touch(there);
        Assert.Equal(["HERE"], (await NextBatchAsync(1)).Select(u => u.S));

        here.SetState(here.State with { MapId = 2 }); // it rides the lift away
        _registry.Touch(here);
        var left = Assert.Single(await NextBatchAsync(2));
        Assert.Equal(("HERE", 2u), (left.S, left.M));

        _registry.Touch(here);
        _registry.Touch(there);
        await Task.Delay(300);
        Assert.Equal(2, _hub.Batches.Count); // neither is on floor 1 any more
    }

    /// <summary>Records what the push sends to each browser.</summary>
    private sealed class RecordingHub : IHubContext<FleetHub>
    {
        public List<IReadOnlyList<VehicleUpdate>> Batches { get; } = [];
        public IHubClients Clients { get; }
        public IGroupManager Groups => throw new NotSupportedException();

        public RecordingHub() => Clients = new AllClients(this);

        private sealed class AllClients(RecordingHub hub) : IHubClients, IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken ct = default)
            {
                lock (hub.Batches) hub.Batches.Add((IReadOnlyList<VehicleUpdate>)args[0]!);
                return Task.CompletedTask;
            }

            public IClientProxy Client(string connectionId) => this;
            public IClientProxy All => this;
            public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => this;
            public IClientProxy Clients(IReadOnlyList<string> connectionIds) => this;
            public IClientProxy Group(string groupName) => this;
            public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => this;
            public IClientProxy Groups(IReadOnlyList<string> groupNames) => this;
            public IClientProxy User(string userId) => this;
            public IClientProxy Users(IReadOnlyList<string> userIds) => this;
        }
    }
}
