using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// 0x0001 AccessRequest (通信通道建立), AGV → RCS. In secure mode it carries the AGV's static and
/// ephemeral SM2 public keys (65-byte uncompressed points) and the integrity profile it asks for.
/// </summary>
public sealed record AccessRequest(
    AccessMode Mode,
    string Vendor,
    string Serial,
    byte ProtoVersion,
    EquatableArray<byte> AgvStaticPub = default,
    EquatableArray<byte> AgvEphemeralPub = default,
    IntegrityProfile Integrity = IntegrityProfile.Signed) : IMessage<AccessRequest>
{
    public MessageType Type => MessageType.AccessRequest;
    public bool IsResponse => false;

    public static AccessRequest Read(ref WireReader r)
    {
        var mode = (AccessMode)r.U8();
        string vendor = r.Str(), serial = r.Str();
        byte version = r.U8();
        if (mode == AccessMode.Normal) return new(mode, vendor, serial, version);
        if (mode != AccessMode.Secure) r.Fail(DecodeError.UnknownLayoutSelector);
        return new(mode, vendor, serial, version, r.Bytes(), r.Bytes(), (IntegrityProfile)r.U8());
    }

    public void Write(WireWriter w)
    {
        w.U8((byte)Mode);
        w.Str(Vendor);
        w.Str(Serial);
        w.U8(ProtoVersion);
        if (Mode != AccessMode.Secure) return;
        w.Bytes(AgvStaticPub.AsSpan());
        w.Bytes(AgvEphemeralPub.AsSpan());
        w.U8((byte)Integrity);
    }
}

/// <summary>Response to AccessRequest: in secure mode the RCS's keys, its confirmation S_B and the accepted profile.</summary>
public sealed record AccessResponse(
    AccessMode Mode,
    EquatableArray<byte> RcsStaticPub = default,
    EquatableArray<byte> RcsEphemeralPub = default,
    EquatableArray<byte> ConfirmB = default,
    IntegrityProfile Integrity = IntegrityProfile.Signed) : IMessage<AccessResponse>
{
    public MessageType Type => MessageType.AccessRequest;
    public bool IsResponse => true;

    public static AccessResponse Read(ref WireReader r)
    {
        var mode = (AccessMode)r.U8();
        if (mode == AccessMode.Normal) return new(mode);
        if (mode != AccessMode.Secure) r.Fail(DecodeError.UnknownLayoutSelector);
        return new(mode, r.Bytes(), r.Bytes(), r.Bytes(), (IntegrityProfile)r.U8());
    }

    public void Write(WireWriter w)
    {
        w.U8((byte)Mode);
        if (Mode != AccessMode.Secure) return;
        w.Bytes(RcsStaticPub.AsSpan());
        w.Bytes(RcsEphemeralPub.AsSpan());
        w.Bytes(ConfirmB.AsSpan());
        w.U8((byte)Integrity);
    }
}

/// <summary>0x0002 AccessConfirm, AGV → RCS: the AGV's key confirmation S_A. Response: empty.</summary>
public sealed record AccessConfirm(EquatableArray<byte> ConfirmA) : IMessage<AccessConfirm>
{
    public MessageType Type => MessageType.AccessConfirm;
    public bool IsResponse => false;
    public static AccessConfirm Read(ref WireReader r) => new(r.Bytes());
    public void Write(WireWriter w) => w.Bytes(ConfirmA.AsSpan());
}
