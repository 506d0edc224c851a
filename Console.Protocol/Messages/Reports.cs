using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>0x0050 StateReport (状态上报), AGV → RCS, every report period. A value type: the hot path.</summary>
public record struct StateReport(State State) : IMessage<StateReport>
{
    public readonly MessageType Type => MessageType.StateReport;
    public readonly bool IsResponse => false;
    public static StateReport Read(ref WireReader r) => new(State.Read(ref r));
    public readonly void Write(WireWriter w) => State.Write(w);
}

/// <summary>0x0051 RunDataReport (AGV运行数据上报), AGV → RCS, every run-data period.</summary>
public sealed record RunDataReport(RunData Data) : IMessage<RunDataReport>
{
    public MessageType Type => MessageType.RunDataReport;
    public bool IsResponse => false;
    public static RunDataReport Read(ref WireReader r) => new(RunData.Read(ref r));
    public void Write(WireWriter w) => Data.Write(w);
}

/// <summary>0x0052 EventReport, AGV → RCS: an event or fault raised or cleared on the vehicle.</summary>
public sealed record EventReport(ushort Code, EventLevel Level, EventKind Kind, string Text) : IMessage<EventReport>
{
    public MessageType Type => MessageType.EventReport;
    public bool IsResponse => false;
    public static EventReport Read(ref WireReader r) => new(r.U16(), (EventLevel)r.U8(), (EventKind)r.U8(), r.Str());

    public void Write(WireWriter w)
    {
        w.U16(Code);
        w.U8((byte)Level);
        w.U8((byte)Kind);
        w.Str(Text);
    }
}

/// <summary>0x0053 TaskReport, AGV → RCS: progress of a MotionControl task.</summary>
public sealed record TaskReport(uint TaskId, TaskStatus Status, ushort PointIndex, ushort ErrorCode) : IMessage<TaskReport>
{
    public MessageType Type => MessageType.TaskReport;
    public bool IsResponse => false;
    public static TaskReport Read(ref WireReader r) => new(r.U32(), (TaskStatus)r.U8(), r.U16(), r.U16());

    public void Write(WireWriter w)
    {
        w.U32(TaskId);
        w.U8((byte)Status);
        w.U16(PointIndex);
        w.U16(ErrorCode);
    }
}
