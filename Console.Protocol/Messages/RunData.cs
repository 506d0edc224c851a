using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>The body of a RunDataReport: counters and temperatures for maintenance.</summary>
public readonly record struct RunData(
    ulong OdometerMm,
    uint RuntimeS,
    uint ChargeCycles,
    short MotorTempC,
    short BatteryTempC,
    short ControllerTempC,
    int MotorCurrentMa,
    uint CollisionCount,
    uint EmergencyStopCount,
    uint NavErrorCount)
{
    public static RunData Read(ref WireReader r) =>
        new(r.U64(), r.U32(), r.U32(), r.I16(), r.I16(), r.I16(), r.I32(), r.U32(), r.U32(), r.U32());

    public void Write(WireWriter w)
    {
        w.U64(OdometerMm);
        w.U32(RuntimeS);
        w.U32(ChargeCycles);
        w.I16(MotorTempC);
        w.I16(BatteryTempC);
        w.I16(ControllerTempC);
        w.I32(MotorCurrentMa);
        w.U32(CollisionCount);
        w.U32(EmergencyStopCount);
        w.U32(NavErrorCount);
    }
}
