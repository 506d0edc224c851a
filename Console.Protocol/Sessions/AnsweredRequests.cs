using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// The last few answers a session sent, by request seq, so that a retried request (same seq)
/// is answered again from the stored frame without being acted on twice (PROTOCOL.md §2).
/// </summary>
internal sealed class AnsweredRequests(int capacity)
{
    private readonly (uint Seq, MessageType Type, byte[]? Frame)[] _ring = new (uint, MessageType, byte[]?)[capacity];
    private int _next;

    public void Add(uint seq, MessageType type, byte[] frame)
    {
        lock (_ring)
        {
            _ring[_next] = (seq, type, frame);
            _next = (_next + 1) % _ring.Length;
        }
    }

    public byte[]? Find(uint seq, MessageType type)
    {
        lock (_ring)
        {
            foreach (var e in _ring)
                if (e.Frame is not null && e.Seq == seq && e.Type == type) return e.Frame;
        }
        return null;
    }
}
