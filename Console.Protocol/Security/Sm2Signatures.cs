using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Protocol.Security;

/// <summary>
/// Where SM2 signatures come from (PROTOCOL.md §6.3: SM2 with SM3 and the signer's Z from its user
/// id, DER <c>SEQUENCE { r, s }</c>). Two implementations give the same signatures on the wire:
/// OpenSSL's libcrypto (about 3× faster at verifying, which bounds profile 0) and BouncyCastle.
/// </summary>
public abstract class Sm2Signatures
{
    private static readonly Lazy<Sm2Signatures> Chosen = new(Choose);

    /// <summary>Who computes the signatures, for logs and benchmarks.</summary>
    public abstract string Name { get; }

    /// <summary>A signer for <paramref name="key"/> whose Z is computed from <paramref name="userId"/> (UTF-8).</summary>
    public abstract Sm2Signer CreateSigner(Sm2KeyPair key, string userId);

    /// <summary>A verifier of signatures by <paramref name="key"/> made with <paramref name="userId"/> (UTF-8).</summary>
    public abstract Sm2Verifier CreateVerifier(ECPublicKeyParameters key, string userId);

    /// <summary>
    /// OpenSSL 3's libcrypto when it loads and its signatures cross-check with BouncyCastle's at
    /// start-up; otherwise BouncyCastle (no libcrypto.so.3, an OpenSSL built without SM2, another OS).
    /// </summary>
    public static Sm2Signatures Default => Chosen.Value;

    /// <summary>Why OpenSSL is not used, when it is not; null when it is.</summary>
    public static string? OpenSslUnavailableReason { get; private set; }

    private static Sm2Signatures Choose()
    {
        var openSsl = OpenSslSm2.TryCreate(out var reason);
        OpenSslUnavailableReason = reason;
        return openSsl ?? (Sm2Signatures)BouncyCastleSm2.Instance;
    }

    /// <summary>
    /// Each side verifies the other's signature with a protocol user id, and refuses it for another
    /// message or under the library default id (which the protocol does not use).
    /// </summary>
    internal static bool CrossCheck(Sm2Signatures a, Sm2Signatures b, out string? reason)
    {
        try
        {
            var key = Sm2.GenerateKeyPair();
            ReadOnlySpan<byte> message = "SM2 self-test: PROTOCOL.md section 6"u8;
            foreach (var (signer, verifier) in new[] { (a, b), (b, a) })
            {
                var signature = Sign(signer.CreateSigner(key, "ACME-001"), message);
                if (!Verify(verifier.CreateVerifier(key.Public, "ACME-001"), message, signature))
                    reason = $"{verifier.Name} does not verify a signature by {signer.Name}";
                else if (Verify(verifier.CreateVerifier(key.Public, "ACME-001"), message[1..], signature))
                    reason = $"{verifier.Name} verifies a signature by {signer.Name} for another message";
                else if (Verify(verifier.CreateVerifier(key.Public, "1234567812345678"), message, signature))
                    reason = $"{verifier.Name} verifies a signature by {signer.Name} under another user id";
                else continue;
                return false;
            }
            reason = null;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or Sm2SignatureException)
        {
            reason = e.Message;
            return false;
        }
    }

    private static byte[] Sign(Sm2Signer signer, ReadOnlySpan<byte> message)
    {
        Span<byte> signature = stackalloc byte[Sm2Signer.MaxSignatureSize];
        signer.Update(message);
        return signature[..signer.Sign(signature)].ToArray();
    }

    private static bool Verify(Sm2Verifier verifier, ReadOnlySpan<byte> message, byte[] signature)
    {
        verifier.Update(message);
        return verifier.Verify(signature);
    }
}

/// <summary>
/// Signs one message at a time: <see cref="Update"/> with its pieces, then <see cref="Sign"/>,
/// which starts the next message. Not thread-safe (one per direction of a session).
/// </summary>
public abstract class Sm2Signer
{
    /// <summary>DER of two 32-byte integers, each with a possible leading zero: 2 + 2 × (2 + 33).</summary>
    public const int MaxSignatureSize = 72;

    public abstract void Update(ReadOnlySpan<byte> data);

    /// <summary>Writes the DER signature of everything updated so far; returns its length.</summary>
    public abstract int Sign(Span<byte> destination);
}

/// <summary>
/// Verifies one message at a time: <see cref="Update"/> with its pieces, then <see cref="Verify"/>,
/// which starts the next message. Not thread-safe (one per direction of a session).
/// </summary>
public abstract class Sm2Verifier
{
    public abstract void Update(ReadOnlySpan<byte> data);

    /// <summary>True when <paramref name="signature"/> is a valid DER signature of the message; false for anything else.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> signature);
}

/// <summary>A signing library failed in a way that is not a bad signature (out of memory, a broken key).</summary>
public sealed class Sm2SignatureException(string message) : Exception(message);
