using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>An actuator the AGV declares at registration, with the range of its control value.</summary>
public readonly record struct Actuator(ActuatorType Type, byte Index, int Min, int Max)
{
    public const int Size = 10;
    public static Actuator Read(ref WireReader r) => new((ActuatorType)r.U8(), r.U8(), r.I32(), r.I32());

    public void Write(WireWriter w)
    {
        w.U8((byte)Type);
        w.U8(Index);
        w.I32(Min);
        w.I32(Max);
    }
}

/// <summary>An actuator's live state in a StateReport (A.1).</summary>
public readonly record struct ActuatorState(ActuatorType Type, byte Index, ActuatorStatus Status, int Value)
{
    public const int Size = 7;
    public static ActuatorState Read(ref WireReader r) => new((ActuatorType)r.U8(), r.U8(), (ActuatorStatus)r.U8(), r.I32());

    public void Write(WireWriter w)
    {
        w.U8((byte)Type);
        w.U8(Index);
        w.U8((byte)Status);
        w.I32(Value);
    }
}

/// <summary>
/// An actuator command (A.13): for a lift, <see cref="Command"/> is an A.6 <see cref="LiftAdjustment"/>;
/// for other actuators 0 stop, 1 go to <see cref="TargetValue"/>.
/// </summary>
public readonly record struct ActuatorCommand(ActuatorType ActuatorType, byte Index, byte Command, int TargetValue, int Speed)
{
    public const int Size = 11;
    public static ActuatorCommand Read(ref WireReader r) => new((ActuatorType)r.U8(), r.U8(), r.U8(), r.I32(), r.I32());

    public void Write(WireWriter w)
    {
        w.U8((byte)ActuatorType);
        w.U8(Index);
        w.U8(Command);
        w.I32(TargetValue);
        w.I32(Speed);
    }
}

/// <summary>An error the AGV currently has, as listed in a StateReport.</summary>
public readonly record struct AgvError(ushort Code, EventLevel Level)
{
    public const int Size = 3;
    public static AgvError Read(ref WireReader r) => new(r.U16(), (EventLevel)r.U8());

    public void Write(WireWriter w)
    {
        w.U16(Code);
        w.U8((byte)Level);
    }
}
