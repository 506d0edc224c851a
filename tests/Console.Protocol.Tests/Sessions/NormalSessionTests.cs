using System.Collections.Concurrent;
using System.Net.Sockets;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Protocol.Tests.Sessions;

public sealed class NormalSessionTests : IAsyncLifetime
{
    private readonly TestFleet _fleet = new();
    private AgvServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new AgvServer(new AgvServerOptions { Port = 0, Bind = "127.0.0.1", SupervisionInterval = TimeSpan.FromMilliseconds(50) }, _fleet);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed class ErrorLog : Microsoft.Extensions.Logging.ILogger<AgvServer>
    {
        public readonly ConcurrentQueue<string> Errors = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
        {
            if (level >= Microsoft.Extensions.Logging.LogLevel.Error) Errors.Enqueue(format(state, e) + " " + e?.Message);
        }
    }

    [Fact]
    public async Task A_session_closed_from_outside_while_it_handles_a_frame_ends_as_a_close_not_a_failure()
    {
        // Seen under load (console-drive, 2026-11-30): "Session … failed: Reading is not allowed after reader was completed".
        var log = new ErrorLog();
        var fleet = new TestFleet();
        using var inHandler = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        fleet.SpaceDecider = r =>
        {
            inHandler.Set();
            release.Wait(TimeSpan.FromSeconds(10)); // the read loop is busy with this frame
            return new SpaceRequestResponse(r.RequestId, SpaceDecision.Denied, SpaceRequestResponse.NoSpace, 0);
        };
        await using var server = new AgvServer(new AgvServerOptions { Port = 0, Bind = "127.0.0.1", SupervisionInterval = TimeSpan.FromMilliseconds(50) }, fleet, log);
        server.Start();
        await using var client = await AgvClient.ConnectAsync(Agvs.Options(server.Port, "ACME-009"), new TestAgv());
        var asked = client.RequestSpaceAsync(new SpaceRequest(1, SpaceReason.ObstacleAvoidance, Space.Circle(0, 0, 500), 1000, Array.Empty<Pose>()));
        Assert.True(inHandler.Wait(TimeSpan.FromSeconds(5)));
        var session = server.FindOnline("ACME-009")!;
        var closing = session.CloseAsync("heartbeat lost"); // from outside the read loop
        await Task.Delay(100);
        release.Set();
        await closing;
        await Wait.Until(() => fleet.Offline.Count == 1, what: "offline");
        await Task.Delay(100);
        Assert.Empty(log.Errors);
        try { await asked; } catch (Exception) { /* the connection went away: either way */ }
    }

