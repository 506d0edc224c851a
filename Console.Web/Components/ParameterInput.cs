using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Ui;
using Microsoft.Extensions.Localization;

namespace AgvConsole.Web.Components;

/// <summary>Reads what was typed on a parameter page: blank boxes are skipped, every other one must be a number within its range.</summary>
public static class ParameterInput
{
    /// <param name="typed">parameter name → the text in its box, in the field's unit.</param>
    public static (Dictionary<ParamId, long> Values, Dictionary<string, string> Errors) Read(IReadOnlyDictionary<string, string?> typed, IStringLocalizer<SharedText> t)
    {
        var values = new Dictionary<ParamId, long>();
        var errors = new Dictionary<string, string>();
        foreach (var f in ParameterFields.All)
        {
            var text = typed.GetValueOrDefault(f.Name);
            if (string.IsNullOrWhiteSpace(text)) continue;
            var error = f.TryRead(text, out var value);
            if (error == ParameterInputError.None) values[f.Id] = value;
            else errors[f.Name] = Message(f, error, t);
        }
        return (values, errors);
    }

    public static string Message(ParameterField f, ParameterInputError error, IStringLocalizer<SharedText> t) => error switch
    {
        ParameterInputError.NotANumber => t["ParamError.NotANumber"],
        ParameterInputError.TooPrecise => t["ParamError.TooPrecise", f.Decimals],
        _ => t["ParamError.OutOfRange", $"{f.DisplayMin} {f.Unit}".Trim(), $"{f.DisplayMax} {f.Unit}".Trim()],
    };
}
