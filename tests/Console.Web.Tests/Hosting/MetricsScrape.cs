using System.Globalization;

namespace AgvConsole.Web.Tests.Hosting;

/// <summary>One /metrics answer in the Prometheus text format, read by name and labels.</summary>
public sealed class MetricsScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>The sample of <paramref name="name"/> whose labels include every one of <paramref name="labels"/> (e.g. <c>kind="crc"</c>); null if none.</summary>
    public double? Value(string name, params string[] labels)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal)) continue;
            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' ')) continue; // another metric with this prefix
            int close = rest.LastIndexOf('}');
            var labelText = rest[0] == '{' ? rest[1..close] : "";
            if (!labels.All(l => labelText.Split(',').Contains(l))) continue;
            var value = rest[(rest[0] == '{' ? close + 1 : 0)..].Trim().Split(' ')[0];
            return double.Parse(value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    public double Require(string name, params string[] labels) =>
        Value(name, labels) ?? throw new Xunit.Sdk.XunitException($"{name}{{{string.Join(",", labels)}}} is not in the scrape:\n{Text}");
}
