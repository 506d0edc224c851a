using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace AgvConsole.Protocol.Security;

/// <summary>What both sides derive from one SM2 key exchange (PROTOCOL.md §6.2).</summary>
/// <param name="K">32 bytes: K[0..16) the SM4 session key, K[16..32) the HMAC-SM3 key of profile 1.</param>
/// <param name="ConfirmB">S_B = SM3(0x02 ‖ yV ‖ inner), sent by the RCS (responder).</param>
/// <param name="ConfirmA">S_A = SM3(0x03 ‖ yV ‖ inner), sent by the AGV (initiator).</param>
public sealed record SessionKeys(byte[] K, byte[] ConfirmA, byte[] ConfirmB)
{
    public ReadOnlySpan<byte> EncryptionKey => K.AsSpan(0, 16);
    public ReadOnlySpan<byte> MacKey => K.AsSpan(16, 16);
}

/// <summary>
/// SM2 key exchange with key confirmation (GB/T 32918.3, w = 127, cofactor 1), written from the
/// text of PROTOCOL.md §6.2: initiator A = the AGV (user id = its serial), responder B = the RCS
/// (user id = Agv:RcsId). Both sides run <see cref="Derive"/> with their own roles' keys and
/// arrive at the same V, hence the same K, S_A and S_B.
/// </summary>
public static class Sm2KeyExchange
{
    private const int W = 127;
    private static readonly BigInteger TwoPowW = BigInteger.One.ShiftLeft(W);
    private static readonly BigInteger LowMask = TwoPowW.Subtract(BigInteger.One);

    /// <summary>x̄ = 2^w + (x AND (2^w − 1)).</summary>
    private static BigInteger Reduce(BigInteger x) => TwoPowW.Add(x.And(LowMask));

    /// <param name="isInitiator">true on the AGV (A), false on the RCS (B).</param>
    /// <param name="ownStatic">d_A or d_B, with its public point (passed in: a point multiplication saved per side).</param>
    /// <param name="ownEphemeral">r_A or r_B, with R_A or R_B.</param>
    /// <param name="peerStatic">P_B or P_A.</param>
    /// <param name="peerEphemeral">R_B or R_A.</param>
    /// <returns>null when the peer's points make V the point at infinity (the exchange fails).</returns>
    public static SessionKeys? Derive(
        bool isInitiator,
        Sm2KeyPair ownStatic,
        Sm2KeyPair ownEphemeral,
        ECPoint peerStatic,
        ECPoint peerEphemeral,
        string agvId,
        string rcsId)
    {
        var n = Sm2.Domain.N;
        var ownEphemeralPoint = ownEphemeral.Public.Q.Normalize();
        var ownStaticPoint = ownStatic.Public.Q.Normalize();
        peerEphemeral = peerEphemeral.Normalize();

        // t = (d + x̄_own · r) mod n ; V = [h·t](P_peer + [x̄_peer] R_peer)
        var t = ownStatic.Private.D.Add(Reduce(ownEphemeralPoint.AffineXCoord.ToBigInteger()).Multiply(ownEphemeral.Private.D)).Mod(n);
        var xPeer = Reduce(peerEphemeral.AffineXCoord.ToBigInteger());
        var v = peerStatic.Add(peerEphemeral.Multiply(xPeer)).Multiply(Sm2.Domain.H.Multiply(t)).Normalize();
        if (v.IsInfinity) return null;

        var (staticA, staticB) = isInitiator ? (ownStaticPoint, peerStatic) : (peerStatic, ownStaticPoint);
        var (ra, rb) = isInitiator ? (ownEphemeralPoint, peerEphemeral) : (peerEphemeral, ownEphemeralPoint);
        byte[] za = Sm2.Z(agvId, staticA), zb = Sm2.Z(rcsId, staticB);
        byte[] xv = Sm2.Coordinate(v.AffineXCoord), yv = Sm2.Coordinate(v.AffineYCoord);

        var k = Kdf([.. xv, .. yv, .. za, .. zb], 32);
        var inner = Sm2.Sm3(xv, za, zb,
            Sm2.Coordinate(ra.AffineXCoord), Sm2.Coordinate(ra.AffineYCoord),
            Sm2.Coordinate(rb.Normalize().AffineXCoord), Sm2.Coordinate(rb.Normalize().AffineYCoord));
        var sb = Sm2.Sm3([0x02], yv, inner);
        var sa = Sm2.Sm3([0x03], yv, inner);
        return new SessionKeys(k, sa, sb);
    }

    /// <summary>KDF of GB/T 32918: SM3(Z ‖ ct) for ct = 1, 2, … (32-bit big-endian), concatenated and cut to length.</summary>
    public static byte[] Kdf(byte[] z, int length)
    {
        var result = new byte[length];
        int off = 0;
        for (uint ct = 1; off < length; ct++)
        {
            var block = Sm2.Sm3(z, [(byte)(ct >> 24), (byte)(ct >> 16), (byte)(ct >> 8), (byte)ct]);
            int take = Math.Min(32, length - off);
            Array.Copy(block, 0, result, off, take);
            off += take;
        }
        return result;
    }
}
