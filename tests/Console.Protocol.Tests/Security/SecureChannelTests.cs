using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Protocol.Tests.Security;

public class SecureChannelTests
{
    private static (SecureChannel Agv, SecureChannel Rcs, SessionKeys Keys) Pair(IntegrityProfile profile)
    {
        var agv = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        var ra = Sm2.GenerateKeyPair();
        var rb = Sm2.GenerateKeyPair();
        var keys = Sm2KeyExchange.Derive(true, agv, ra, rcs.Public.Q, rb.Public.Q, "AGV-1", "RCS")!;
        return (new SecureChannel(profile, keys, agv, "AGV-1", rcs.Public, "RCS"),
                new SecureChannel(profile, keys, rcs, "RCS", agv.Public, "AGV-1"), keys);
    }

    private static readonly byte[] Header = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();

    private static byte[] Seal(SecureChannel c, MessageType t, byte[] plain)
    {
        var w = new WireWriter();
        c.Seal(Header, t, plain, w);
        return w.Written.ToArray();
    }

    [Theory]
    [InlineData(IntegrityProfile.Signed, MessageType.StateReport, 70)]   // signature
    [InlineData(IntegrityProfile.SignedAndMac, MessageType.StateReport, 32)] // MAC
    [InlineData(IntegrityProfile.SignedAndMac, MessageType.Heartbeat, 32)]
    [InlineData(IntegrityProfile.SignedAndMac, MessageType.MotionControl, 70)] // commands stay signed
    public void Seals_and_opens_with_the_tag_of_the_profile(IntegrityProfile profile, MessageType type, int approxTagLength)
    {
        var (agv, rcs, _) = Pair(profile);
        foreach (var len in new[] { 0, 1, 15, 16, 17, 54, 300 })
        {
            var plain = Enumerable.Range(0, len).Select(i => (byte)(i * 3)).ToArray();
            var envelope = Seal(agv, type, plain);
            var tagLength = envelope.Length - (2 + 16 + 4 + (len / 16 + 1) * 16) - 2;
            Assert.InRange(tagLength, approxTagLength - 3, approxTagLength + 2);
            var output = new WireWriter();
            Assert.Equal(SecurityFailure.None, rcs.Open(Header, type, envelope, 0, envelope.Length, output));
            Assert.Equal(plain, output.Written.ToArray());
        }
    }

    [Fact]
    public void Ciphertext_is_standard_sm4_cbc_with_pkcs7()
    {
        // Decrypt with BouncyCastle's own CBC + PKCS#7 composition: our hand-rolled CBC must agree.
        var (agv, _, keys) = Pair(IntegrityProfile.SignedAndMac);
        var plain = "StateReport body of 54 bytes......................!!"u8.ToArray();
        var envelope = Seal(agv, MessageType.StateReport, plain);
        var iv = envelope[2..18];
        int ctLen = BitConverter.ToInt32(envelope, 18);
        var ct = envelope[22..(22 + ctLen)];
        var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(new SM4Engine()), new Pkcs7Padding());
        cipher.Init(false, new ParametersWithIV(new KeyParameter(keys.EncryptionKey.ToArray()), iv));
        Assert.Equal(plain, cipher.DoFinal(ct));
    }

    [Fact]
    public void Iv_is_fresh_per_frame()
    {
        var (agv, _, _) = Pair(IntegrityProfile.SignedAndMac);
        var a = Seal(agv, MessageType.StateReport, [1, 2, 3]);
        var b = Seal(agv, MessageType.StateReport, [1, 2, 3]);
        Assert.NotEqual(a[2..18], b[2..18]);
    }

    [Theory]
    [InlineData(IntegrityProfile.Signed)]
    [InlineData(IntegrityProfile.SignedAndMac)]
    public void Any_flipped_bit_is_refused(IntegrityProfile profile)
    {
        var (agv, rcs, _) = Pair(profile);
        var envelope = Seal(agv, MessageType.StateReport, new byte[40]);
        var output = new WireWriter();
        for (int i = 0; i < envelope.Length; i += 3)
        {
            var t = (byte[])envelope.Clone();
            t[i] ^= 0x10;
            Assert.NotEqual(SecurityFailure.None, rcs.Open(Header, MessageType.StateReport, t, 0, t.Length, output));
        }
        var otherHeader = (byte[])Header.Clone();
        otherHeader[8] ^= 1; // seq is authenticated
        Assert.Equal(SecurityFailure.BadTag, rcs.Open(otherHeader, MessageType.StateReport, envelope, 0, envelope.Length, output));
    }

    [Fact]
    public void A_frame_from_another_session_does_not_open()
    {
        var (agv1, _, _) = Pair(IntegrityProfile.SignedAndMac);
        var (_, rcs2, _) = Pair(IntegrityProfile.SignedAndMac);
        var envelope = Seal(agv1, MessageType.StateReport, [9, 9, 9]);
        Assert.Equal(SecurityFailure.BadTag, rcs2.Open(Header, MessageType.StateReport, envelope, 0, envelope.Length, new WireWriter()));
        var signed = Seal(agv1, MessageType.TaskReport, [9, 9, 9]);
        Assert.Equal(SecurityFailure.BadTag, rcs2.Open(Header, MessageType.TaskReport, signed, 0, signed.Length, new WireWriter()));
    }

    [Fact]
    public void Truncated_envelopes_are_malformed_not_exceptions()
    {
        var (agv, rcs, _) = Pair(IntegrityProfile.Signed);
        var envelope = Seal(agv, MessageType.EventReport, new byte[20]);
        for (int n = 0; n < envelope.Length; n++)
            Assert.NotEqual(SecurityFailure.None, rcs.Open(Header, MessageType.EventReport, envelope, 0, n, new WireWriter()));
    }
}
