using System.Text;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Protocol.Tests.Security;

/// <summary>A fact that needs OpenSSL 3's libcrypto with SM2; skipped, with the reason, where it does not load.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (OpenSslSm2.TryCreate(out var reason) is null) Skip = "OpenSSL 3 libcrypto with SM2 is not available here: " + reason;
    }
}

/// <summary>
/// OpenSSL and BouncyCastle behind one interface: each verifies the other's signatures with the
/// protocol's user ids (the AGV's serial, Agv:RcsId) and both refuse the same bad ones.
/// </summary>
public class Sm2SignaturesTests
{
    private static readonly Sm2Signatures BouncyCastle = BouncyCastleSm2.Instance;
    private static Sm2Signatures OpenSsl => OpenSslSm2.TryCreate(out _)!;

    private static byte[] Sign(Sm2Signer signer, params byte[][] pieces)
    {
        foreach (var p in pieces) signer.Update(p);
        var signature = new byte[Sm2Signer.MaxSignatureSize];
        return signature[..signer.Sign(signature)];
    }

    private static bool Verify(Sm2Verifier verifier, byte[] signature, params byte[][] pieces)
    {
        foreach (var p in pieces) verifier.Update(p);
        return verifier.Verify(signature);
    }

    private static readonly byte[] Header = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
    private static readonly byte[] Iv = Enumerable.Range(100, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] Ciphertext = Enumerable.Range(7, 80).Select(i => (byte)(i * 13)).ToArray();

    [OpenSslFact]
    public void OpenSsl_is_chosen_where_it_loads() =>
        Assert.IsType<OpenSslSm2>(Sm2Signatures.Default);

    [OpenSslFact]
    public void Each_verifies_the_others_signatures_with_the_protocol_user_ids()
    {
        var pairs = new[] { (OpenSsl, BouncyCastle), (BouncyCastle, OpenSsl) };
        foreach (var id in new[] { "ACME-001", "RCS", "新松-07" })
            foreach (var (signer, verifier) in pairs)
            {
                var key = Sm2.GenerateKeyPair();
                var signature = Sign(signer.CreateSigner(key, id), Header, Iv, Ciphertext);
                Assert.True(Verify(verifier.CreateVerifier(key.Public, id), signature, Header, Iv, Ciphertext), $"{signer.Name} → {verifier.Name}, id {id}");
                // The same bytes in one piece: the split into pieces does not matter.
                Assert.True(Verify(verifier.CreateVerifier(key.Public, id), signature, [.. Header, .. Iv, .. Ciphertext]));
                // Not under the library default id, nor another AGV's.
                Assert.False(Verify(verifier.CreateVerifier(key.Public, "1234567812345678"), signature, Header, Iv, Ciphertext));
                Assert.False(Verify(verifier.CreateVerifier(key.Public, id + "X"), signature, Header, Iv, Ciphertext));
            }
    }

    [OpenSslFact]
    public void One_signer_and_one_verifier_serve_many_messages_in_turn()
    {
        // A channel keeps one of each for its session: the id must hold for every message, not only the first.
        var key = Sm2.GenerateKeyPair();
        var signer = OpenSsl.CreateSigner(key, "ACME-001");
        var verifier = OpenSsl.CreateVerifier(key.Public, "ACME-001");
        var other = BouncyCastle.CreateVerifier(key.Public, "ACME-001");
        for (int i = 0; i < 20; i++)
        {
            var message = Encoding.UTF8.GetBytes($"frame {i}");
            var signature = Sign(signer, message);
            Assert.True(Verify(other, signature, message));
            Assert.True(Verify(verifier, signature, message));
            Assert.False(Verify(verifier, signature, [.. message, 0]));
        }
    }

    public static TheoryData<string> Implementations() => OpenSslSm2.TryCreate(out _) is null ? ["BouncyCastle"] : ["BouncyCastle", "OpenSSL"];
    private static Sm2Signatures Named(string name) => name == "OpenSSL" ? OpenSsl : BouncyCastle;

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Malformed_or_foreign_signatures_are_refused_not_thrown(string implementation)
    {
        var signatures = Named(implementation);
        var key = Sm2.GenerateKeyPair();
        var good = Sign(signatures.CreateSigner(key, "RCS"), Header);
        var verifier = signatures.CreateVerifier(key.Public, "RCS");
        var rng = new Random(3);
        var junk = new byte[Sm2Signer.MaxSignatureSize];
        rng.NextBytes(junk);
        foreach (var bad in new[] { [], good[..^1], [.. good, 0], new byte[Sm2Signer.MaxSignatureSize + 1], junk, Flip(good, 10), Flip(good, good.Length - 1) })
            Assert.False(Verify(verifier, bad, Header));
        Assert.False(Verify(verifier, Sign(signatures.CreateSigner(Sm2.GenerateKeyPair(), "RCS"), Header), Header)); // another key
        Assert.True(Verify(verifier, good, Header)); // still works after all that
    }

    private static byte[] Flip(byte[] b, int at)
    {
        var c = (byte[])b.Clone();
        c[at] ^= 0x01;
        return c;
    }

    [Fact]
    public void An_implementation_that_gets_the_user_id_wrong_does_not_pass_the_start_up_check()
    {
        Assert.False(Sm2Signatures.CrossCheck(new DefaultIdSigner(), BouncyCastle, out var reason));
        Assert.Contains("does not verify", reason);
        Assert.True(Sm2Signatures.CrossCheck(BouncyCastle, BouncyCastle, out reason));
        Assert.Null(reason);
    }

    /// <summary>BouncyCastle with the library default id, whatever it is asked for: what §6 warns against.</summary>
    private sealed class DefaultIdSigner : Sm2Signatures
    {
        public override string Name => "default-id";
        public override Sm2Signer CreateSigner(Sm2KeyPair key, string userId) => BouncyCastle.CreateSigner(key, "1234567812345678");
        public override Sm2Verifier CreateVerifier(ECPublicKeyParameters key, string userId) => BouncyCastle.CreateVerifier(key, "1234567812345678");
    }

    [OpenSslFact]
    public void Channels_on_different_implementations_talk_in_profile_0()
    {
        var agv = Sm2.GenerateKeyPair();
        var rcs = Sm2.GenerateKeyPair();
        var keys = Sm2KeyExchange.Derive(true, agv, Sm2.GenerateKeyPair(), rcs.Public.Q, Sm2.GenerateKeyPair().Public.Q, "ACME-001", "RCS")!;
        var agvSide = new SecureChannel(IntegrityProfile.Signed, keys, agv, "ACME-001", rcs.Public, "RCS", OpenSsl);
        var rcsSide = new SecureChannel(IntegrityProfile.Signed, keys, rcs, "RCS", agv.Public, "ACME-001", BouncyCastle);
        foreach (var (from, to) in new[] { (agvSide, rcsSide), (rcsSide, agvSide) })
        {
            var plain = "a TaskReport body"u8.ToArray();
            var sealedEnvelope = new WireWriter();
            from.Seal(Header, MessageType.TaskReport, plain, sealedEnvelope);
            var envelope = sealedEnvelope.Written.ToArray();
            var opened = new WireWriter();
            Assert.Equal(SecurityFailure.None, to.Open(Header, MessageType.TaskReport, envelope, 0, envelope.Length, opened));
            Assert.Equal(plain, opened.Written.ToArray());
        }
    }
}
