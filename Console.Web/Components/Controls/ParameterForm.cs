using AgvConsole.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace AgvConsole.Web.Components.Controls;

/// <summary>
/// Reads a posted parameter form (one text box per <see cref="ParameterCatalog"/> entry, named by its Name).
/// Blank boxes are skipped; every non-blank one must be a whole number in the parameter's range.
/// What was typed is kept so the page can show it back next to its error.
/// </summary>
public sealed class ParameterForm
{
    public Dictionary<string, string> Posted { get; } = new();
    public Dictionary<string, string> Errors { get; } = new();

    public Dictionary<ParamId, long> Read(IFormCollection form)
    {
        Posted.Clear();
        Errors.Clear();
        var values = new Dictionary<ParamId, long>();
        foreach (var d in ParameterCatalog.All)
        {
            var text = form[d.Name].ToString().Trim();
            Posted[d.Name] = text;
            if (text.Length == 0) continue;
            if (!long.TryParse(text, out var v)) Errors[d.Name] = "a whole number";
            else if (!d.InRange(v)) Errors[d.Name] = $"between {d.Min} and {d.Max}";
            else values[d.Id] = v;
        }
        return values;
    }
}
