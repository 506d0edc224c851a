using CsvHelper;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// The one CSV writer of every export (RFC 4180 by CsvHelper). A cell that starts with = + - @, a tab or
/// a carriage return gets a leading single quote, so that a spreadsheet shows it as text instead of running
/// it as a formula: an AGV's serial or an alarm's text is whatever the AGV sent (OWASP's CSV injection).
/// </summary>
public static class CsvExport
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteHeader(header.ToArray());
            foreach (var row in rows) csv.WriteRecord(row.Select(c => c ?? "").ToArray());
        }
        return buffer.ToArray();
    }

    public static IResult File(string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) =>
        Results.File(Write(header, rows), "text/csv; charset=utf-8", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv");
}
