using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace AgvConsole.Protocol.Security;

/// <summary>SM2 signatures by BouncyCastle's <see cref="SM2Signer"/> (SM3, Z from the given id).</summary>
public sealed class BouncyCastleSm2 : Sm2Signatures
{
    public static readonly BouncyCastleSm2 Instance = new();

    private BouncyCastleSm2() { }

    public override string Name => "BouncyCastle " + typeof(SM2Signer).Assembly.GetName().Version;

    public override Sm2Signer CreateSigner(Sm2KeyPair key, string userId) =>
        new Signer(new ParametersWithID(key.Private, Encoding.UTF8.GetBytes(userId)));

    public override Sm2Verifier CreateVerifier(ECPublicKeyParameters key, string userId) =>
        new Verifier(new ParametersWithID(key, Encoding.UTF8.GetBytes(userId)));

    private sealed class Signer : Sm2Signer
    {
        private readonly SM2Signer _signer = new();
        private readonly ICipherParameters _key;

        public Signer(ICipherParameters key)
        {
            _key = key;
            _signer.Init(true, key);
        }

        public override void Update(ReadOnlySpan<byte> data) => _signer.BlockUpdate(data);

        public override int Sign(Span<byte> destination)
        {
            var signature = _signer.GenerateSignature();
            _signer.Init(true, _key);
            signature.CopyTo(destination);
            return signature.Length;
        }
    }

    private sealed class Verifier : Sm2Verifier
    {
        private readonly SM2Signer _verifier = new();
        private readonly ICipherParameters _key;

        public Verifier(ICipherParameters key)
        {
            _key = key;
            _verifier.Init(false, key);
        }

        public override void Update(ReadOnlySpan<byte> data) => _verifier.BlockUpdate(data);

        public override bool Verify(ReadOnlySpan<byte> signature)
        {
            try
            {
                return _verifier.VerifySignature(signature.ToArray());
            }
            // A signature that is not DER, or out of range, is simply not valid.
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException)
            {
                return false;
            }
            finally
            {
                _verifier.Init(false, _key);
            }
        }
    }
}
