using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using static AgvConsole.Protocol.Security.LibCrypto;

namespace AgvConsole.Protocol.Security;

/// <summary>
/// SM2 signatures by OpenSSL 3's libcrypto, as its SM2(7) page shows: an EVP_PKEY of type SM2,
/// the user id set with EVP_PKEY_CTX_set1_id on the key context handed to the digest context,
/// then EVP_DigestSign/VerifyInit with SM3 for each message (Z is computed from that id).
/// </summary>
/// <remarks>
/// Native objects are owned by <see cref="SafeHandle"/>s and freed when the signer or verifier is
/// collected: a session may still be sealing a frame when it is closed, so nothing frees them
/// while they can be in use.
/// </remarks>
public sealed unsafe class OpenSslSm2 : Sm2Signatures
{
    private readonly IntPtr _sm3;

    private OpenSslSm2(IntPtr sm3) => _sm3 = sm3;

    public override string Name => $"{LibCrypto.Version} ({LibraryName})";

    private static readonly Lazy<(OpenSslSm2? Instance, string? Reason)> Loaded = new(Load);

    /// <summary>
    /// The OpenSSL implementation, or null with the reason: no libcrypto.so.3, no SM3 or SM2 in it
    /// (some builds leave them out), or signatures that do not cross-check with BouncyCastle's.
    /// </summary>
    public static OpenSslSm2? TryCreate(out string? reason)
    {
        (var instance, reason) = Loaded.Value;
        return instance;
    }

    private static (OpenSslSm2?, string?) Load()
    {
        if (LoadError is { } error) return (null, error);
        IntPtr sm3;
        fixed (byte* name = "SM3\0"u8)
            sm3 = EVP_MD_fetch(IntPtr.Zero, name, null); // kept for the life of the process
        if (sm3 == IntPtr.Zero)
        {
            ERR_clear_error();
            return (null, $"{LibraryName} has no SM3");
        }
        var openSsl = new OpenSslSm2(sm3);
        return CrossCheck(openSsl, BouncyCastleSm2.Instance, out var reason) ? (openSsl, null) : (null, reason);
    }

