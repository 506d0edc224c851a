using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Dispatch;

/// <summary>Why a command was not sent, or what the AGV answered.</summary>
public enum OutcomeKind
{
    /// <summary>Sent, and the AGV answered OK.</summary>
    Done,
    /// <summary>Sent; the AGV refused it or did not answer (see <see cref="CommandOutcome.Result"/>).</summary>
    AgvRefused,
    /// <summary>Not sent: the request itself is wrong (unknown node, value out of range, …).</summary>
    Invalid,
    /// <summary>Not sent: the AGV is not online.</summary>
    Offline,
    /// <summary>Not sent: no AGV with that serial.</summary>
    UnknownAgv,
    /// <summary>Not sent: traffic control could not reserve the route (another AGV holds part of it).</summary>
    Blocked,
}

/// <summary>The outcome of one command, with a sentence a person can act on.</summary>
public sealed record CommandOutcome(OutcomeKind Kind, string Message, ResultCode Result = ResultCode.Ok)
{
    public bool Ok => Kind == OutcomeKind.Done;
    public bool Sent => Kind is OutcomeKind.Done or OutcomeKind.AgvRefused;

    public static CommandOutcome Invalid(string message) => new(OutcomeKind.Invalid, message, ResultCode.BadParameter);
    public static CommandOutcome Offline(string serial) => new(OutcomeKind.Offline, $"{serial} is offline: nothing was sent.", ResultCode.NotRegistered);
    public static CommandOutcome Unknown(string serial) => new(OutcomeKind.UnknownAgv, $"No AGV with serial '{serial}' is known.", ResultCode.BadParameter);

    /// <summary>From the AGV's answer.</summary>
    public static CommandOutcome FromAnswer(string what, ResultCode result) => result switch
    {
        ResultCode.Ok => new(OutcomeKind.Done, $"{what}: done.", result),
        ResultCode.Timeout => new(OutcomeKind.AgvRefused, $"{what}: the AGV did not answer within the response timeout.", result),
        _ => new(OutcomeKind.AgvRefused, $"{what}: the AGV refused it ({Describe(result)}).", result),
    };

    public static string Describe(ResultCode r) => r switch
    {
        ResultCode.Ok => "OK",
        ResultCode.UnsupportedMessage => "it does not support this message",
        ResultCode.BadParameter => "bad parameter",
        ResultCode.NotRegistered => "not registered",
        ResultCode.Busy => "busy with another task",
        ResultCode.RejectedInState => "not possible in its current state",
        ResultCode.AuthFailed => "authentication failed",
        ResultCode.ProtocolError => "protocol error",
        ResultCode.UnknownNodeOrMap => "unknown node or map",
        ResultCode.DuplicateSerial => "duplicate serial",
        ResultCode.Timeout => "no answer in time",
        ResultCode.InternalError => "internal error on the AGV",
        _ => $"result {(int)r}",
    };
}

/// <summary>The outcome of a ParamSet: what the AGV answered per parameter.</summary>
public sealed record ParameterOutcome(CommandOutcome Outcome, IReadOnlyDictionary<ParamId, ResultCode> Results);

/// <summary>The outcome of a path dispatch: the task id sent and the route (the AGV's current node first).</summary>
public sealed record PathOutcome(CommandOutcome Outcome, uint TaskId, IReadOnlyList<uint> Route, double LengthMm, double Seconds);
