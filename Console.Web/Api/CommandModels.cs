using System.Text.Json;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Api;

// Request and answer bodies of the command half of API.md.

public sealed record CommandRequest(string? Command);
public sealed record CommandAnswer(string Result, string Message);

/// <summary>
/// The final action of a path (API.md leaves its shape open; this is the console's): the actuator
/// (<c>lift</c>, <c>fork</c>, … as in A.12), its index, and the command: for a lift an A.6 name
/// (<c>liftUp</c>, <c>liftDown</c>, <c>rotateWithChassis</c>, <c>rotateShelf</c>), otherwise
/// <c>stop</c> or <c>toValue</c> with <c>targetValue</c>.
/// </summary>
public sealed record FinalActionRequest(string? ActuatorType, int Index, string? Command, int TargetValue, int Speed);

public sealed record PathRequest(uint? MapId, uint[]? NodeIds, string? TaskType, FinalActionRequest? FinalAction);
public sealed record PathAnswer(uint TaskId, IReadOnlyList<uint> Route, double LengthMm, double Seconds);

public sealed record EnrolRequest(string? Serial, string? Vendor, string? AgvType, string? PublicKey);
public sealed record RcsKeyAnswer(string RcsId, string PublicKey);
public sealed record ParameterResults(IReadOnlyDictionary<string, string> Results);

public static class Names
{
    public static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    /// <summary>Parses an enum from its camelCase (or any-case) name; numbers are not accepted, so a typo is not a silent value.</summary>
    public static bool TryEnum<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text) && !char.IsDigit(text[0]) && text[0] != '-'
               && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Result(ResultCode r) => Camel(r.ToString());

    public static string[] EnumNames<T>() where T : struct, Enum => Enum.GetNames<T>().Select(Camel).ToArray();

    /// <summary>Builds the final actuator command, or says what is wrong with it.</summary>
    public static (ActuatorCommand[] Actions, string? Error) FinalAction(FinalActionRequest? f)
    {
        if (f is null) return ([], null);
        if (!TryEnum<ActuatorType>(f.ActuatorType, out var type))
            return ([], $"finalAction.actuatorType must be one of {string.Join(", ", EnumNames<ActuatorType>())}");
        if (f.Index is < 0 or > 255) return ([], "finalAction.index must be 0–255");
        byte command;
        if (type == ActuatorType.Lift)
        {
            if (!TryEnum<LiftAdjustment>(f.Command, out var lift) || lift == LiftAdjustment.None)
                return ([], "finalAction.command for a lift must be liftUp, liftDown, rotateWithChassis or rotateShelf");
            command = (byte)lift;
        }
        else if (string.Equals(f.Command, "stop", StringComparison.OrdinalIgnoreCase)) command = 0;
        else if (string.Equals(f.Command, "toValue", StringComparison.OrdinalIgnoreCase)) command = 1;
        else return ([], "finalAction.command must be stop or toValue for this actuator");
        return ([new ActuatorCommand(type, (byte)f.Index, command, f.TargetValue, f.Speed)], null);
    }

    /// <summary>Reads a parameter body ({ name: number, … }) against the catalog; every problem is named.</summary>
    public static (Dictionary<ParamId, long> Values, List<string> Errors) Parameters(JsonElement body)
    {
        var values = new Dictionary<ParamId, long>();
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("the body must be an object of parameter names and values");
            return (values, errors);
        }
        foreach (var p in body.EnumerateObject())
        {
            if (p.Name.Length > Limits.EnumNameChars) { errors.Add($"a parameter name is longer than {Limits.EnumNameChars} characters"); continue; }
            var d = ParameterCatalog.Find(p.Name);
            if (d is null) { errors.Add($"{p.Name} is not a parameter (known: {string.Join(", ", ParameterCatalog.All.Select(x => x.Name))})"); continue; }
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out var v)) { errors.Add($"{p.Name} must be a whole number"); continue; }
            if (!d.InRange(v)) { errors.Add($"{p.Name} must be between {d.Min} and {d.Max}, got {v}"); continue; }
            values[d.Id] = v;
        }
        if (values.Count == 0 && errors.Count == 0) errors.Add("no parameter given");
        return (values, errors);
    }
}
