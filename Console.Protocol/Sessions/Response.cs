using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Sessions;

/// <summary>
/// The peer's answer to a request: its result code and, when OK and the type has one, its body.
/// <see cref="ResultCode.Timeout"/> here means no answer came in time (nothing was received);
/// <see cref="ResultCode.NotRegistered"/> without a send means the session was not online.
/// </summary>
public readonly record struct Response<T>(ResultCode Result, T? Body, bool Sent = true) where T : class
{
    public bool IsOk => Result == ResultCode.Ok;
    public static Response<T> NotSent(ResultCode result) => new(result, null, false);
    public override string ToString() => IsOk ? $"OK {Body}" : $"{Result}{(Sent ? "" : " (not sent)")}";
}

/// <summary>What a command handler answers: a result code and, for OK answers that have one, a body.</summary>
public readonly record struct Reply(ResultCode Result, IMessage? Body = null)
{
    public static Reply Ok(IMessage? body = null) => new(ResultCode.Ok, body);
    public static implicit operator Reply(ResultCode result) => new(result);
}
