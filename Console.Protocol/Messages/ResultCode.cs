namespace AgvConsole.Protocol.Messages;

/// <summary>Result codes of PROTOCOL.md §5, carried in a response header's <c>result</c> and in ParamResult.</summary>
public enum ResultCode : ushort
{
    Ok = 0,
    UnsupportedMessage = 1,
    BadParameter = 2,
    NotRegistered = 3,
    Busy = 4,
    RejectedInState = 5,
    AuthFailed = 6,
    ProtocolError = 7,
    UnknownNodeOrMap = 8,
    DuplicateSerial = 9,
    Timeout = 10,
    InternalError = 11,
}
