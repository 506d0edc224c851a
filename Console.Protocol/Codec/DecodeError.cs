namespace AgvConsole.Protocol.Codec;

/// <summary>Why a body did not decode. A closed set, so counters and logs can name it.</summary>
public enum DecodeError : byte
{
    None,
    /// <summary>The body ended before a field did.</summary>
    Truncated,
    /// <summary>A <c>str</c> held bytes that are not UTF-8.</summary>
    InvalidUtf8,
    /// <summary>A <c>list</c> count announces more items than the remaining bytes can hold.</summary>
    CountExceedsRemaining,
    /// <summary>Bytes were left after the last field (version 1 has no optional tail).</summary>
    TrailingBytes,
    /// <summary>A value that decides the layout (a param value type, a space kind) is not one the protocol defines.</summary>
    UnknownLayoutSelector,
    /// <summary>A field is outside the range its definition allows (e.g. polygon with 2 vertices).</summary>
    OutOfRange,
    /// <summary>The (msgType, response) pair is not in the message table.</summary>
    UnknownMessage,
}
