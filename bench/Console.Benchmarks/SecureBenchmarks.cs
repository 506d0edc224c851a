using System.Buffers;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Benchmarks;

/// <summary>Two channels (AGV and RCS) over one derived session key, and a StateReport body to send.</summary>
internal sealed class SecurePair
{
    public static readonly FrameHeader Header = new(FrameFlags.None, MessageType.StateReport, ResultCode.Ok, 42, 7, 1_700_000_000_000, 0);

    public readonly SecureChannel Agv, Rcs;
    public readonly SessionKeys Keys;
    public readonly Sm2KeyPair AgvKey;
    public readonly byte[] Plain;

    public SecurePair(IntegrityProfile profile, Sm2Signatures signatures)
    {
        AgvKey = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        Keys = Sm2KeyExchange.Derive(true, AgvKey, Sm2.GenerateKeyPair(), rcs.Public.Q, Sm2.GenerateKeyPair().Public.Q, "AGV-1", "RCS")!;
        Agv = new SecureChannel(profile, Keys, AgvKey, "AGV-1", rcs.Public, "RCS", signatures);
        Rcs = new SecureChannel(profile, Keys, rcs, "RCS", AgvKey.Public, "AGV-1", signatures);
        // The codec benchmark's StateReport: a 64-byte body, 80 bytes of ciphertext with its padding.
        Plain = new FrameEncoder().EncodeBody(new StateReport(new State
        {
            MapId = 1, Pose = new(12_345, -6_789, 1571), LocConfidence = 97, Vx = 1200, BatteryPct = 76, BatteryMv = 25_400,
            AgvState = AgvState.Moving, TaskId = 4711, LastNodeId = 101, NextNodeId = 102, PointIndex = 3,
            Actuators = SmallList<ActuatorState>.From([new(ActuatorType.Lift, 0, ActuatorStatus.Idle, 0)]),
        })).ToArray();
    }
}

/// <summary>
/// One StateReport through a secure channel as the sessions send and receive it: sealed and framed
/// on the AGV; on the RCS read from the socket's bytes, the body copied once (as ProtocolSession
/// does), then opened. Every buffer is reused: the per-frame cost is what remains.
/// </summary>
internal sealed class SecureFrame(SecurePair pair)
{
    private readonly FrameEncoder _encoder = new();
    private readonly byte[] _wire = new byte[4096];
    private readonly WireWriter _bodyCopy = new(), _plain = new();

    public int Seal() => pair.Agv.SealFrame(_encoder, SecurePair.Header, pair.Plain).Length;

    public SecurityFailure Receive(byte[] frame, int length)
    {
        var seq = new ReadOnlySequence<byte>(frame, 0, length);
        FrameReader.TryRead(ref seq, out var header, out var body, out _);
        _bodyCopy.Reset();
        var (arr, _) = _bodyCopy.ReserveArray((int)body.Length);
        body.CopyTo(arr);
        Span<byte> head = stackalloc byte[FrameHeader.Size];
        header.Write(head);
        return pair.Rcs.Open(head[..FrameHeader.AuthenticatedSize], header.MsgType, arr, 0, (int)body.Length, _plain);
    }

    public SecurityFailure RoundTrip()
    {
        var frame = pair.Agv.SealFrame(_encoder, SecurePair.Header, pair.Plain);
        frame.CopyTo(_wire); // the socket
        return Receive(_wire, frame.Length);
    }
}