    public override Sm2Signer CreateSigner(Sm2KeyPair key, string userId)
    {
        var d = Sm2.BigIntegers(key.Private.D);
        try
        {
            return new Signer(new Context(NewKey(key.PublicKeyBytes, d), userId, _sm3));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    public override Sm2Verifier CreateVerifier(ECPublicKeyParameters key, string userId) =>
        new Verifier(new Context(NewKey(Sm2.EncodePublicKey(key.Q), []), userId, _sm3));

    /// <summary>An EVP_PKEY of type SM2 from the 65-byte public point and, for signing, the 32-byte private scalar.</summary>
    private static NativeHandle NewKey(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> privateKey)
    {
        IntPtr builder = OSSL_PARAM_BLD_new(), bn = IntPtr.Zero, parameters = IntPtr.Zero, ctx = IntPtr.Zero, pkey = IntPtr.Zero;
        try
        {
            fixed (byte* group = "group\0"u8, sm2 = "SM2\0"u8, pub = "pub\0"u8, priv = "priv\0"u8)
            fixed (byte* publicBytes = publicKey, privateBytes = privateKey)
            {
                bool ok = builder != IntPtr.Zero
                          && OSSL_PARAM_BLD_push_utf8_string(builder, group, sm2, 0) == 1
                          && OSSL_PARAM_BLD_push_octet_string(builder, pub, publicBytes, (nuint)publicKey.Length) == 1;
                if (ok && privateKey.Length > 0)
                {
                    // A secure BIGNUM: the parameter block then keeps the scalar where OSSL_PARAM_free clears it.
                    bn = BN_secure_new();
                    ok = bn != IntPtr.Zero && BN_bin2bn(privateBytes, privateKey.Length, bn) != IntPtr.Zero
                         && OSSL_PARAM_BLD_push_BN(builder, priv, bn) == 1;
                }
                if (ok) parameters = OSSL_PARAM_BLD_to_param(builder);
                if (parameters != IntPtr.Zero) ctx = EVP_PKEY_CTX_new_from_name(IntPtr.Zero, sm2, null);
                int selection = privateKey.Length > 0 ? SelectKeyPair : SelectPublicKey;
                if (ctx == IntPtr.Zero || EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &pkey, selection, parameters) != 1)
                    throw Failed("EVP_PKEY_fromdata (SM2 key)");
                return new NativeHandle(pkey, EVP_PKEY_free);
            }
        }
        finally
        {
            if (ctx != IntPtr.Zero) EVP_PKEY_CTX_free(ctx);
            if (parameters != IntPtr.Zero) OSSL_PARAM_free(parameters);
            if (bn != IntPtr.Zero) BN_clear_free(bn);
            if (builder != IntPtr.Zero) OSSL_PARAM_BLD_free(builder);
        }
    }

    private static Sm2SignatureException Failed(string what)
    {
        ERR_clear_error();
        return new Sm2SignatureException($"{LibraryName}: {what} failed");
    }

    /// <summary>Key, key context with the user id, and the digest context that signs or verifies with them.</summary>
    private sealed class Context
    {
        public readonly NativeHandle Key;
        private readonly NativeHandle _keyContext;
        public readonly NativeHandle Digest;
        public readonly IntPtr Sm3;

        public Context(NativeHandle key, string userId, IntPtr sm3)
        {
            Key = key;
            Sm3 = sm3;
            _keyContext = new NativeHandle(EVP_PKEY_CTX_new(key.Value, IntPtr.Zero), EVP_PKEY_CTX_free);
            Digest = new NativeHandle(EVP_MD_CTX_new(), EVP_MD_CTX_free);
            if (_keyContext.IsInvalid || Digest.IsInvalid) throw Failed("EVP_PKEY_CTX_new / EVP_MD_CTX_new");
            var id = Encoding.UTF8.GetBytes(userId);
            fixed (byte* p = id)
                if (EVP_PKEY_CTX_set1_id(_keyContext.Value, p, id.Length) != 1) throw Failed("EVP_PKEY_CTX_set1_id");
            // The digest context uses, but does not own, the key context (which keeps the id for every init).
            EVP_MD_CTX_set_pkey_ctx(Digest.Value, _keyContext.Value);
        }

        // Referenced after the digest context in every call, so the key context outlives its use there.
        public void KeepAlive() => GC.KeepAlive(_keyContext);
    }

    private sealed class Signer(Context c) : Sm2Signer
    {
        private bool _started;

        private void Start()
        {
            if (_started) return;
            if (EVP_DigestSignInit(c.Digest.Value, null, c.Sm3, IntPtr.Zero, c.Key.Value) != 1) throw Failed("EVP_DigestSignInit");
            _started = true;
        }

        public override void Update(ReadOnlySpan<byte> data)
        {
            Start();
            if (data.IsEmpty) return;
            fixed (byte* p = data)
                if (EVP_DigestSignUpdate(c.Digest.Value, p, (nuint)data.Length) != 1) throw Failed("EVP_DigestSignUpdate");
            c.KeepAlive();
        }

        public override int Sign(Span<byte> destination)
        {
            Start();
            _started = false;
            if (destination.Length < MaxSignatureSize) throw new ArgumentException($"needs {MaxSignatureSize} bytes", nameof(destination));
            nuint length = (nuint)destination.Length;
            fixed (byte* p = destination)
                if (EVP_DigestSignFinal(c.Digest.Value, p, &length) != 1) throw Failed("EVP_DigestSignFinal");
            c.KeepAlive();
            return (int)length;
        }
    }

    private sealed class Verifier(Context c) : Sm2Verifier
    {
        private bool _started, _failed;

        public override void Update(ReadOnlySpan<byte> data)
        {
            if (_failed) return;
            if (!_started)
            {
                // A verifier that cannot start refuses this message instead of throwing into the read loop.
                _failed = EVP_DigestVerifyInit(c.Digest.Value, null, c.Sm3, IntPtr.Zero, c.Key.Value) != 1;
                _started = true;
            }
            if (!_failed && !data.IsEmpty)
                fixed (byte* p = data)
                    _failed = EVP_DigestVerifyUpdate(c.Digest.Value, p, (nuint)data.Length) != 1;
            c.KeepAlive();
        }

        public override bool Verify(ReadOnlySpan<byte> signature)
        {
            if (!_started) Update([]);
            bool ok = false;
            if (!_failed && !signature.IsEmpty && signature.Length <= Sm2Signer.MaxSignatureSize)
                fixed (byte* p = signature)
                    ok = EVP_DigestVerifyFinal(c.Digest.Value, p, (nuint)signature.Length) == 1;
            if (!ok) ERR_clear_error(); // a bad signature leaves errors on this thread's queue
            _started = _failed = false;
            c.KeepAlive();
            return ok;
        }
    }

    /// <summary>An OpenSSL object freed by its own free function when collected.</summary>
    private sealed class NativeHandle : SafeHandle
    {
        private readonly delegate* unmanaged<IntPtr, void> _free;

        public NativeHandle(IntPtr value, delegate* unmanaged<IntPtr, void> free) : base(IntPtr.Zero, ownsHandle: true)
        {
            _free = free;
            SetHandle(value);
        }

        public IntPtr Value => handle;
        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            _free(handle);
            return true;
        }
    }
}
