using System.Buffers.Binary;
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

    private async Task<FloorBatch> NextFloorAsync(int count)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            lock (_hub.Floors) if (_hub.Floors.Count >= count) return _hub.Floors[count - 1];
            if (DateTime.UtcNow > end) Assert.Fail($"floor batch {count} was not sent");
            await Task.Delay(10);
        }
    }

    /// <summary>The records of a batch, read as the browser module reads them (FloorRecord's layout).</summary>
    private static List<(int Index, uint Map, int X, int Y, byte State, byte Battery, byte Flags, double Ts)> Records(FloorBatch b)
    {
        Assert.Equal(0, b.R.Length % FloorRecord.Size);
        var list = new List<(int, uint, int, int, byte, byte, byte, double)>();
        for (int o = 0; o < b.R.Length; o += FloorRecord.Size)
        {
            var r = b.R.AsSpan(o);
            list.Add((BinaryPrimitives.ReadInt32LittleEndian(r), BinaryPrimitives.ReadUInt32LittleEndian(r[4..]), BinaryPrimitives.ReadInt32LittleEndian(r[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(r[12..]), r[40], r[41], r[43], BinaryPrimitives.ReadDoubleLittleEndian(r[28..])));
        }
        return list;
    }

    [Fact]
    public async Task A_live_map_watching_a_floor_gets_everything_on_it_first_then_that_floors_changes_and_the_last_word_of_one_that_left()
    {
        var here = Agv("HERE", 1);
        var there = Agv("THERE", 2);
        here.SetState(here.State with { Pose = new Pose(1500, -2500, 1571), BatteryPct = 42, AgvState = AgvState.Moving });
        _push.Add("c1");
        int generation = _push.Watch("c1", 1);
        Assert.Equal(1, generation);
        // Everything on the floor first, without waiting for a change, slow parts included.
        var first = await NextFloorAsync(1);
        Assert.Equal(generation, first.G);
        var r = Assert.Single(Records(first));
        // No session here: the state on the wire is offline (its place in StateNames.All), whatever it last reported.
        Assert.Equal((1u, 1500, -2500, (byte)StateNames.All.ToList().IndexOf(StateNames.Offline), (byte)42), (r.Map, r.X, r.Y, r.State, r.Battery));
        var d = Assert.Single(first.D!);
        Assert.Equal((r.Index, "HERE"), (d.I, d.S));
        Assert.Equal([here.LengthMm, here.WidthMm], d.W!);

        _push.Acknowledged("c1");
        _registry.Touch(there);
        _registry.Touch(here);
        var second = await NextFloorAsync(2);
        Assert.Equal([r.Index], Records(second).Select(x => x.Index));
        Assert.Null(second.D); // nothing slow changed: no serial, no path again

        _push.Acknowledged("c1");
        here.SetState(here.State with { MapId = 2 }); // it rides the lift away
        _registry.Touch(here);
        var left = Assert.Single(Records(await NextFloorAsync(3)));
        Assert.Equal(2u, left.Map);

        _push.Acknowledged("c1");
        _registry.Touch(here);
        _registry.Touch(there);
        await Task.Delay(300);
        lock (_hub.Floors) Assert.Equal(3, _hub.Floors.Count); // neither is on floor 1 any more
        Assert.Empty(_hub.Batches); // a live map is never sent the older message
    }

    [Fact]
    public async Task A_path_goes_to_a_live_map_when_it_changes_not_with_every_position()
    {
        var v = Agv("A", 1);
        _push.Add("c1");
        _push.Watch("c1", 1);
        Assert.Equal([], Assert.Single((await NextFloorAsync(1)).D!).P);

        v.CurrentPath = [1001, 1002, 1003];
        _push.Acknowledged("c1");
        _registry.Touch(v);
        var withPath = Assert.Single((await NextFloorAsync(2)).D!);
        Assert.Equal([1001u, 1002, 1003], withPath.P);
        Assert.Null(withPath.S);
        Assert.Null(withPath.C); // what traffic control cleared did not change

        // Traffic control clears the next nodes, and it waits at the third: both go with the next batch, once.
        v.Cleared = [1001, 1002];
        v.Wait = new TrafficWaitNote("A waits for B to pass node 1003 first", "B", 1003, DateTimeOffset.UtcNow);
        _push.Acknowledged("c1");
        _registry.Touch(v);
        var cleared = Assert.Single((await NextFloorAsync(3)).D!);
        Assert.Equal([1001u, 1002], cleared.C);
        Assert.Equal(("B", 1003u), (cleared.Wf, cleared.Wn));
        Assert.Null(cleared.P);
        v.Cleared = [];
        v.Wait = null;
        _push.Acknowledged("c1");
        _registry.Touch(v);
        var over = Assert.Single((await NextFloorAsync(4)).D!);
        Assert.Equal([], over.C);
        Assert.Equal(("", 0u), (over.Wf, over.Wn));

        for (int i = 5; i <= 7; i++)
        {
            v.SetState(v.State with { Pose = new Pose(i * 100, 0, 0) });
            _push.Acknowledged("c1");
            _registry.Touch(v);
            var batch = await NextFloorAsync(i);
            Assert.Equal(i * 100, Assert.Single(Records(batch)).X);
            Assert.Null(batch.D);
        }
    }

    [Fact]
    public async Task A_new_watch_sends_the_floor_again_with_a_new_generation_and_a_removed_agv_is_dropped()
    {
        var a = Agv("A", 1);
        Agv("B", 2);
        _push.Add("c1");
        _push.Watch("c1", 1);
        var first = await NextFloorAsync(1);
        int indexOfA = Records(first).Single().Index;
        _push.Acknowledged("c1");
        Assert.Equal(2, _push.Watch("c1", 2));
        var other = await NextFloorAsync(2);
        Assert.Equal((2, "B"), (other.G, Assert.Single(other.D!).S));

        _push.Acknowledged("c1");
        Assert.Equal(3, _push.Watch("c1", 1));
        Assert.Equal("A", Assert.Single((await NextFloorAsync(3)).D!).S); // again, slow parts included

        _push.Acknowledged("c1");
        _registry.Remove(a.Serial);
        var gone = await NextFloorAsync(4);
        Assert.Equal([indexOfA], gone.X!);
    }

    /// <summary>Records what the push sends to each browser.</summary>
    private sealed class RecordingHub : IHubContext<FleetHub>
    {
        public List<IReadOnlyList<VehicleUpdate>> Batches { get; } = [];
        public List<FloorBatch> Floors { get; } = [];
        public IHubClients Clients { get; }
        public IGroupManager Groups => throw new NotSupportedException();

        public RecordingHub() => Clients = new AllClients(this);

        private sealed class AllClients(RecordingHub hub) : IHubClients, IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken ct = default)
            {
                if (method == "floor") lock (hub.Floors) hub.Floors.Add((FloorBatch)args[0]!);
                else lock (hub.Batches) hub.Batches.Add((IReadOnlyList<VehicleUpdate>)args[0]!);
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
