using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>Parameter ids of PROTOCOL.md §4 "Parameters". Other ids decode and are kept.</summary>
public enum ParamId : ushort
{
    StateReportPeriodMs = 0x0001,
    HeartbeatPeriodMs = 0x0002,
    RunDataPeriodMs = 0x0003,
    LowBatteryAlarmPct = 0x0010,
    CriticalBatteryPct = 0x0011,
    OverTempAlarmC = 0x0012,
    LowConfidenceAlarm = 0x0013,
    MaxLinearSpeed = 0x0020,
    MaxAngularSpeed = 0x0021,
    Acceleration = 0x0022,
    Deceleration = 0x0023,
    ObstacleStopDistanceMm = 0x0030,
}

/// <summary>
/// A parameter value: integers of every width travel in <see cref="Value"/>, a <c>str</c> in
/// <see cref="Text"/>. The value type decides the layout, so an unknown type is a decode error.
/// </summary>
public readonly record struct Param(ParamId Id, ParamValueType Type, long Value, string? Text = null)
{
    public const int MinSize = 4; // u16 id, u8 type, at least one value byte

    public static Param Read(ref WireReader r)
    {
        var id = (ParamId)r.U16();
        var type = (ParamValueType)r.U8();
        switch (type)
        {
            case ParamValueType.U8: return new(id, type, r.U8());
            case ParamValueType.U16: return new(id, type, r.U16());
            case ParamValueType.U32: return new(id, type, r.U32());
            case ParamValueType.I16: return new(id, type, r.I16());
            case ParamValueType.I32: return new(id, type, r.I32());
            case ParamValueType.Str: return new(id, type, 0, r.Str());
            default:
                r.Fail(DecodeError.UnknownLayoutSelector);
                return default;
        }
    }

    public void Write(WireWriter w)
    {
        w.U16((ushort)Id);
        w.U8((byte)Type);
        switch (Type)
        {
            case ParamValueType.U8: w.U8(checked((byte)Value)); break;
            case ParamValueType.U16: w.U16(checked((ushort)Value)); break;
            case ParamValueType.U32: w.U32(checked((uint)Value)); break;
            case ParamValueType.I16: w.I16(checked((short)Value)); break;
            case ParamValueType.I32: w.I32(checked((int)Value)); break;
            case ParamValueType.Str: w.Str(Text); break;
            default: throw new ProtocolEncodeException($"parameter value type {(byte)Type} has no layout");
        }
    }

    public override string ToString() => Type == ParamValueType.Str ? $"{Id}=\"{Text}\"" : $"{Id}={Value}";
}

/// <summary>The AGV's answer for one parameter of a ParamSet.</summary>
public readonly record struct ParamResult(ParamId Id, ResultCode Result)
{
    public const int Size = 4;
    public static ParamResult Read(ref WireReader r) => new((ParamId)r.U16(), (ResultCode)r.U16());

    public void Write(WireWriter w)
    {
        w.U16((ushort)Id);
        w.U16((ushort)Result);
    }
}
