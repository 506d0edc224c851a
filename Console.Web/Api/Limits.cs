using System.Text;

namespace AgvConsole.Web.Api;

/// <summary>
/// How long and how large what callers send may be: checked before anything is done with it, so an
/// oversized value gets a 400 that names the field and the limit, and nothing is stored or echoed.
/// The limits sit well above anything a real site sends.
/// </summary>
public static class Limits
{
    /// <summary>PROTOCOL.md: a <c>str</c> is at most 255 bytes of UTF-8. Serials and vendors reach AGVs and come from them in that form.</summary>
    public const int ProtocolStringBytes = 255;
    /// <summary>An order's idempotency key from a business system: as long as a protocol string.</summary>
    public const int ExternalIdBytes = 255;
    /// <summary>A map's name and building.</summary>
    public const int NameChars = 200;
    /// <summary>Names of kinds, types, commands and actions (the longest valid one has 21 letters).</summary>
    public const int EnumNameChars = 64;
    /// <summary>Hex of a 65-byte SM2 point is 130 characters; spaces between bytes are allowed.</summary>
    public const int PublicKeyChars = 260;
    /// <summary>An acknowledgement or clearing comment.</summary>
    public const int CommentChars = 1000;
    /// <summary>Nodes per map. The demo floors have 60 and 70; the largest halls seen have a few thousand.</summary>
    public const int MaxNodesPerMap = 20_000;
    /// <summary>Edges per map: three per node at the limit (a grid has two).</summary>
    public const int MaxEdgesPerMap = 60_000;
    /// <summary>Nodes in one manual path (5 km at 2.5 m spacing).</summary>
    public const int MaxPathNodes = 2_000;
    /// <summary>Properties in a parameter body (the catalog has 12).</summary>
    public const int MaxParameters = 64;
    /// <summary>Problems listed in one answer; the count says how many there were.</summary>
    public const int MaxListedProblems = 20;

    public static string? Bytes(string field, string? value, int max) =>
        value is not null && Encoding.UTF8.GetByteCount(value) > max ? $"{field} is longer than {max} bytes (UTF-8)" : null;

    public static string? Chars(string field, string? value, int max) =>
        value is not null && value.Length > max ? $"{field} is longer than {max} characters" : null;

    public static string? Count(string field, int count, int max) =>
        count > max ? $"{field} has {count} entries, more than the {max} allowed" : null;

    /// <summary>400 naming every value over its limit, or null when all are within.</summary>
    public static IResult? Check(params string?[] problems)
    {
        var found = problems.Where(p => p is not null).ToList();
        return found.Count == 0 ? null
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Too long or too large", detail: string.Join("; ", found) + ". Nothing was changed.");
    }
}
