using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>0x0010 Register (AGV注册), AGV → RCS: who the vehicle is, its dimensions, actuators and where it stands.</summary>
public sealed record Register(
    string Serial,
    string Vendor,
    string Model,
    string Firmware,
    AgvType AgvType,
    NavigationType NavType,
    ushort LengthMm,
    ushort WidthMm,
    ushort HeightMm,
    ushort TurnRadiusMm,
    uint PayloadKg,
    int MaxSpeed,
    uint BatteryWh,
    EquatableArray<Actuator> Actuators,
    uint MapId,
    Pose Pose) : IMessage<Register>
{
    public MessageType Type => MessageType.Register;
    public bool IsResponse => false;

    public static Register Read(ref WireReader r)
    {
        string serial = r.Str(), vendor = r.Str(), model = r.Str(), firmware = r.Str();
        var type = (AgvType)r.U8();
        var nav = (NavigationType)r.U8();
        ushort length = r.U16(), width = r.U16(), height = r.U16(), turn = r.U16();
        uint payload = r.U32();
        int maxSpeed = r.I32();
        uint battery = r.U32();
        var actuators = new Actuator[r.Count(Actuator.Size)];
        for (int i = 0; i < actuators.Length; i++) actuators[i] = Actuator.Read(ref r);
        uint map = r.U32();
        var pose = Pose.Read(ref r);
        return new(serial, vendor, model, firmware, type, nav, length, width, height, turn, payload, maxSpeed, battery, actuators, map, pose);
    }

    public void Write(WireWriter w)
    {
        w.Str(Serial);
        w.Str(Vendor);
        w.Str(Model);
        w.Str(Firmware);
        w.U8((byte)AgvType);
        w.U8((byte)NavType);
        w.U16(LengthMm);
        w.U16(WidthMm);
        w.U16(HeightMm);
        w.U16(TurnRadiusMm);
        w.U32(PayloadKg);
        w.I32(MaxSpeed);
        w.U32(BatteryWh);
        w.Count(Actuators.Count);
        foreach (var a in Actuators.AsSpan()) a.Write(w);
        w.U32(MapId);
        Pose.Write(w);
    }
}

/// <summary>Response to Register: the id the AGV puts in every later header, and the periods to use.</summary>
public sealed record RegisterResponse(uint AgvId, uint HeartbeatPeriodMs, uint ReportPeriodMs, uint RunDataPeriodMs)
    : IMessage<RegisterResponse>
{
    public MessageType Type => MessageType.Register;
    public bool IsResponse => true;
    public static RegisterResponse Read(ref WireReader r) => new(r.U32(), r.U32(), r.U32(), r.U32());

    public void Write(WireWriter w)
    {
        w.U32(AgvId);
        w.U32(HeartbeatPeriodMs);
        w.U32(ReportPeriodMs);
        w.U32(RunDataPeriodMs);
    }
}
