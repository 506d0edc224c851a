using System.Collections.Frozen;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Codec;

/// <summary>Who sends the request of a message type.</summary>
public enum MessageDirection : byte
{
    /// <summary>AGV → RCS.</summary>
    AgvToRcs,
    /// <summary>RCS → AGV.</summary>
    RcsToAgv,
    /// <summary>Either side (Heartbeat, Disconnect).</summary>
    Both,
}

public delegate IMessage BodyDecoder(ref WireReader reader);

/// <summary>One row of the message table: a msgType, its direction, and how its bodies decode.</summary>
/// <param name="AckByDefault">whether a request of this type sets ACK_REQUIRED (PROTOCOL.md §2: reports do not).</param>
/// <param name="Response">null when the response body is empty (decoded as <see cref="Ack"/>).</param>
public sealed record MessageDescriptor(
    MessageType Type,
    string GuideName,
    MessageDirection Direction,
    bool AckByDefault,
    BodyDecoder Request,
    BodyDecoder? Response);

/// <summary>
/// The message table of PROTOCOL.md §4: every layout is reached from here, so a layout can
/// change without touching the engine. The engine asks this table, never a switch of its own.
/// </summary>
public static class MessageTable
{
    private static MessageDescriptor Row<TReq>(MessageType t, string guide, MessageDirection d, bool ack, BodyDecoder? response)
        where TReq : IMessage<TReq> => new(t, guide, d, ack, static (ref WireReader r) => TReq.Read(ref r), response);

    private static BodyDecoder Body<T>() where T : IMessage<T> => static (ref WireReader r) => T.Read(ref r);

    public static readonly IReadOnlyList<MessageDescriptor> All =
    [
        Row<AccessRequest>(MessageType.AccessRequest, "通信通道建立", MessageDirection.AgvToRcs, true, Body<AccessResponse>()),
        Row<AccessConfirm>(MessageType.AccessConfirm, "通信通道建立 (确认)", MessageDirection.AgvToRcs, true, null),
        Row<Heartbeat>(MessageType.Heartbeat, "心跳", MessageDirection.Both, true, Body<HeartbeatResponse>()),
        Row<Disconnect>(MessageType.Disconnect, "断开连接", MessageDirection.Both, true, null),
        Row<Register>(MessageType.Register, "AGV注册", MessageDirection.AgvToRcs, true, Body<RegisterResponse>()),
        Row<ParamQuery>(MessageType.ParamQuery, "AGV基础参数查询", MessageDirection.RcsToAgv, true, Body<ParamQueryResponse>()),
        Row<ParamSet>(MessageType.ParamSet, "AGV基础参数设置", MessageDirection.RcsToAgv, true, Body<ParamSetResponse>()),
        Row<MotionControl>(MessageType.MotionControl, "AGV运动控制", MessageDirection.RcsToAgv, true, Body<MotionControlResponse>()),
        Row<MotionCommand>(MessageType.MotionCommand, "AGV运动控制 (命令)", MessageDirection.RcsToAgv, true, null),
        Row<ChargeControl>(MessageType.ChargeControl, "AGV充电控制", MessageDirection.RcsToAgv, true, null),
        Row<NavigationSwitch>(MessageType.NavigationSwitch, "AGV导航切换", MessageDirection.RcsToAgv, true, null),
        Row<MapSwitch>(MessageType.MapSwitch, "地图切换", MessageDirection.RcsToAgv, true, null),
        Row<SpaceRequest>(MessageType.SpaceRequest, "设置自主调整空间申请", MessageDirection.AgvToRcs, true, Body<SpaceRequestResponse>()),
        Row<SpaceRelease>(MessageType.SpaceRelease, "自主调整空间释放", MessageDirection.AgvToRcs, true, null),
        Row<StateReport>(MessageType.StateReport, "状态上报", MessageDirection.AgvToRcs, false, null),
        Row<RunDataReport>(MessageType.RunDataReport, "AGV运行数据上报", MessageDirection.AgvToRcs, false, null),
        Row<EventReport>(MessageType.EventReport, "事件上报", MessageDirection.AgvToRcs, false, null),
        Row<TaskReport>(MessageType.TaskReport, "任务上报", MessageDirection.AgvToRcs, false, null),
    ];

    private static readonly FrozenDictionary<MessageType, MessageDescriptor> ByType = All.ToFrozenDictionary(d => d.Type);

    public static MessageDescriptor? Find(MessageType type) => ByType.GetValueOrDefault(type);

    /// <summary>
    /// Decodes a plain body. A response whose result is not OK has no body to decode
    /// (this project's rule: error answers are empty) and yields an <see cref="Ack"/>.
    /// </summary>
    public static DecodeError TryDecode(MessageType type, bool isResponse, ResultCode result, ReadOnlySpan<byte> body, out IMessage? message)
    {
        message = null;
        var d = Find(type);
        if (d is null) return DecodeError.UnknownMessage;
        var r = new WireReader(body);
        if (isResponse && (d.Response is null || result != ResultCode.Ok))
        {
            message = new Ack(type);
            if (d.Response is null) r.ExpectEnd();
            return r.Error;
        }
        var m = (isResponse ? d.Response! : d.Request)(ref r);
        r.ExpectEnd();
        if (!r.Ok) return r.Error;
        message = m;
        return DecodeError.None;
    }

    /// <summary>Decodes a body of a known type without boxing (the StateReport hot path).</summary>
    public static DecodeError TryDecode<T>(ReadOnlySpan<byte> body, out T message) where T : IMessage<T>
    {
        var r = new WireReader(body);
        message = T.Read(ref r);
        r.ExpectEnd();
        return r.Error;
    }
}
