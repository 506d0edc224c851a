using AgvConsole.Fleet.Dispatch;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Localization;

namespace AgvConsole.Web.Components;

/// <summary>The AGV pages' shared words: a protocol result code and a command's outcome in the reader's language.</summary>
public static class AgvText
{
    /// <summary>A §5 result code in words ("not possible in its current state").</summary>
    public static string Result(this IStringLocalizer<SharedText> t, ResultCode r)
    {
        var s = t["Result." + r];
        return s.ResourceNotFound ? CommandOutcome.Describe(r) : s.Value;
    }

    /// <summary>
    /// What came of <paramref name="what"/> (a command in words) in the AGV's words: done, refused with its
    /// result code, no answer, offline. A request the service itself refused keeps the service's sentence.
    /// </summary>
    public static string Outcome(this IStringLocalizer<SharedText> t, CommandOutcome o, string what, string serial) => o.Kind switch
    {
        OutcomeKind.Done => t["Outcome.Done", what],
        OutcomeKind.AgvRefused when o.Result == ResultCode.Timeout => t["Outcome.NoAnswer", what],
        OutcomeKind.AgvRefused => t["Outcome.Refused", what, t.Result(o.Result)],
        OutcomeKind.Offline => t["Outcome.Offline", serial],
        OutcomeKind.UnknownAgv => t["Outcome.Unknown", serial],
        _ => o.Message,
    };
}
