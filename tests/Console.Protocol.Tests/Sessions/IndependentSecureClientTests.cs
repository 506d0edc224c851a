using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace AgvConsole.Protocol.Tests.Sessions;

/// <summary>
/// The real AgvServer over TCP against an AGV written here from PROTOCOL.md §6 on BouncyCastle's
/// own building blocks, none of the console's secure code: its SM2KeyExchange (not
/// Sm2KeyExchange), its CBC + PKCS#7 composition (not SecureChannel), its SM2Signer and HMac (the
/// console signs and verifies with OpenSSL where it loads). Only the plain codec is shared, and
/// the golden frames pin that.
/// </summary>
public sealed class IndependentSecureClientTests : IAsyncLifetime
{
    private readonly TestFleet _fleet = new();
    private readonly Sm2KeyPair _rcsKey = Sm2.GenerateKeyPair();
    private AgvServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new AgvServer(new AgvServerOptions { Port = 0, Bind = "127.0.0.1", RcsKey = _rcsKey }, _fleet);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(IntegrityProfile.Signed)]
    [InlineData(IntegrityProfile.SignedAndMac)]
    public async Task An_independent_agv_gets_access_registers_and_reports(IntegrityProfile profile)
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("IND-1", key);
        using var agv = await IndependentAgv.ConnectAsync(_server.Port, "IND-1", key, _rcsKey, profile);

        var registered = await agv.RequestAsync(Agvs.Registration("IND-1"));
        Assert.Equal(ResultCode.Ok, registered.Header.Result);
        Assert.True(MessageTable.TryDecode<RegisterResponse>(registered.Plain, out var response) == DecodeError.None);
        Assert.NotEqual(0u, response.AgvId);
        agv.AgvId = response.AgvId;

        var state = new State { MapId = 3, Pose = new(5, 6, 7), BatteryPct = 55 };
        var answered = await agv.RequestAsync(new StateReport(state)); // MAC-tagged both ways in profile 1, signed in 0
        Assert.Equal(ResultCode.Ok, answered.Header.Result);
        await Wait.Until(() => _fleet.States.Count == 1, what: "the independent AGV's state report");
        Assert.Equal(state, _fleet.States.Single().State);
        Assert.Equal(0, _server.Counters.BadTags + _server.Counters.Replays + _server.Counters.AuthFailures);
    }

    [Fact]
    public async Task A_signature_made_with_the_library_default_id_is_refused()
    {
        var key = Sm2.GenerateKeyPair();
        _fleet.Enrol("IND-2", key);
        using var agv = await IndependentAgv.ConnectAsync(_server.Port, "IND-2", key, _rcsKey, IntegrityProfile.Signed);
        agv.SigningId = "1234567812345678";
        await agv.SendAsync(Agvs.Registration("IND-2"), ack: true);
        await Wait.Until(() => _server.Counters.BadTags == 1, what: "the refused signature to be counted");
        Assert.Empty(_fleet.Registered);
    }

    /// <summary>An AGV of its own: the secure envelope of §6.3 built from BouncyCastle's primitives.</summary>
    private sealed class IndependentAgv : IDisposable
    {
        private readonly Socket _socket;
        private readonly string _serial;
        private readonly Sm2KeyPair _key;
        private readonly ECPublicKeyParameters _rcs;
        private readonly IntegrityProfile _profile;
        private readonly byte[] _rx = new byte[1 << 16];
        private int _rxCount;
        private uint _seq;
        private byte[] _k = [];

        private IndependentAgv(Socket socket, string serial, Sm2KeyPair key, ECPublicKeyParameters rcs, IntegrityProfile profile)
        {
            _socket = socket;
            _serial = serial;
            _key = key;
            _rcs = rcs;
            _profile = profile;
            SigningId = serial;
        }

        public uint AgvId { get; set; }
        public string SigningId { get; set; }

        public void Dispose() => _socket.Dispose();

        public static async Task<IndependentAgv> ConnectAsync(int port, string serial, Sm2KeyPair key, Sm2KeyPair rcsKey, IntegrityProfile profile)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", port);
            var agv = new IndependentAgv(socket, serial, key, rcsKey.Public, profile);
            await agv.AccessAsync(rcsKey);
            return agv;
        }

        private async Task AccessAsync(Sm2KeyPair rcsKey)
        {
            var ephemeral = Sm2.GenerateKeyPair();
            await SendPlainAsync(new AccessRequest(AccessMode.Secure, "Acme", _serial, 1, _key.PublicKeyBytes, ephemeral.PublicKeyBytes, _profile));
            var (header, body) = await ReadFrameAsync();
            Assert.Equal(ResultCode.Ok, header.Result);
            Assert.Equal(DecodeError.None, MessageTable.TryDecode<AccessResponse>(body, out var answer));
            Assert.Equal(rcsKey.PublicKeyBytes, answer.RcsStaticPub.AsSpan().ToArray());
            Assert.Equal(_profile, answer.Integrity);

            // GB/T 32918.3 as BouncyCastle implements it; it throws if S_B does not confirm.
            var exchange = new SM2KeyExchange();
            exchange.Init(new ParametersWithID(new SM2KeyExchangePrivateParameters(true, _key.Private, ephemeral.Private), Encoding.UTF8.GetBytes(_serial)));
            var rcsEphemeral = Sm2.TryDecodePublicKey(answer.RcsEphemeralPub.AsSpan())!;
            var result = exchange.CalculateKeyWithConfirmation(256, answer.ConfirmB.AsSpan().ToArray(),
                new ParametersWithID(new SM2KeyExchangePublicParameters(_rcs, rcsEphemeral), Encoding.UTF8.GetBytes("RCS")));
            _k = result[0];

            await SendPlainAsync(new AccessConfirm(result[1]));
            var confirmed = await ReadSealedAsync();
            Assert.Equal(ResultCode.Ok, confirmed.Header.Result);
        }

        private async Task SendPlainAsync<T>(T message) where T : IMessage
        {
            var frame = new FrameEncoder().Encode(Header(message.Type, FrameFlags.AckRequired), message).ToArray();
            await _socket.SendAsync(frame);
        }

        private FrameHeader Header(MessageType type, FrameFlags flags) =>
            new(flags, type, ResultCode.Ok, ++_seq, AgvId, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);

        /// <summary>StateReport, RunDataReport, Heartbeat and their responses carry the MAC in profile 1 (§6.3).</summary>
        private bool Mac(MessageType type) =>
            _profile == IntegrityProfile.SignedAndMac && type is MessageType.StateReport or MessageType.RunDataReport or MessageType.Heartbeat;

        public async Task SendAsync<T>(T message, bool ack) where T : IMessage
        {
            var header = Header(message.Type, FrameFlags.Encrypted | (ack ? FrameFlags.AckRequired : FrameFlags.None));
            var authenticated = new byte[FrameHeader.Size];
            header.Write(authenticated);
            var plain = new FrameEncoder().EncodeBody(message).ToArray();

            var iv = RandomNumberGenerator.GetBytes(16);
            var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(new SM4Engine()), new Pkcs7Padding());
            cipher.Init(true, new ParametersWithIV(new KeyParameter(_k, 0, 16), iv));
            var ciphertext = cipher.DoFinal(plain);
            byte[] tagged = [.. authenticated.AsSpan(0, FrameHeader.AuthenticatedSize), .. iv, .. ciphertext];
            byte[] tag;
            if (Mac(message.Type))
            {
                var hmac = new HMac(new SM3Digest());
                hmac.Init(new KeyParameter(_k, 16, 16));
                hmac.BlockUpdate(tagged, 0, tagged.Length);
                tag = new byte[32];
                hmac.DoFinal(tag, 0);
            }
            else
            {
                var signer = new SM2Signer();
                signer.Init(true, new ParametersWithID(_key.Private, Encoding.UTF8.GetBytes(SigningId)));
                signer.BlockUpdate(tagged, 0, tagged.Length);
                tag = signer.GenerateSignature();
            }
            var envelope = new byte[2 + 16 + 4 + ciphertext.Length + 2 + tag.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(envelope, 16);
            iv.CopyTo(envelope, 2);
            BinaryPrimitives.WriteUInt32LittleEndian(envelope.AsSpan(18), (uint)ciphertext.Length);
            ciphertext.CopyTo(envelope, 22);
            BinaryPrimitives.WriteUInt16LittleEndian(envelope.AsSpan(22 + ciphertext.Length), (ushort)tag.Length);
            tag.CopyTo(envelope, 24 + ciphertext.Length);
            await _socket.SendAsync(new FrameEncoder().Frame(header, envelope).ToArray());
        }

        public async Task<(FrameHeader Header, byte[] Plain)> RequestAsync<T>(T message) where T : IMessage
        {
            await SendAsync(message, ack: true);
            uint seq = _seq;
            while (true)
            {
                var answer = await ReadSealedAsync();
                if (answer.Header.IsResponse && answer.Header.Seq == seq) return answer;
            }
        }

        /// <summary>Reads the next frame, checks it is encrypted, verifies its tag, then decrypts it.</summary>
        private async Task<(FrameHeader Header, byte[] Plain)> ReadSealedAsync()
        {
            var (header, envelope) = await ReadFrameAsync();
            Assert.True(header.IsEncrypted, $"{header.MsgType} from the RCS is not encrypted");
            var authenticated = new byte[FrameHeader.Size];
            header.Write(authenticated);
            var iv = envelope.AsSpan(2, 16).ToArray();
            int ctLen = (int)BinaryPrimitives.ReadUInt32LittleEndian(envelope.AsSpan(18));
            var ciphertext = envelope.AsSpan(22, ctLen).ToArray();
            int tagLen = BinaryPrimitives.ReadUInt16LittleEndian(envelope.AsSpan(22 + ctLen));
            var tag = envelope.AsSpan(24 + ctLen, tagLen).ToArray();
            Assert.Equal(envelope.Length, 24 + ctLen + tagLen);
            byte[] tagged = [.. authenticated.AsSpan(0, FrameHeader.AuthenticatedSize), .. iv, .. ciphertext];
            if (Mac(header.MsgType))
            {
                var hmac = new HMac(new SM3Digest());
                hmac.Init(new KeyParameter(_k, 16, 16));
                hmac.BlockUpdate(tagged, 0, tagged.Length);
                var expected = new byte[32];
                hmac.DoFinal(expected, 0);
                Assert.Equal(expected, tag);
            }
            else
            {
                var verifier = new SM2Signer();
                verifier.Init(false, new ParametersWithID(_rcs, Encoding.UTF8.GetBytes("RCS")));
                verifier.BlockUpdate(tagged, 0, tagged.Length);
                Assert.True(verifier.VerifySignature(tag), $"the RCS's signature on {header.MsgType} does not verify with its id");
            }
            var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(new SM4Engine()), new Pkcs7Padding());
            cipher.Init(false, new ParametersWithIV(new KeyParameter(_k, 0, 16), iv));
            return (header, cipher.DoFinal(ciphertext));
        }

        private async Task<(FrameHeader Header, byte[] Body)> ReadFrameAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (true)
            {
                var seq = new ReadOnlySequence<byte>(_rx, 0, _rxCount);
                if (FrameReader.TryRead(ref seq, out var header, out var body, out _) == FrameReadStatus.Frame)
                {
                    var bytes = body.ToArray();
                    int consumed = _rxCount - (int)seq.Length;
                    Array.Copy(_rx, consumed, _rx, 0, _rxCount - consumed);
                    _rxCount -= consumed;
                    return (header, bytes);
                }
                int n = await _socket.ReceiveAsync(_rx.AsMemory(_rxCount), timeout.Token);
                if (n == 0) throw new IOException("the RCS closed the connection");
                _rxCount += n;
            }
        }
    }
}
