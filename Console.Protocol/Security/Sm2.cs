using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;

namespace AgvConsole.Protocol.Security;

/// <summary>SM2 on sm2p256v1 (GB/T 32918): domain, keys, point encoding and the user-id hash Z.</summary>
public static class Sm2
{
    public const int PublicKeySize = 65;
    public const int CoordinateSize = 32;

    public static readonly ECDomainParameters Domain;
    private static readonly SecureRandom Random = new();

    static Sm2()
    {
        var x9 = GMNamedCurves.GetByName("sm2p256v1");
        Domain = new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
    }

    public static Sm2KeyPair GenerateKeyPair()
    {
        var gen = new ECKeyPairGenerator();
        gen.Init(new ECKeyGenerationParameters(Domain, Random));
        var kp = gen.GenerateKeyPair();
        return new Sm2KeyPair((ECPrivateKeyParameters)kp.Private, (ECPublicKeyParameters)kp.Public);
    }

    /// <summary>65-byte uncompressed point 04 ‖ x ‖ y.</summary>
    public static byte[] EncodePublicKey(ECPoint q) => q.Normalize().GetEncoded(false);

    /// <summary>Parses a 65-byte uncompressed point and checks it lies on the curve; null if it does not.</summary>
    public static ECPublicKeyParameters? TryDecodePublicKey(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length != PublicKeySize || encoded[0] != 0x04) return null;
        try
        {
            var point = Domain.Curve.DecodePoint(encoded.ToArray());
            if (point.IsInfinity || !point.IsValid()) return null;
            return new ECPublicKeyParameters(point, Domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Big-endian, left-padded to 32 bytes.</summary>
    public static byte[] Coordinate(ECFieldElement e) => BigIntegers(e.ToBigInteger());

    internal static byte[] BigIntegers(BigInteger v)
    {
        var raw = v.ToByteArrayUnsigned();
        if (raw.Length == CoordinateSize) return raw;
        var r = new byte[CoordinateSize];
        raw.CopyTo(r, CoordinateSize - raw.Length);
        return r;
    }

    /// <summary>Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ENTL being the id's length in bits.</summary>
    public static byte[] Z(string userId, ECPoint publicKey)
    {
        var id = Encoding.UTF8.GetBytes(userId);
        var d = new SM3Digest();
        int bits = id.Length * 8;
        d.Update((byte)(bits >> 8));
        d.Update((byte)bits);
        d.BlockUpdate(id, 0, id.Length);
        foreach (var part in new[]
                 {
                     Coordinate(Domain.Curve.A), Coordinate(Domain.Curve.B),
                     Coordinate(Domain.G.Normalize().AffineXCoord), Coordinate(Domain.G.Normalize().AffineYCoord),
                     Coordinate(publicKey.Normalize().AffineXCoord), Coordinate(publicKey.Normalize().AffineYCoord),
                 })
            d.BlockUpdate(part, 0, part.Length);
        var z = new byte[32];
        d.DoFinal(z, 0);
        return z;
    }

    public static byte[] Sm3(params byte[][] parts)
    {
        var d = new SM3Digest();
        foreach (var p in parts) d.BlockUpdate(p, 0, p.Length);
        var r = new byte[32];
        d.DoFinal(r, 0);
        return r;
    }
}

/// <summary>An SM2 key pair. The private scalar is stored as 64 hex characters in a key file.</summary>
public sealed record Sm2KeyPair(ECPrivateKeyParameters Private, ECPublicKeyParameters Public)
{
    public byte[] PublicKeyBytes => Sm2.EncodePublicKey(Public.Q);
    public string PublicKeyHex => Convert.ToHexString(PublicKeyBytes);

    public static Sm2KeyPair FromPrivate(BigInteger d)
    {
        var priv = new ECPrivateKeyParameters(d, Sm2.Domain);
        return new Sm2KeyPair(priv, new ECPublicKeyParameters(Sm2.Domain.G.Multiply(d).Normalize(), Sm2.Domain));
    }

    public string PrivateKeyHex => Convert.ToHexString(Sm2.BigIntegers(Private.D));

    public static Sm2KeyPair FromPrivateHex(string hex)
    {
        var d = new BigInteger(1, Convert.FromHexString(hex.Trim()));
        if (d.SignValue <= 0 || d.CompareTo(Sm2.Domain.N.Subtract(BigInteger.One)) >= 0)
            throw new FormatException("SM2 private key out of range [1, n−2]");
        return FromPrivate(d);
    }

    /// <summary>
    /// Loads the key pair from <paramref name="path"/>, or creates one there with owner-only
    /// permissions (0600) if the file does not exist. File format: the private key in hex on the
    /// first line; the public key in hex on the second line, for people (it is derived, not read).
    /// </summary>
    public static Sm2KeyPair LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return FromPrivateHex(File.ReadLines(path).First());
        var kp = Sm2.GenerateKeyPair();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(kp.PrivateKeyHex);
            writer.WriteLine(kp.PublicKeyHex);
        }
        return kp;
    }
}
