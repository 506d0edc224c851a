using System.Globalization;
using System.Text;

namespace AgvConsole.Protocol.Messages;

/// <summary>
/// Text that comes from an AGV. PROTOCOL.md allows any UTF-8 in a <c>str</c>; the console refuses
/// control characters (and the Unicode bidirectional overrides) in the strings that name an AGV
/// (serial, vendor, model, firmware): a newline in a serial would forge lines in the log and the
/// audit trail, and an override would show a serial reversed. Free text (event texts) is kept
/// but escaped wherever it is written or shown as one line.
/// </summary>
public static class AgvText
{
    /// <summary>Whether <paramref name="c"/> may not appear in an AGV's identity strings.</summary>
    public static bool IsForbidden(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c is '\u200E' or '\u200F' or '\u061C';

    /// <summary>The first named value that holds a forbidden character, as a sentence; null if all are clean.</summary>
    public static string? FirstProblem(params (string Name, string Value)[] values)
    {
        foreach (var (name, value) in values)
            foreach (var c in value)
                if (IsForbidden(c))
                    return $"the {name} contains the control character U+{(int)c:X4}";
        return null;
    }

    /// <summary>The text with every forbidden character written as <c>\uXXXX</c> (one line, nothing hidden).</summary>
    public static string Escape(string text)
    {
        int i = 0;
        while (i < text.Length && !IsForbidden(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length + 8).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (IsForbidden(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
