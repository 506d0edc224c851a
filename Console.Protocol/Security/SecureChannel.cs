using System.Buffers.Binary;
using System.Security.Cryptography;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Protocol.Security;

/// <summary>Why a secure frame was dropped.</summary>
public enum SecurityFailure : byte
{
    None,
    /// <summary>The envelope's own layout is broken (lengths, IV size, ciphertext not whole blocks).</summary>
    MalformedEnvelope,
    /// <summary>The signature or MAC does not verify: tampered, or not from the peer.</summary>
    BadTag,
    /// <summary>Decrypted, but the PKCS#7 padding is wrong.</summary>
    BadPadding,
    /// <summary>seq not newer than the last accepted request (within a 2^31 window).</summary>
    ReplayedSeq,
    /// <summary>timestamp more than 30 s from the receiver's clock.</summary>
    StaleTimestamp,
    /// <summary>A frame without ENCRYPTED after the channel was established.</summary>
    NotEncrypted,
}

/// <summary>
/// The secure envelope of PROTOCOL.md §6.3, for one direction pair of one session:
/// <code>
///   bytes iv (16) ‖ u32 ctLen ‖ ciphertext (SM4-CBC, PKCS#7) ‖ bytes tag
///   tag over header[0..24) ‖ iv ‖ ciphertext   (the raw IV and ciphertext, without their length prefixes)
/// </code>
/// Encrypt-then-tag; verify-then-decrypt. The tag is an SM2/SM3 signature (DER) with the signer's
/// Z, or in profile 1 for StateReport, RunDataReport and Heartbeat frames HMAC-SM3 with K[16..32).
/// Signatures come from <see cref="Sm2Signatures.Default"/> (OpenSSL when it loads, else BouncyCastle).
/// Sealing is serialised by the session's send lock, opening by its read loop; one instance
/// must not be sealed from two threads at once.
/// </summary>
public sealed class SecureChannel
{
    public const int IvSize = 16;
    public const int BlockSize = 16;
    public const int MacSize = 32;

    private readonly IntegrityProfile _profile;
    private readonly SM4Engine _encrypt = new();
    private readonly SM4Engine _decrypt = new();
    private readonly HMac _macOut = new(new SM3Digest());
    private readonly HMac _macIn = new(new SM3Digest());
    private readonly Sm2Signer _signer;
    private readonly Sm2Verifier _verifier;
    private readonly byte[] _macOutBuf = new byte[MacSize];
    private readonly byte[] _macInBuf = new byte[MacSize];
    private readonly byte[] _headerOut = new byte[FrameHeader.AuthenticatedSize];
    private readonly byte[] _headerIn = new byte[FrameHeader.AuthenticatedSize];

    public SecureChannel(IntegrityProfile profile, SessionKeys keys, Sm2KeyPair own, string ownId, ECPublicKeyParameters peer, string peerId,
        Sm2Signatures? signatures = null)
    {
        _profile = profile;
        var key = new KeyParameter(keys.EncryptionKey.ToArray());
        _encrypt.Init(true, key);
        _decrypt.Init(false, key);
        var macKey = new KeyParameter(keys.MacKey.ToArray());
        _macOut.Init(macKey);
        _macIn.Init(macKey);
        signatures ??= Sm2Signatures.Default;
        _signer = signatures.CreateSigner(own, ownId);
        _verifier = signatures.CreateVerifier(peer, peerId);
    }

    public IntegrityProfile Profile => _profile;

    /// <summary>Profile 1 MACs telemetry (reports, heartbeats and their responses); everything else is signed.</summary>
    public static bool UsesMac(IntegrityProfile profile, MessageType type) =>
        profile == IntegrityProfile.SignedAndMac &&
        type is MessageType.StateReport or MessageType.RunDataReport or MessageType.Heartbeat;

    /// <summary>Appends the envelope for <paramref name="plain"/> to <paramref name="output"/>.</summary>
    /// <param name="authenticatedHeader">header bytes [0, 24) of the frame being built.</param>
    public void Seal(ReadOnlySpan<byte> authenticatedHeader, MessageType type, ReadOnlySpan<byte> plain, WireWriter output)
    {
        int start = output.Length;
        output.U16(IvSize);
        var (ivArr, ivOff) = output.ReserveArray(IvSize);
        RandomNumberGenerator.Fill(ivArr.AsSpan(ivOff, IvSize));
        int pad = BlockSize - plain.Length % BlockSize;
        int ctLen = plain.Length + pad;
        output.U32((uint)ctLen);
        var (buf, ctOff) = output.ReserveArray(ctLen);
        plain.CopyTo(buf.AsSpan(ctOff));
        buf.AsSpan(ctOff + plain.Length, pad).Fill((byte)pad);

        // CBC by hand over the block engine: no per-frame cipher objects.
        for (int off = ctOff, prev = ivOff; off < ctOff + ctLen; prev = off, off += BlockSize)
        {
            Xor(buf.AsSpan(off, BlockSize), buf.AsSpan(prev, BlockSize));
            _encrypt.ProcessBlock(buf, off, buf, off);
        }

        authenticatedHeader.CopyTo(_headerOut);
        if (UsesMac(_profile, type))
        {
            _macOut.BlockUpdate(_headerOut, 0, _headerOut.Length);
            _macOut.BlockUpdate(output.Array, start + 2, IvSize);
            _macOut.BlockUpdate(output.Array, ctOff, ctLen);
            _macOut.DoFinal(_macOutBuf, 0);
            output.Bytes(_macOutBuf);
        }
        else
        {
            _signer.Update(_headerOut);
            _signer.Update(output.Array.AsSpan(start + 2, IvSize));
            _signer.Update(output.Array.AsSpan(ctOff, ctLen));
            Span<byte> signature = stackalloc byte[Sm2Signer.MaxSignatureSize];
            output.Bytes(signature[.._signer.Sign(signature)]);
        }
    }