    [Fact]
    public async Task Agv_registers_reports_state_and_answers_every_command()
    {
        var agv = new TestAgv();
        await using var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "ACME-001"), agv);
        Assert.Equal(1u, client.AgvId);
        Assert.Equal(100u, client.ReportPeriodMs);

        var state = new State { MapId = 1, Pose = new(1000, 2000, 0), BatteryPct = 80, AgvState = AgvState.Idle };
        await client.SendStateAsync(state);
        await Wait.Until(() => _fleet.States.Count == 1, what: "state report");
        Assert.Equal(("ACME-001", state), (_fleet.States.First().Serial, _fleet.States.First().State));

        var hb = await client.SendHeartbeatAsync(5);
        Assert.True(hb.IsOk);
        Assert.InRange((long)hb.Body!.ServerTime!.Value, DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddSeconds(5).ToUnixTimeMilliseconds());

        var session = _server.FindOnline("ACME-001")!;
        Assert.Equal(1u, session.AgvId);

        var set = await session.SetParametersAsync(new Param(ParamId.StateReportPeriodMs, ParamValueType.U32, 200),
            new Param(ParamId.HeartbeatPeriodMs, ParamValueType.U32, 10));
        Assert.Equal([ResultCode.Ok, ResultCode.BadParameter], set.Body!.Results.Select(r => r.Result));
        Assert.Equal(200u, session.ReportPeriodMs);
        Assert.Equal(1000u, session.HeartbeatPeriodMs); // refused by the AGV: unchanged

        var query = await session.QueryParametersAsync();
        Assert.Equal(1000, query.Body!.Params[0].Value);

        var path = new MotionControl(9, TaskType.Move, false, new PathPoint[]
        {
            new(1, new(0, 0, 0), TargetAttribute.PassThrough, MoveType.Forward, Trajectory.Line, 1000, Array.Empty<Pose>(), Array.Empty<ActuatorCommand>()),
        }, Array.Empty<ActuatorCommand>());
        Assert.Equal(9u, (await session.SendPathAsync(path)).Body!.TaskId);
        Assert.True((await session.SendMotionCommandAsync(9, MotionCommandKind.Pause)).IsOk);
        Assert.True((await session.SendChargeAsync(ChargeCommand.Start, 5)).IsOk);
        Assert.True((await session.SendNavigationSwitchAsync(NavigationType.QrCode, 5)).IsOk);
        Assert.True((await session.SendMapSwitchAsync(2, 7, new(1, 2, 3))).IsOk);
        Assert.Equal(
            [typeof(ParamSet), typeof(ParamQuery), typeof(MotionControl), typeof(MotionCommand), typeof(ChargeControl), typeof(NavigationSwitch), typeof(MapSwitch)],
            agv.Commands.Select(c => c.GetType()));
        Assert.Equal(path, agv.Commands.OfType<MotionControl>().Single());

        await client.SendEventAsync(new EventReport(3, EventLevel.Warning, EventKind.Raised, "bumper"));
        await client.SendTaskReportAsync(new TaskReport(9, Messages.TaskStatus.Running, 0, 0));
        await client.SendRunDataAsync(new RunData(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        var space = await client.RequestSpaceAsync(new SpaceRequest(4, SpaceReason.ObstacleAvoidance, Space.Circle(0, 0, 500), 1000, Array.Empty<Pose>()));
        Assert.Equal(SpaceDecision.Granted, space.Body!.Decision);
        Assert.True((await client.ReleaseSpaceAsync(4)).IsOk);
        await Wait.Until(() => _fleet.Reports.Count == 4, what: "reports");
        Assert.Equal([typeof(EventReport), typeof(TaskReport), typeof(RunData), typeof(SpaceRelease)], _fleet.Reports.Select(r => r.Message.GetType()));
    }

    [Fact]
    public async Task Agv_rejecting_a_command_is_reported_with_its_result()
    {
        var agv = new TestAgv { Answer = _ => ResultCode.RejectedInState };
        await using var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "ACME-002"), agv);
        var r = await _server.FindOnline("ACME-002")!.SendChargeAsync(ChargeCommand.Start, 1);
        Assert.Equal(ResultCode.RejectedInState, r.Result);
        Assert.True(r.Sent);
    }

    [Fact]
    public async Task Silent_agv_goes_offline_within_three_heartbeat_periods()
    {
        _fleet.HeartbeatPeriodMs = 200;
        await using var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "QUIET-1"), new TestAgv());
        var start = DateTime.UtcNow;
        await Wait.Until(() => !_fleet.Offline.IsEmpty, 3, "offline");
        var elapsed = DateTime.UtcNow - start;
        Assert.Equal(("QUIET-1", OfflineReason.HeartbeatLost), _fleet.Offline.Single());
        Assert.InRange(elapsed.TotalMilliseconds, 550, 1500);
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(2)); // the socket was closed
        Assert.Null(_server.FindOnline("QUIET-1"));
    }

    [Fact]
    public async Task Heartbeats_keep_an_agv_online()
    {
        _fleet.HeartbeatPeriodMs = 200;
        await using var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "BUSY-1"), new TestAgv());
        for (int i = 0; i < 10; i++)
        {
            await Task.Delay(100);
            var hb = await client.SendHeartbeatAsync((uint)i);
            Assert.True(hb.IsOk, $"heartbeat {i}: {hb} {client.CloseReason}");
        }
        Assert.Empty(_fleet.Offline);
        Assert.NotNull(_server.FindOnline("BUSY-1"));
    }

    [Fact]
    public async Task Registering_again_replaces_a_stale_session_with_disconnect_reason_3()
    {
        // The AGV rebooted: its old connection is half-open, nothing it sends arrives any more.
        bool silent = false;
        await using var relay = new FrameRelay(_server.Port, (h, f) => silent ? [] : [f]);
        var first = new TestAgv();
        await using var old = await AgvClient.ConnectAsync(Agvs.Options(relay.Port, "REBOOT-1"), first);
        silent = true;
        await using var again = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "REBOOT-1"), new TestAgv());
        await Wait.Until(() => !first.Disconnects.IsEmpty, what: "disconnect of the old session");
        Assert.Equal(DisconnectReason.Reauth, first.Disconnects.Single());
        await old.Closed.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(again.AgvId, _server.FindOnline("REBOOT-1")!.AgvId);
        // The console closes the old session once the AGV answered its Disconnect (or did not, in time): wait for that side too.
        await Wait.Until(() => _fleet.Offline.Contains(("REBOOT-1", OfflineReason.Replaced)), 8, "the old session offline as replaced");
    }

    [Fact]
    public async Task A_live_session_is_not_taken_over_by_a_normal_mode_registration_of_its_serial()
    {
        var real = new TestAgv();
        await using var agv = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "DEMO-01"), real);
        var session = _server.FindOnline("DEMO-01")!;

        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(Agvs.Options(_server.Port, "DEMO-01"), new TestAgv()));
        Assert.Equal(("Register", ResultCode.DuplicateSerial), (e.Step, e.Result));

        // The real AGV keeps its session and gets the commands meant for it.
        Assert.Same(session, _server.FindOnline("DEMO-01"));
        Assert.True((await session.SendMotionCommandAsync(0, MotionCommandKind.Pause)).IsOk);
        Assert.IsType<MotionCommand>(Assert.Single(real.Commands));
        Assert.Empty(real.Disconnects);
        Assert.DoesNotContain(_fleet.Offline, o => o.Serial == "DEMO-01");
        Assert.Single(_fleet.Registered, s => s.Serial == "DEMO-01"); // the refused one never reached the fleet
        var refusal = Assert.Single(_fleet.SecurityEvents);
        Assert.Equal(("DEMO-01", "duplicate serial refused"), (refusal.Serial, refusal.Kind));
    }

    [Fact]
    public async Task Repeated_takeover_attempts_back_off_without_asking_the_real_agv_each_time()
    {
        int probes = 0;
        await using var relay = new FrameRelay(_server.Port, (h, f) =>
        {
            if (h.MsgType == MessageType.Heartbeat && h.IsResponse) Interlocked.Increment(ref probes);
            return [f];
        });
        await using var agv = await AgvClient.ConnectAsync(Agvs.Options(relay.Port, "DEMO-02"), new TestAgv());
        for (int i = 0; i < 5; i++)
        {
            var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(Agvs.Options(_server.Port, "DEMO-02"), new TestAgv()));
            Assert.Equal(ResultCode.DuplicateSerial, e.Result);
        }
        Assert.Equal(1, probes); // the first attempt asked the AGV; the others, within the back-off, were refused outright
        Assert.Equal(5, _fleet.SecurityEvents.Count(s => s.Serial == "DEMO-02"));
        Assert.NotNull(_server.FindOnline("DEMO-02"));
    }

    [Fact]
    public async Task An_agv_enrolled_with_a_key_may_not_connect_in_normal_mode()
    {
        _fleet.Enrol("KEYED-1", AgvConsole.Protocol.Security.Sm2.GenerateKeyPair());
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(Agvs.Options(_server.Port, "KEYED-1"), new TestAgv()));
        Assert.Equal(("AccessRequest", ResultCode.AuthFailed), (e.Step, e.Result));
        Assert.Contains(_fleet.SecurityEvents, s => s.Serial == "KEYED-1" && s.Detail.Contains("secure mode"));
        Assert.Null(_server.FindOnline("KEYED-1"));
    }

    [Theory]
    [InlineData("LINE\nFORGED", null)]
    [InlineData("AGV-1", "Acme\u202Eevil")]
    public async Task Control_characters_in_an_agvs_names_are_refused(string serial, string? vendor)
    {
        serial = System.Text.RegularExpressions.Regex.Unescape(serial);
        var registration = Agvs.Registration(serial, vendor is null ? "Acme" : System.Text.RegularExpressions.Regex.Unescape(vendor));
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(
            new AgvClientOptions { Host = "127.0.0.1", Port = _server.Port, Registration = registration }, new TestAgv()));
        Assert.Equal(ResultCode.BadParameter, e.Result);
        var refusal = Assert.Single(_fleet.SecurityEvents);
        Assert.Contains("control character", refusal.Detail);
        Assert.DoesNotContain('\n', refusal.Serial ?? "");
        Assert.Empty(_fleet.Registered);
    }

    [Fact]
    public async Task Agv_disconnect_is_answered_and_reported()
    {
        var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "BYE-1"), new TestAgv());
        await client.DisconnectAsync(DisconnectReason.Shutdown);
        await Wait.Until(() => !_fleet.Offline.IsEmpty, what: "offline");
        Assert.Equal(("BYE-1", OfflineReason.Disconnected), _fleet.Offline.Single());
    }

    [Fact]
    public async Task Commands_to_an_offline_agv_are_not_sent()
    {
        var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "GONE-1"), new TestAgv());
        var session = _server.FindOnline("GONE-1")!;
        await client.CloseAsync("test");
        await session.Closed.WaitAsync(TimeSpan.FromSeconds(2));
        var r = await session.SendMotionCommandAsync(1, MotionCommandKind.Cancel);
        Assert.Equal(ResultCode.NotRegistered, r.Result);
        Assert.False(r.Sent);
    }

    [Fact]
    public async Task Refuses_unknown_agvs_when_configured()
    {
        await using var strict = new AgvServer(new AgvServerOptions { Port = 0, Bind = "127.0.0.1", AllowUnknownAgvs = false }, _fleet);
        strict.Start();
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(Agvs.Options(strict.Port, "STRANGER"), new TestAgv()));
        Assert.Equal(ResultCode.AuthFailed, e.Result);
        _fleet.Enrol("KNOWN-1");
        await using var ok = await AgvClient.ConnectAsync(Agvs.Options(strict.Port, "KNOWN-1"), new TestAgv());
        Assert.Contains(_fleet.SecurityEvents, s => s.Serial == "STRANGER");
    }

    [Fact]
    public async Task Refuses_normal_mode_when_configured()
    {
        await using var secureOnly = new AgvServer(new AgvServerOptions { Port = 0, Bind = "127.0.0.1", AllowNormalMode = false }, _fleet);
        secureOnly.Start();
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(Agvs.Options(secureOnly.Port, "PLAIN-1"), new TestAgv()));
        Assert.Equal(ResultCode.AuthFailed, e.Result);
    }

    // ---- raw frames: what a misbehaving or foreign AGV may send ----------------------------------

    private sealed class RawPeer : IAsyncDisposable
    {
        private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp);
        private readonly FrameEncoder _enc = new();
        private readonly List<byte> _in = new();
        private uint _seq;

        public static async Task<RawPeer> ConnectAsync(int port)
        {
            var p = new RawPeer();
            await p._socket.ConnectAsync("127.0.0.1", port);
            return p;
        }

        public uint NextSeq => ++_seq;

        public byte[] Frame(IMessage m, uint seq, uint agvId = 0, FrameFlags flags = FrameFlags.AckRequired) =>
            _enc.Encode(new FrameHeader(flags, m.Type, ResultCode.Ok, seq, agvId, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0), m).ToArray();

        public Task SendAsync(byte[] bytes) => _socket.SendAsync(bytes);

        public async Task<(FrameHeader Header, IMessage? Body)> ReceiveAsync()
        {
            var buf = new byte[4096];
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (DateTime.UtcNow < deadline)
            {
                var seq = new System.Buffers.ReadOnlySequence<byte>(_in.ToArray());
                long before = seq.Length;
                if (FrameReader.TryRead(ref seq, out var h, out var body, out _) == FrameReadStatus.Frame)
                {
                    _in.RemoveRange(0, (int)(before - seq.Length));
                    MessageTable.TryDecode(h.MsgType, h.IsResponse, h.Result, System.Buffers.BuffersExtensions.ToArray(body), out var m);
                    return (h, m);
                }
                using var cts = new CancellationTokenSource(deadline - DateTime.UtcNow);
                int n = await _socket.ReceiveAsync(buf, cts.Token);
                if (n == 0) throw new IOException("closed");
                _in.AddRange(buf.AsSpan(0, n).ToArray());
            }
            throw new TimeoutException();
        }

        public async Task<bool> IsClosedByPeerAsync()
        {
            var buf = new byte[4096];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try { return await _socket.ReceiveAsync(buf, cts.Token) == 0; }
            catch (SocketException) { return true; }
        }

        public async Task RegisterAsync(string serial)
        {
            await SendAsync(Frame(new AccessRequest(AccessMode.Normal, "Raw", serial, 1), NextSeq));
            Assert.Equal(ResultCode.Ok, (await ReceiveAsync()).Header.Result);
            await SendAsync(Frame(Agvs.Registration(serial), NextSeq));
            Assert.Equal(ResultCode.Ok, (await ReceiveAsync()).Header.Result);
        }

        public ValueTask DisposeAsync()
        {
            _socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Messages_before_access_or_registration_get_not_registered()
    {
        await using var raw = await RawPeer.ConnectAsync(_server.Port);
        await raw.SendAsync(raw.Frame(Agvs.Registration("EARLY-1"), raw.NextSeq));
        Assert.Equal(ResultCode.NotRegistered, (await raw.ReceiveAsync()).Header.Result);
        await raw.SendAsync(raw.Frame(new AccessRequest(AccessMode.Normal, "Raw", "EARLY-1", 1), raw.NextSeq));
        Assert.Equal(ResultCode.Ok, (await raw.ReceiveAsync()).Header.Result);
        await raw.SendAsync(raw.Frame(new Heartbeat(1), raw.NextSeq));
        var (h, _) = await raw.ReceiveAsync();
        Assert.Equal((MessageType.Heartbeat, ResultCode.NotRegistered), (h.MsgType, h.Result));
        await raw.SendAsync(raw.Frame(new StateReport(new State()), raw.NextSeq, flags: FrameFlags.None));
        await raw.SendAsync(raw.Frame(Agvs.Registration("EARLY-1"), raw.NextSeq));
        Assert.Equal(ResultCode.Ok, (await raw.ReceiveAsync()).Header.Result);
        Assert.Empty(_fleet.States); // the early state report was not acted on
    }

    [Fact]
    public async Task Unknown_message_type_gets_unsupported_and_the_connection_stays()
    {
        await using var raw = await RawPeer.ConnectAsync(_server.Port);
        await raw.RegisterAsync("ODD-1");
        var enc = new FrameEncoder();
        var w = enc.BeginFrame();
        w.U32(42);
        await raw.SendAsync(enc.Finish(new FrameHeader(FrameFlags.AckRequired, (MessageType)0x0777, ResultCode.Ok, raw.NextSeq, 1, 1, 0)).ToArray());
        var (h, _) = await raw.ReceiveAsync();
        Assert.Equal(((MessageType)0x0777, ResultCode.UnsupportedMessage, true), (h.MsgType, h.Result, h.IsResponse));
        // a known type that only the RCS sends is not acted on either
        await raw.SendAsync(raw.Frame(new ParamQuery(Array.Empty<ParamId>()), raw.NextSeq, 1));
        Assert.Equal(ResultCode.UnsupportedMessage, (await raw.ReceiveAsync()).Header.Result);
        await raw.SendAsync(raw.Frame(new Heartbeat(1), raw.NextSeq, 1));
        Assert.Equal(ResultCode.Ok, (await raw.ReceiveAsync()).Header.Result);
    }

    [Fact]
    public async Task Retried_request_is_answered_from_the_last_answer_without_acting_twice()
    {
        await using var raw = await RawPeer.ConnectAsync(_server.Port);
        await raw.RegisterAsync("RETRY-1");
        var frame = raw.Frame(new SpaceRelease(77), raw.NextSeq, 1);
        await raw.SendAsync(frame);
        var first = await raw.ReceiveAsync();
        await raw.SendAsync(frame);
        var second = await raw.ReceiveAsync();
        Assert.Equal(first.Header, second.Header); // byte-identical answer, same seq and timestamp
        Assert.Single(_fleet.Reports);
        Assert.Equal(1, _server.Counters.DuplicateRequests);
    }

    [Fact]
    public async Task Bad_crc_and_undecodable_bodies_are_counted_and_the_connection_stays()
    {
        await using var raw = await RawPeer.ConnectAsync(_server.Port);
        await raw.RegisterAsync("NOISY-1");
        var bad = raw.Frame(new Heartbeat(1), raw.NextSeq, 1);
        bad[^1] ^= 0xFF;
        await raw.SendAsync(bad);
        var enc = new FrameEncoder();
        var w = enc.BeginFrame();
        w.U8(1); // a Register body cut short
        await raw.SendAsync(enc.Finish(new FrameHeader(FrameFlags.AckRequired, MessageType.EventReport, ResultCode.Ok, raw.NextSeq, 1, 1, 0)).ToArray());
        Assert.Equal(ResultCode.ProtocolError, (await raw.ReceiveAsync()).Header.Result);
        await raw.SendAsync(raw.Frame(new Heartbeat(2), raw.NextSeq, 1));
        Assert.Equal((MessageType.Heartbeat, ResultCode.Ok), ((await raw.ReceiveAsync()).Header.MsgType, ResultCode.Ok));
        Assert.Equal(1, _server.Counters.CrcErrors);
        Assert.Equal(1, _server.Counters.DecodeErrors);
    }

    [Fact]
    public async Task Oversize_length_closes_with_protocol_error()
    {
        await using var raw = await RawPeer.ConnectAsync(_server.Port);
        var head = new byte[FrameHeader.Size];
        new FrameHeader(FrameFlags.AckRequired, MessageType.Register, ResultCode.Ok, 5, 0, 1, FrameHeader.MaxBodyLength + 1).Write(head);
        await raw.SendAsync(head);
        var (h, _) = await raw.ReceiveAsync();
        Assert.Equal((ResultCode.ProtocolError, 5u), (h.Result, h.Seq));
        Assert.True(await raw.IsClosedByPeerAsync());
        Assert.Equal(1, _server.Counters.ProtocolErrors);
    }

    [Fact]
    public async Task Unanswered_request_times_out()
    {
        var agv = new TestAgv();
        await using var client = await AgvClient.ConnectAsync(Agvs.Options(_server.Port, "SLOW-1"), agv);
        var session = _server.FindOnline("SLOW-1")!;
        session.ResponseTimeout = TimeSpan.FromMilliseconds(200);
        await using var relayBlock = client; // keep alive
        // The AGV answers slower than the timeout.
        agv.Answer = m => { Thread.Sleep(400); return Reply.Ok(); };
        var r = await session.SendMotionCommandAsync(1, MotionCommandKind.Pause);
        Assert.Equal(ResultCode.Timeout, r.Result);
        Assert.True(session.Counters.Timeouts >= 1);
    }
}
