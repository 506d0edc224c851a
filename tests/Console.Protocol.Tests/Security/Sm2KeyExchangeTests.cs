using System.Text;
using AgvConsole.Protocol.Security;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Protocol.Tests.Security;

public class Sm2KeyExchangeTests
{
    [Fact]
    public void Both_sides_derive_the_same_key_and_confirmations()
    {
        var agv = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        var ra = Sm2.GenerateKeyPair();
        var rb = Sm2.GenerateKeyPair();
        var a = Sm2KeyExchange.Derive(true, agv, ra, rcs.Public.Q, rb.Public.Q, "AGV-7", "RCS")!;
        var b = Sm2KeyExchange.Derive(false, rcs, rb, agv.Public.Q, ra.Public.Q, "AGV-7", "RCS")!;
        Assert.Equal(a.K, b.K);
        Assert.Equal(a.ConfirmA, b.ConfirmA);
        Assert.Equal(a.ConfirmB, b.ConfirmB);
        Assert.Equal(32, a.K.Length);
        Assert.NotEqual(a.ConfirmA, a.ConfirmB);
    }

    [Fact]
    public void Matches_bouncy_castles_independent_sm2_key_exchange()
    {
        // BouncyCastle's SM2KeyExchange implements GB/T 32918.3 on its own; with the same keys and
        // ids it must give the same K and the same S1/S2 as our text-driven implementation. (It shares
        // BouncyCastle's curve arithmetic with ours: SecureVectorTests checks against an implementation
        // that shares nothing.)
        var agv = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        var ra = Sm2.GenerateKeyPair();
        var rb = Sm2.GenerateKeyPair();
        var ours = Sm2KeyExchange.Derive(true, agv, ra, rcs.Public.Q, rb.Public.Q, "ACME-001", "RCS")!;

        // As responder B (the RCS): BouncyCastle returns K, the S_B it sends, and the S_A it expects.
        var responder = new Org.BouncyCastle.Crypto.Agreement.SM2KeyExchange();
        responder.Init(new ParametersWithID(new SM2KeyExchangePrivateParameters(false, rcs.Private, rb.Private), Encoding.UTF8.GetBytes("RCS")));
        var b = responder.CalculateKeyWithConfirmation(256, null,
            new ParametersWithID(new SM2KeyExchangePublicParameters(agv.Public, ra.Public), Encoding.UTF8.GetBytes("ACME-001")));
        Assert.Equal(ours.K, b[0]);
        Assert.Equal(ours.ConfirmB, b[1]);
        Assert.Equal(ours.ConfirmA, b[2]);

        // As initiator A (the AGV): it accepts our S_B and returns the S_A to send.
        var initiator = new Org.BouncyCastle.Crypto.Agreement.SM2KeyExchange();
        initiator.Init(new ParametersWithID(new SM2KeyExchangePrivateParameters(true, agv.Private, ra.Private), Encoding.UTF8.GetBytes("ACME-001")));
        var a = initiator.CalculateKeyWithConfirmation(256, ours.ConfirmB,
            new ParametersWithID(new SM2KeyExchangePublicParameters(rcs.Public, rb.Public), Encoding.UTF8.GetBytes("RCS")));
        Assert.Equal(ours.K, a[0]);
        Assert.Equal(ours.ConfirmA, a[1]);
    }

    [Fact]
    public void Different_user_ids_give_different_keys()
    {
        var agv = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        var ra = Sm2.GenerateKeyPair();
        var rb = Sm2.GenerateKeyPair();
        var a = Sm2KeyExchange.Derive(true, agv, ra, rcs.Public.Q, rb.Public.Q, "AGV-7", "RCS")!;
        var b = Sm2KeyExchange.Derive(false, rcs, rb, agv.Public.Q, ra.Public.Q, "AGV-7", "OTHER-RCS")!;
        Assert.NotEqual(a.K, b.K);
    }

    [Fact]
    public void Kdf_matches_the_standard_construction()
    {
        var z = Encoding.ASCII.GetBytes("abc");
        var k = Sm2KeyExchange.Kdf(z, 40);
        Assert.Equal(Sm2.Sm3(z, [0, 0, 0, 1]), k[..32]);
        Assert.Equal(Sm2.Sm3(z, [0, 0, 0, 2])[..8], k[32..]);
    }

    [Fact]
    public void Sm3_matches_the_standard_test_vector()
    {
        // GB/T 32905 example 1: SM3("abc").
        Assert.Equal("66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0",
            Convert.ToHexString(Sm2.Sm3(Encoding.ASCII.GetBytes("abc"))));
    }

    [Fact]
    public void Rejects_public_keys_that_are_not_curve_points()
    {
        var good = Sm2.GenerateKeyPair().PublicKeyBytes;
        Assert.NotNull(Sm2.TryDecodePublicKey(good));
        var bad = (byte[])good.Clone();
        bad[64] ^= 1;
        Assert.Null(Sm2.TryDecodePublicKey(bad));
        Assert.Null(Sm2.TryDecodePublicKey(good.AsSpan(0, 64)));
        Assert.Null(Sm2.TryDecodePublicKey(new byte[65]));
    }

    [Fact]
    public void Key_file_is_created_owner_only_and_read_back()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rcs-{Guid.NewGuid():N}.key");
        try
        {
            var created = Sm2KeyPair.LoadOrCreate(path);
            var loaded = Sm2KeyPair.LoadOrCreate(path);
            Assert.Equal(created.PublicKeyHex, loaded.PublicKeyHex);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
