using System.Text;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace AgvConsole.Benchmarks;

/// <summary>
/// Secure mode per StateReport: seal (AGV side) + open (RCS side) in each integrity profile, and
/// the split between its parts: SM4-CBC of the body, HMAC-SM3 of the tagged bytes, SM2 sign and verify.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class SecureChannelBenchmarks
{
    private SecureChannel _agvMac = null!, _rcsMac = null!, _agvSigned = null!, _rcsSigned = null!;
    private readonly WireWriter _sealed = new(), _opened = new();
    private byte[] _plain = [];
    private readonly byte[] _header = new byte[FrameHeader.AuthenticatedSize];
    private byte[] _macEnvelope = [], _signedEnvelope = [];
    private readonly SM4Engine _sm4 = new();
    private readonly HMac _hmac = new(new SM3Digest());
    private readonly byte[] _block = new byte[64], _macOut = new byte[32];
    private Sm2KeyPair _key = null!;
    private byte[] _signature = [];
    private readonly byte[] _tagged = new byte[24 + 16 + 64];

    [GlobalSetup]
    public void Setup()
    {
        var agv = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        var ra = Sm2.GenerateKeyPair();
        var rb = Sm2.GenerateKeyPair();
        var keys = Sm2KeyExchange.Derive(true, agv, ra, rcs.Public.Q, rb.Public.Q, "AGV-1", "RCS")!;
        _agvMac = new SecureChannel(IntegrityProfile.SignedAndMac, keys, agv, "AGV-1", rcs.Public, "RCS");
        _rcsMac = new SecureChannel(IntegrityProfile.SignedAndMac, keys, rcs, "RCS", agv.Public, "AGV-1");
        _agvSigned = new SecureChannel(IntegrityProfile.Signed, keys, agv, "AGV-1", rcs.Public, "RCS");
        _rcsSigned = new SecureChannel(IntegrityProfile.Signed, keys, rcs, "RCS", agv.Public, "AGV-1");
        _plain = new FrameEncoder().EncodeBody(new StateReport(new State { MapId = 1, BatteryPct = 80, Actuators = SmallList<ActuatorState>.From([new(ActuatorType.Lift, 0, 0, 0)]) })).ToArray();
        _macEnvelope = Seal(_agvMac);
        _signedEnvelope = Seal(_agvSigned);
        _sm4.Init(true, new KeyParameter(keys.EncryptionKey.ToArray()));
        _hmac.Init(new KeyParameter(keys.MacKey.ToArray()));
        _key = agv;
        _signature = Sign();
    }

    private byte[] Seal(SecureChannel c)
    {
        _sealed.Reset();
        c.Seal(_header, MessageType.StateReport, _plain, _sealed);
        return _sealed.Written.ToArray();
    }

    [Benchmark(Baseline = true, Description = "profile 1 (MAC): seal")]
    public int SealMac() => Seal(_agvMac).Length;

    [Benchmark(Description = "profile 1 (MAC): open")]
    public SecurityFailure OpenMac() => _rcsMac.Open(_header, MessageType.StateReport, _macEnvelope, 0, _macEnvelope.Length, _opened);

    [Benchmark(Description = "profile 0 (signed): seal")]
    public int SealSigned() => Seal(_agvSigned).Length;

    [Benchmark(Description = "profile 0 (signed): open")]
    public SecurityFailure OpenSigned() => _rcsSigned.Open(_header, MessageType.StateReport, _signedEnvelope, 0, _signedEnvelope.Length, _opened);

    [Benchmark(Description = "part: SM4 of a 64 B body (4 blocks)")]
    public byte Sm4()
    {
        for (int i = 0; i < 64; i += 16) _sm4.ProcessBlock(_block, i, _block, i);
        return _block[0];
    }

    [Benchmark(Description = "part: HMAC-SM3 of header+iv+ct")]
    public byte HmacSm3()
    {
        _hmac.BlockUpdate(_tagged, 0, _tagged.Length);
        _hmac.DoFinal(_macOut, 0);
        return _macOut[0];
    }

    [Benchmark(Description = "part: SM2 sign")]
    public int Sm2Sign() => Sign().Length;

    [Benchmark(Description = "part: SM2 verify")]
    public bool Sm2Verify()
    {
        var v = new SM2Signer();
        v.Init(false, new ParametersWithID(_key.Public, Encoding.UTF8.GetBytes("AGV-1")));
        v.BlockUpdate(_tagged, 0, _tagged.Length);
        return v.VerifySignature(_signature);
    }

    private byte[] Sign()
    {
        var s = new SM2Signer();
        s.Init(true, new ParametersWithID(_key.Private, Encoding.UTF8.GetBytes("AGV-1")));
        s.BlockUpdate(_tagged, 0, _tagged.Length);
        return s.GenerateSignature();
    }
}
