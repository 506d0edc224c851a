using System.Runtime.InteropServices;

namespace AgvConsole.Protocol.Security;

/// <summary>
/// The few functions of OpenSSL 3's libcrypto that SM2 signatures need, bound at run time
/// (NativeLibrary + function pointers), so that a machine without libcrypto.so.3, or with one
/// that lacks a function, gets a reason instead of an exception on first use.
/// </summary>
internal static unsafe class LibCrypto
{
    public const string LibraryName = "libcrypto.so.3";

    // evp.h: EVP_PKEY_PUBLIC_KEY and EVP_PKEY_KEYPAIR selections for EVP_PKEY_fromdata.
    public const int SelectPublicKey = 0x86;
    public const int SelectKeyPair = 0x87;

    public static delegate* unmanaged<nuint> OpenSSL_version_num;
    public static delegate* unmanaged<int, byte*> OpenSSL_version;
    public static delegate* unmanaged<void> ERR_clear_error;
    public static delegate* unmanaged<IntPtr> OSSL_PARAM_BLD_new;
    public static delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> OSSL_PARAM_BLD_push_utf8_string;
    public static delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> OSSL_PARAM_BLD_push_octet_string;
    public static delegate* unmanaged<IntPtr, byte*, IntPtr, int> OSSL_PARAM_BLD_push_BN;
    public static delegate* unmanaged<IntPtr, IntPtr> OSSL_PARAM_BLD_to_param;
    public static delegate* unmanaged<IntPtr, void> OSSL_PARAM_BLD_free;
    public static delegate* unmanaged<IntPtr, void> OSSL_PARAM_free;
    public static delegate* unmanaged<IntPtr> BN_secure_new;
    public static delegate* unmanaged<byte*, int, IntPtr, IntPtr> BN_bin2bn;
    public static delegate* unmanaged<IntPtr, void> BN_clear_free;
    public static delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> EVP_PKEY_CTX_new_from_name;
    public static delegate* unmanaged<IntPtr, int> EVP_PKEY_fromdata_init;
    public static delegate* unmanaged<IntPtr, IntPtr*, int, IntPtr, int> EVP_PKEY_fromdata;
    public static delegate* unmanaged<IntPtr, IntPtr, IntPtr> EVP_PKEY_CTX_new;
    public static delegate* unmanaged<IntPtr, byte*, int, int> EVP_PKEY_CTX_set1_id;
    public static delegate* unmanaged<IntPtr, void> EVP_PKEY_CTX_free;
    public static delegate* unmanaged<IntPtr, void> EVP_PKEY_free;
    public static delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> EVP_MD_fetch;
    public static delegate* unmanaged<IntPtr> EVP_MD_CTX_new;
    public static delegate* unmanaged<IntPtr, IntPtr, void> EVP_MD_CTX_set_pkey_ctx;
    public static delegate* unmanaged<IntPtr, void> EVP_MD_CTX_free;
    public static delegate* unmanaged<IntPtr, IntPtr*, IntPtr, IntPtr, IntPtr, int> EVP_DigestSignInit;
    public static delegate* unmanaged<IntPtr, byte*, nuint, int> EVP_DigestSignUpdate;
    public static delegate* unmanaged<IntPtr, byte*, nuint*, int> EVP_DigestSignFinal;
    public static delegate* unmanaged<IntPtr, IntPtr*, IntPtr, IntPtr, IntPtr, int> EVP_DigestVerifyInit;
    public static delegate* unmanaged<IntPtr, byte*, nuint, int> EVP_DigestVerifyUpdate;
    public static delegate* unmanaged<IntPtr, byte*, nuint, int> EVP_DigestVerifyFinal;

    private static readonly Lazy<string?> Loaded = new(Load);

    /// <summary>Null when every function is bound; otherwise why not.</summary>
    public static string? LoadError => Loaded.Value;

