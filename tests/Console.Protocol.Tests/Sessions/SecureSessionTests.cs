using System.Buffers.Binary;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Protocol.Tests.Sessions;

public sealed class SecureSessionTests : IAsyncLifetime
{
    private readonly TestFleet _fleet = new();
    private readonly Sm2KeyPair _rcsKey = Sm2.GenerateKeyPair();
    private AgvServer _server = null!;

    public Task InitializeAsync()
    {
        _server = Start();
        return Task.CompletedTask;
    }

    private AgvServer Start(params IntegrityProfile[] profiles)
    {
        var server = new AgvServer(new AgvServerOptions
        {
            Port = 0, Bind = "127.0.0.1", RcsKey = _rcsKey,
            SecureIntegrityProfiles = profiles.Length == 0 ? [IntegrityProfile.Signed, IntegrityProfile.SignedAndMac] : profiles,
        }, _fleet);
        server.Start();
        return server;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<AgvClient> Connect(string serial, Sm2KeyPair key, IntegrityProfile profile = IntegrityProfile.SignedAndMac, int? port = null, TestAgv? agv = null) =>
        AgvClient.ConnectAsync(Agvs.Options(port ?? _server.Port, serial, AccessMode.Secure, key, profile, _rcsKey.PublicKeyBytes), agv ?? new TestAgv());

    [Theory]
    [InlineData(IntegrityProfile.Signed)]
    [InlineData(IntegrityProfile.SignedAndMac)]
    public async Task Full_secure_session_in_each_integrity_profile(IntegrityProfile profile)
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-1", key);
        var agv = new TestAgv();
        await using var client = await Connect("SEC-1", key, profile, agv: agv);
        Assert.True(client.IsSecure);
        Assert.Equal(profile, client.Integrity);

        var state = new State { MapId = 3, Pose = new(5, 6, 7), BatteryPct = 55 };
        await client.SendStateAsync(state);
        Assert.True((await client.SendHeartbeatAsync(1)).IsOk);
        await client.SendEventAsync(new EventReport(9, EventLevel.Error, EventKind.Raised, "e-stop pressed"));
        await Wait.Until(() => _fleet.States.Count == 1 && _fleet.Reports.Count == 1, what: "secure reports");
        Assert.Equal(state, _fleet.States.Single().State);

        var session = _server.FindOnline("SEC-1")!;
        Assert.True(session.IsSecure);
        var set = await session.SetParametersAsync(new Param(ParamId.StateReportPeriodMs, ParamValueType.U32, 100));
        Assert.Equal(ResultCode.Ok, set.Body!.Results[0].Result);
        Assert.True((await session.SendMotionCommandAsync(0, MotionCommandKind.EmergencyStop)).IsOk);
        Assert.Equal(2, agv.Commands.Count);
        Assert.Equal(0, _server.Counters.BadTags + _server.Counters.Replays + _server.Counters.AuthFailures);
    }

    [Fact]
    public async Task A_secure_registration_replaces_a_live_session_at_once()
    {
        // Holding the enrolled key proves it is the AGV (rebooted, or its old connection half-open): PROTOCOL.md §3 applies.
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-R", key);
        var first = new TestAgv();
        await using var old = await Connect("SEC-R", key, agv: first);
        await using var again = await Connect("SEC-R", key);
        await Wait.Until(() => !first.Disconnects.IsEmpty, what: "disconnect of the old session");
        Assert.Equal(DisconnectReason.Reauth, first.Disconnects.Single());
        Assert.Equal(again.AgvId, _server.FindOnline("SEC-R")!.AgvId);
        // The console closes the old session once the AGV answered its Disconnect (or did not, in time): wait for that side too.
        await Wait.Until(() => _fleet.Offline.Contains(("SEC-R", OfflineReason.Replaced)), 8, "the old session offline as replaced");
    }