    /// <summary>Verifies the tag, then decrypts into <paramref name="plainOutput"/> (which is reset first).</summary>
    public SecurityFailure Open(ReadOnlySpan<byte> authenticatedHeader, MessageType type, byte[] envelope, int offset, int length, WireWriter plainOutput)
    {
        var r = new WireReader(envelope.AsSpan(offset, length));
        int ivLen = r.U16();
        int ivOff = offset + r.Position;
        if (ivLen != IvSize || r.Remaining < IvSize + 4) return SecurityFailure.MalformedEnvelope;
        for (int i = 0; i < IvSize; i++) r.U8();
        uint ctLen = r.U32();
        int ctOff = offset + r.Position;
        if (ctLen == 0 || ctLen % BlockSize != 0 || ctLen > r.Remaining) return SecurityFailure.MalformedEnvelope;
        r = new WireReader(envelope.AsSpan(ctOff + (int)ctLen, offset + length - ctOff - (int)ctLen));
        int tagLen = r.U16();
        int tagOff = ctOff + (int)ctLen + 2;
        if (!r.Ok || tagLen != r.Remaining) return SecurityFailure.MalformedEnvelope;
        var tag = envelope.AsSpan(tagOff, tagLen);

        authenticatedHeader.CopyTo(_headerIn);
        var header = _headerIn;
        if (UsesMac(_profile, type))
        {
            _macIn.BlockUpdate(header, 0, header.Length);
            _macIn.BlockUpdate(envelope, ivOff, IvSize);
            _macIn.BlockUpdate(envelope, ctOff, (int)ctLen);
            _macIn.DoFinal(_macInBuf, 0);
            if (tagLen != MacSize || !CryptographicOperations.FixedTimeEquals(tag, _macInBuf)) return SecurityFailure.BadTag;
        }
        else
        {
            _verifier.Update(header);
            _verifier.Update(envelope.AsSpan(ivOff, IvSize));
            _verifier.Update(envelope.AsSpan(ctOff, (int)ctLen));
            if (!_verifier.Verify(tag)) return SecurityFailure.BadTag;
        }

        plainOutput.Reset();
        var (outArr, outOff) = plainOutput.ReserveArray((int)ctLen);
        for (int i = 0; i < ctLen; i += BlockSize)
        {
            _decrypt.ProcessBlock(envelope, ctOff + i, outArr, outOff + i);
            Xor(outArr.AsSpan(outOff + i, BlockSize), envelope.AsSpan(i == 0 ? ivOff : ctOff + i - BlockSize, BlockSize));
        }
        int pad = outArr[outOff + (int)ctLen - 1];
        if (pad is < 1 or > BlockSize) return SecurityFailure.BadPadding;
        for (int i = 1; i <= pad; i++)
            if (outArr[outOff + (int)ctLen - i] != pad) return SecurityFailure.BadPadding;
        plainOutput.Truncate((int)ctLen - pad);
        return SecurityFailure.None;
    }

    private static void Xor(Span<byte> into, ReadOnlySpan<byte> with)
    {
        var a = BinaryPrimitives.ReadUInt64LittleEndian(into) ^ BinaryPrimitives.ReadUInt64LittleEndian(with);
        var b = BinaryPrimitives.ReadUInt64LittleEndian(into[8..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(with[8..]);
        BinaryPrimitives.WriteUInt64LittleEndian(into, a);
        BinaryPrimitives.WriteUInt64LittleEndian(into[8..], b);
    }

    /// <summary>Builds a whole encrypted frame: header with ENCRYPTED, envelope as body, CRC.</summary>
    public ReadOnlySpan<byte> SealFrame(FrameEncoder encoder, FrameHeader header, ReadOnlySpan<byte> plain)
    {
        var h = header with { Flags = header.Flags | FrameFlags.Encrypted, BodyLength = 0 };
        Span<byte> authenticated = stackalloc byte[FrameHeader.Size];
        h.Write(authenticated);
        var w = encoder.BeginFrame();
        Seal(authenticated[..FrameHeader.AuthenticatedSize], h.MsgType, plain, w);
        return encoder.Finish(h);
    }
}