    private static string? Load()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var lib))
            return $"{LibraryName} not found";
        var missing = new List<string>();
        IntPtr Get(string name)
        {
            if (NativeLibrary.TryGetExport(lib, name, out var f)) return f;
            missing.Add(name);
            return IntPtr.Zero;
        }

        OpenSSL_version_num = (delegate* unmanaged<nuint>)Get(nameof(OpenSSL_version_num));
        OpenSSL_version = (delegate* unmanaged<int, byte*>)Get(nameof(OpenSSL_version));
        ERR_clear_error = (delegate* unmanaged<void>)Get(nameof(ERR_clear_error));
        OSSL_PARAM_BLD_new = (delegate* unmanaged<IntPtr>)Get(nameof(OSSL_PARAM_BLD_new));
        OSSL_PARAM_BLD_push_utf8_string = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)Get(nameof(OSSL_PARAM_BLD_push_utf8_string));
        OSSL_PARAM_BLD_push_octet_string = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)Get(nameof(OSSL_PARAM_BLD_push_octet_string));
        OSSL_PARAM_BLD_push_BN = (delegate* unmanaged<IntPtr, byte*, IntPtr, int>)Get(nameof(OSSL_PARAM_BLD_push_BN));
        OSSL_PARAM_BLD_to_param = (delegate* unmanaged<IntPtr, IntPtr>)Get(nameof(OSSL_PARAM_BLD_to_param));
        OSSL_PARAM_BLD_free = (delegate* unmanaged<IntPtr, void>)Get(nameof(OSSL_PARAM_BLD_free));
        OSSL_PARAM_free = (delegate* unmanaged<IntPtr, void>)Get(nameof(OSSL_PARAM_free));
        BN_secure_new = (delegate* unmanaged<IntPtr>)Get(nameof(BN_secure_new));
        BN_bin2bn = (delegate* unmanaged<byte*, int, IntPtr, IntPtr>)Get(nameof(BN_bin2bn));
        BN_clear_free = (delegate* unmanaged<IntPtr, void>)Get(nameof(BN_clear_free));
        EVP_PKEY_CTX_new_from_name = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)Get(nameof(EVP_PKEY_CTX_new_from_name));
        EVP_PKEY_fromdata_init = (delegate* unmanaged<IntPtr, int>)Get(nameof(EVP_PKEY_fromdata_init));
        EVP_PKEY_fromdata = (delegate* unmanaged<IntPtr, IntPtr*, int, IntPtr, int>)Get(nameof(EVP_PKEY_fromdata));
        EVP_PKEY_CTX_new = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Get(nameof(EVP_PKEY_CTX_new));
        EVP_PKEY_CTX_set1_id = (delegate* unmanaged<IntPtr, byte*, int, int>)Get(nameof(EVP_PKEY_CTX_set1_id));
        EVP_PKEY_CTX_free = (delegate* unmanaged<IntPtr, void>)Get(nameof(EVP_PKEY_CTX_free));
        EVP_PKEY_free = (delegate* unmanaged<IntPtr, void>)Get(nameof(EVP_PKEY_free));
        EVP_MD_fetch = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)Get(nameof(EVP_MD_fetch));
        EVP_MD_CTX_new = (delegate* unmanaged<IntPtr>)Get(nameof(EVP_MD_CTX_new));
        EVP_MD_CTX_set_pkey_ctx = (delegate* unmanaged<IntPtr, IntPtr, void>)Get(nameof(EVP_MD_CTX_set_pkey_ctx));
        EVP_MD_CTX_free = (delegate* unmanaged<IntPtr, void>)Get(nameof(EVP_MD_CTX_free));
        EVP_DigestSignInit = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr, IntPtr, IntPtr, int>)Get(nameof(EVP_DigestSignInit));
        EVP_DigestSignUpdate = (delegate* unmanaged<IntPtr, byte*, nuint, int>)Get(nameof(EVP_DigestSignUpdate));
        EVP_DigestSignFinal = (delegate* unmanaged<IntPtr, byte*, nuint*, int>)Get(nameof(EVP_DigestSignFinal));
        EVP_DigestVerifyInit = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr, IntPtr, IntPtr, int>)Get(nameof(EVP_DigestVerifyInit));
        EVP_DigestVerifyUpdate = (delegate* unmanaged<IntPtr, byte*, nuint, int>)Get(nameof(EVP_DigestVerifyUpdate));
        EVP_DigestVerifyFinal = (delegate* unmanaged<IntPtr, byte*, nuint, int>)Get(nameof(EVP_DigestVerifyFinal));

        if (missing.Count > 0)
            return $"{LibraryName} lacks {string.Join(", ", missing)}";
        if (OpenSSL_version_num() < 0x30000000)
            return $"{LibraryName} is older than OpenSSL 3.0";
        return null;
    }

    /// <summary>"OpenSSL 3.0.19 27 Jan 2026", as the library says.</summary>
    public static string Version => Marshal.PtrToStringUTF8((IntPtr)OpenSSL_version(0)) ?? "OpenSSL";
}