/// <summary>
/// Profile 1 (HMAC-SM3) per StateReport: seal, open and the whole sealed-frame round trip, and the
/// parts: SM4-CBC of the body each way, HMAC-SM3 of the tagged bytes. SM2 takes no part.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class SecureChannelBenchmarks
{
    private SecureFrame _secure = null!;
    private byte[] _frame = [];
    private readonly CbcBlockCipher _sm4Encrypt = new(new SM4Engine()), _sm4Decrypt = new(new SM4Engine());
    private readonly HMac _hmac = new(new SM3Digest());
    private readonly byte[] _body = new byte[80], _ciphertext = new byte[80], _tagged = new byte[24 + 16 + 80], _mac = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        var pair = new SecurePair(IntegrityProfile.SignedAndMac, BouncyCastleSm2.Instance);
        _secure = new SecureFrame(pair);
        _frame = pair.Agv.SealFrame(new FrameEncoder(), SecurePair.Header, pair.Plain).ToArray();
        var key = new ParametersWithIV(new KeyParameter(pair.Keys.EncryptionKey.ToArray()), new byte[16]);
        _sm4Encrypt.Init(true, key);
        _sm4Decrypt.Init(false, key);
        _hmac.Init(new KeyParameter(pair.Keys.MacKey.ToArray()));
        new Random(5).NextBytes(_body);
        new Random(6).NextBytes(_ciphertext);
        if (Open() != SecurityFailure.None || RoundTrip() != SecurityFailure.None)
            throw new InvalidOperationException("the benchmark's own frames do not open");
    }

    [Benchmark(Baseline = true, Description = "profile 1: seal (AGV)")]
    public int Seal() => _secure.Seal();

    [Benchmark(Description = "profile 1: frame read + open (RCS)")]
    public SecurityFailure Open() => _secure.Receive(_frame, _frame.Length);

    [Benchmark(Description = "profile 1: seal + read + open")]
    public SecurityFailure RoundTrip() => _secure.RoundTrip();

    [Benchmark(Description = "part: SM4-CBC encrypt 80 B")]
    public byte Sm4Encrypt()
    {
        _sm4Encrypt.Reset();
        for (int i = 0; i < 80; i += 16) _sm4Encrypt.ProcessBlock(_body, i, _ciphertext, i);
        return _ciphertext[0];
    }

    [Benchmark(Description = "part: SM4-CBC decrypt 80 B")]
    public byte Sm4Decrypt()
    {
        _sm4Decrypt.Reset();
        for (int i = 0; i < 80; i += 16) _sm4Decrypt.ProcessBlock(_ciphertext, i, _body, i);
        return _body[0];
    }

    [Benchmark(Description = "part: HMAC-SM3 of 120 B")]
    public byte HmacSm3()
    {
        _hmac.BlockUpdate(_tagged, 0, _tagged.Length);
        _hmac.DoFinal(_mac, 0);
        return _mac[0];
    }
}

/// <summary>
/// Profile 0 (SM2 signatures) per StateReport with each SM2 implementation: seal, open and the
/// round trip, and SM2 sign and verify alone over the 120 tagged bytes (header, IV, ciphertext).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class SignedChannelBenchmarks
{
    private SecureFrame _secure = null!;
    private byte[] _frame = [];
    private Sm2Signer _signer = null!;
    private Sm2Verifier _verifier = null!;
    private readonly byte[] _tagged = new byte[24 + 16 + 80], _signature = new byte[Sm2Signer.MaxSignatureSize];
    private byte[] _signed = [];

    [Params("OpenSSL", "BouncyCastle")]
    public string Sm2 { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        Sm2Signatures signatures = Sm2 == "OpenSSL"
            ? OpenSslSm2.TryCreate(out var why) ?? throw new InvalidOperationException(why)
            : BouncyCastleSm2.Instance;
        var pair = new SecurePair(IntegrityProfile.Signed, signatures);
        _secure = new SecureFrame(pair);
        _frame = pair.Agv.SealFrame(new FrameEncoder(), SecurePair.Header, pair.Plain).ToArray();
        new Random(7).NextBytes(_tagged);
        _signer = signatures.CreateSigner(pair.AgvKey, "AGV-1");
        _verifier = signatures.CreateVerifier(pair.AgvKey.Public, "AGV-1");
        _signed = _signature[..Sign()];
        if (!Verify() || Open() != SecurityFailure.None || RoundTrip() != SecurityFailure.None)
            throw new InvalidOperationException("the benchmark's own frames do not verify");
    }

    [Benchmark(Baseline = true, Description = "profile 0: seal (AGV)")]
    public int Seal() => _secure.Seal();

    [Benchmark(Description = "profile 0: frame read + open (RCS)")]
    public SecurityFailure Open() => _secure.Receive(_frame, _frame.Length);

    [Benchmark(Description = "profile 0: seal + read + open")]
    public SecurityFailure RoundTrip() => _secure.RoundTrip();

    [Benchmark(Description = "part: SM2 sign")]
    public int Sign()
    {
        _signer.Update(_tagged);
        return _signer.Sign(_signature);
    }

    [Benchmark(Description = "part: SM2 verify")]
    public bool Verify()
    {
        _verifier.Update(_tagged);
        return _verifier.Verify(_signed);
    }
}
