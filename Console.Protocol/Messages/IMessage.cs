using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>A typed message body: a request or a response of one msgType.</summary>
public interface IMessage
{
    MessageType Type { get; }
    bool IsResponse { get; }
    void Write(WireWriter w);
}

/// <summary>A message body that can decode itself; <see cref="Codec.MessageTable"/> holds one entry per type.</summary>
public interface IMessage<TSelf> : IMessage where TSelf : IMessage<TSelf>
{
    static abstract TSelf Read(ref WireReader r);
}

/// <summary>
/// The empty response body that most requests get (PROTOCOL.md §4: "a response body is empty
/// unless listed"). A response whose header result is not OK is also empty, whatever its type.
/// </summary>
public sealed record Ack(MessageType Type) : IMessage
{
    public bool IsResponse => true;
    public void Write(WireWriter w) { }
}
