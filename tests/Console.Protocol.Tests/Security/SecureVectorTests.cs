using System.Buffers;
using System.Text;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;

namespace AgvConsole.Protocol.Tests.Security;

/// <summary>
/// Secure mode against fixed vectors from an implementation that shares no code with the console
/// or BouncyCastle (Golden/make_secure_vectors.py: SM2 arithmetic in plain Python integers from
/// GB/T 32918 and PROTOCOL.md §6, SM3/SM4 from OpenSSL; its signatures also checked by the
/// openssl command with the protocol's user ids). Fixed keys in, the same K, S_A, S_B out; frames
/// sealed there open here.
/// </summary>
public class SecureVectorTests
{
    private static readonly Dictionary<string, byte[]> V =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "SecureVectors.txt"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => Convert.FromHexString(p[1]));

    private static string Id(string name) => Encoding.UTF8.GetString(V[name]);
    private static Sm2KeyPair Key(string name) => Sm2KeyPair.FromPrivateHex(Convert.ToHexString(V[name + ".private"]));

    private static readonly Sm2KeyPair AgvStatic = Key("agv.static"), AgvEphemeral = Key("agv.ephemeral");
    private static readonly Sm2KeyPair RcsStatic = Key("rcs.static"), RcsEphemeral = Key("rcs.ephemeral");

    [Fact]
    public void Public_keys_and_z_values_match()
    {
        Assert.Equal(V["agv.static.public"], AgvStatic.PublicKeyBytes);
        Assert.Equal(V["agv.ephemeral.public"], AgvEphemeral.PublicKeyBytes);
        Assert.Equal(V["rcs.static.public"], RcsStatic.PublicKeyBytes);
        Assert.Equal(V["rcs.ephemeral.public"], RcsEphemeral.PublicKeyBytes);
        Assert.Equal(V["ZA"], Sm2.Z(Id("agv.id"), AgvStatic.Public.Q));
        Assert.Equal(V["ZB"], Sm2.Z(Id("rcs.id"), RcsStatic.Public.Q));
    }

    [Fact]
    public void Key_exchange_gives_the_vectors_k_and_confirmations_on_both_sides()
    {
        var agv = Sm2KeyExchange.Derive(true, AgvStatic, AgvEphemeral, RcsStatic.Public.Q, RcsEphemeral.Public.Q, Id("agv.id"), Id("rcs.id"))!;
        var rcs = Sm2KeyExchange.Derive(false, RcsStatic, RcsEphemeral, AgvStatic.Public.Q, AgvEphemeral.Public.Q, Id("agv.id"), Id("rcs.id"))!;
        foreach (var side in new[] { agv, rcs })
        {
            Assert.Equal(V["K"], side.K);
            Assert.Equal(V["S_A"], side.ConfirmA);
            Assert.Equal(V["S_B"], side.ConfirmB);
        }
    }

    private static SecureChannel RcsChannel(IntegrityProfile profile, Sm2Signatures signatures)
    {
        var keys = Sm2KeyExchange.Derive(false, RcsStatic, RcsEphemeral, AgvStatic.Public.Q, AgvEphemeral.Public.Q, Id("agv.id"), Id("rcs.id"))!;
        return new SecureChannel(profile, keys, RcsStatic, Id("rcs.id"), AgvStatic.Public, Id("agv.id"), signatures);
    }

    /// <summary>Every SM2 implementation the console may choose: BouncyCastle, and OpenSSL where it loads.</summary>
    private static IEnumerable<Sm2Signatures> Implementations() =>
        OpenSslSm2.TryCreate(out _) is { } openSsl ? [BouncyCastleSm2.Instance, openSsl] : [BouncyCastleSm2.Instance];

    /// <summary>Reads the frame (CRC and all), then opens its envelope as the RCS, with each implementation.</summary>
    private static (SecurityFailure Result, byte[] Plain) Open(string frameName, IntegrityProfile profile)
    {
        var results = Implementations().Select(i => Open(frameName, profile, i)).ToList();
        Assert.All(results, r => Assert.Equal(results[0].Result, r.Result));
        return results[0];
    }

    private static (SecurityFailure Result, byte[] Plain) Open(string frameName, IntegrityProfile profile, Sm2Signatures signatures)
    {
        var seq = new ReadOnlySequence<byte>(V[frameName]);
        Assert.Equal(FrameReadStatus.Frame, FrameReader.TryRead(ref seq, out var header, out var body, out _));
        Assert.True(header.Flags.HasFlag(FrameFlags.Encrypted));
        var authenticated = V[frameName].AsSpan(0, FrameHeader.AuthenticatedSize);
        var envelope = body.ToArray();
        var plain = new WireWriter();
        var result = RcsChannel(profile, signatures).Open(authenticated, header.MsgType, envelope, 0, envelope.Length, plain);
        return (result, plain.Written.ToArray());
    }

    [Theory]
    [InlineData("StateReport.profile1.frame", IntegrityProfile.SignedAndMac, "StateReport.plain")] // HMAC-SM3 with K[16..32)
    [InlineData("StateReport.profile0.frame", IntegrityProfile.Signed, "StateReport.plain")]       // SM2 signature, AGV's Z
    [InlineData("TaskReport.profile0.frame", IntegrityProfile.Signed, "TaskReport.plain")]
    [InlineData("TaskReport.profile0.frame", IntegrityProfile.SignedAndMac, "TaskReport.plain")]   // reports other than telemetry stay signed
    public void Frames_sealed_by_the_independent_implementation_open(string frame, IntegrityProfile profile, string plain)
    {
        var (result, opened) = Open(frame, profile);
        Assert.Equal(SecurityFailure.None, result);
        Assert.Equal(V[plain], opened);
    }

    [Fact]
    public void A_signature_with_the_library_default_user_id_is_refused()
    {
        // PROTOCOL.md §6: the signer's id is its serial, never 1234567812345678.
        Assert.Equal(SecurityFailure.BadTag, Open("TaskReport.defaultId.frame", IntegrityProfile.Signed).Result);
    }

    [Fact]
    public void A_signed_frame_is_not_taken_where_profile_1_expects_a_mac()
    {
        Assert.Equal(SecurityFailure.BadTag, Open("StateReport.profile0.frame", IntegrityProfile.SignedAndMac).Result);
    }
}