    [Fact]
    public async Task Rcs_lowers_the_profile_to_0_when_1_is_not_accepted()
    {
        await using var strict = Start(IntegrityProfile.Signed);
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-LOW", key);
        await using var client = await Connect("SEC-LOW", key, IntegrityProfile.SignedAndMac, strict.Port);
        Assert.Equal(IntegrityProfile.Signed, client.Integrity);
        Assert.True((await client.SendHeartbeatAsync(1)).IsOk);
    }

    [Fact]
    public async Task Unenrolled_key_is_refused_counted_and_reported()
    {
        var enrolled = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-2", enrolled);
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => Connect("SEC-2", Sm2.GenerateKeyPair()));
        Assert.Equal(ResultCode.AuthFailed, e.Result);
        var unknown = await Assert.ThrowsAsync<AgvConnectException>(() => Connect("NOBODY", Sm2.GenerateKeyPair()));
        Assert.Equal(ResultCode.AuthFailed, unknown.Result);
        Assert.Equal(2, _server.Counters.AuthFailures);
        Assert.Contains(_fleet.SecurityEvents, s => s.Serial == "SEC-2" && s.Kind == "unenrolled key");
        Assert.Contains(_fleet.SecurityEvents, s => s.Serial == "NOBODY" && s.Detail.Contains("not enrolled"));
        Assert.Null(_server.FindOnline("SEC-2"));
    }

    [Fact]
    public async Task Agv_refuses_an_rcs_with_another_key()
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-PIN", key);
        var options = Agvs.Options(_server.Port, "SEC-PIN", AccessMode.Secure, key, rcsKey: Sm2.GenerateKeyPair().PublicKeyBytes);
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => AgvClient.ConnectAsync(options, new TestAgv()));
        Assert.Equal(ResultCode.AuthFailed, e.Result);
    }

    /// <summary>Flips a byte of the ciphertext and re-stamps the CRC: only the tag can catch it.</summary>
    private static byte[] Tamper(byte[] frame)
    {
        var t = (byte[])frame.Clone();
        t[FrameHeader.Size + 2 + 16 + 4] ^= 0x01;
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(t.Length - 4), Crc32.Compute(t.AsSpan(0, t.Length - 4)));
        return t;
    }

    [Theory]
    [InlineData(IntegrityProfile.Signed)]
    [InlineData(IntegrityProfile.SignedAndMac)]
    public async Task Tampered_frame_is_dropped_counted_and_reported(IntegrityProfile profile)
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-3", key);
        int stateReports = 0;
        await using var relay = new FrameRelay(_server.Port, (h, f) =>
            h.MsgType == MessageType.StateReport && ++stateReports == 2 ? [Tamper(f)] : [f]);
        await using var client = await Connect("SEC-3", key, profile, relay.Port);
        for (int i = 1; i <= 3; i++) await client.SendStateAsync(new State { BatteryPct = (byte)i });
        Assert.True((await client.SendHeartbeatAsync(1)).IsOk); // the session lives on
        await Wait.Until(() => _fleet.States.Count == 2, what: "two good reports");
        Assert.Equal([1, 3], _fleet.States.Select(s => (int)s.State.BatteryPct));
        Assert.Equal(1, _server.Counters.BadTags);
        Assert.Contains(_fleet.SecurityEvents, s => s.Serial == "SEC-3" && s.Kind.Contains("BadTag"));
    }

    [Fact]
    public async Task Three_tampered_frames_in_a_minute_close_the_session_with_auth_failed()
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-4", key);
        await using var relay = new FrameRelay(_server.Port, (h, f) => h.MsgType == MessageType.StateReport ? [Tamper(f)] : [f]);
        await using var client = await Connect("SEC-4", key, IntegrityProfile.SignedAndMac, relay.Port);
        for (int i = 0; i < 3; i++) await client.SendStateAsync(new State());
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, _server.Counters.BadTags);
        Assert.Equal(1, _server.Counters.AuthFailures);
        Assert.Contains(("SEC-4", OfflineReason.ConnectionLost), _fleet.Offline);
        Assert.Empty(_fleet.States);
    }

    [Fact]
    public async Task Replayed_frame_is_dropped_counted_and_reported()
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-5", key);
        byte[]? recorded = null;
        await using var relay = new FrameRelay(_server.Port, (h, f) =>
        {
            if (h.MsgType != MessageType.StateReport) return [f];
            if (recorded is null) { recorded = f; return [f]; }
            return [f, recorded]; // the attacker replays the first report after the second
        });
        await using var client = await Connect("SEC-5", key, IntegrityProfile.SignedAndMac, relay.Port);
        await client.SendStateAsync(new State { BatteryPct = 10 });
        await client.SendStateAsync(new State { BatteryPct = 20 });
        Assert.True((await client.SendHeartbeatAsync(1)).IsOk);
        await Wait.Until(() => _server.Counters.Replays == 1, what: "replay counted");
        Assert.Equal([10, 20], _fleet.States.Select(s => (int)s.State.BatteryPct));
        Assert.Contains(_fleet.SecurityEvents, s => s.Serial == "SEC-5" && s.Kind.Contains("ReplayedSeq"));
    }

    [Fact]
    public async Task Plain_frame_inside_a_secure_session_is_refused()
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("SEC-6", key);
        var enc = new FrameEncoder();
        bool injected = false;
        await using var relay = new FrameRelay(_server.Port, (h, f) =>
        {
            if (h.MsgType != MessageType.StateReport || injected) return [f];
            injected = true;
            var forged = enc.Encode(h with { Flags = FrameFlags.None }, new StateReport(new State { BatteryPct = 99 })).ToArray();
            return [forged, f];
        });
        await using var client = await Connect("SEC-6", key, IntegrityProfile.SignedAndMac, relay.Port);
        await client.SendStateAsync(new State { BatteryPct = 50 });
        Assert.True((await client.SendHeartbeatAsync(1)).IsOk);
        await Wait.Until(() => _fleet.States.Count == 1, what: "the genuine report");
        Assert.Equal(50, _fleet.States.Single().State.BatteryPct);
        Assert.Equal(1, _server.Counters.NotEncrypted);
    }

    [Fact]
    public async Task Two_secure_agvs_keep_their_sessions_apart()
    {
        var k1 = Sm2.GenerateKeyPair();
        var k2 = Sm2.GenerateKeyPair();
        _fleet.Enrol("TWIN-1", k1);
        _fleet.Enrol("TWIN-2", k2);
        var a1 = new TestAgv();
        var a2 = new TestAgv();
        await using var c1 = await Connect("TWIN-1", k1, IntegrityProfile.SignedAndMac, agv: a1);
        await using var c2 = await Connect("TWIN-2", k2, IntegrityProfile.Signed, agv: a2);
        var sends = new List<Task>();
        for (int i = 0; i < 20; i++)
        {
            sends.Add(c1.SendStateAsync(new State { MapId = 1, PointIndex = (ushort)i }).AsTask());
            sends.Add(c2.SendStateAsync(new State { MapId = 2, PointIndex = (ushort)i }).AsTask());
        }
        await Task.WhenAll(sends);
        await Wait.Until(() => _fleet.States.Count == 40, what: "40 reports");
        Assert.All(_fleet.States, s => Assert.Equal(s.Serial == "TWIN-1" ? 1u : 2u, s.State.MapId));
        Assert.Equal(Enumerable.Range(0, 20), _fleet.States.Where(s => s.Serial == "TWIN-2").Select(s => (int)s.State.PointIndex));

        var r1 = _server.FindOnline("TWIN-1")!.SendChargeAsync(ChargeCommand.Start, 11);
        var r2 = _server.FindOnline("TWIN-2")!.SendChargeAsync(ChargeCommand.Start, 22);
        Assert.True((await r1).IsOk && (await r2).IsOk);
        Assert.Equal(11u, ((ChargeControl)a1.Commands.Single()).StationNodeId);
        Assert.Equal(22u, ((ChargeControl)a2.Commands.Single()).StationNodeId);
        Assert.Equal(0, _server.Counters.BadTags + _server.Counters.Replays);
    }
}
