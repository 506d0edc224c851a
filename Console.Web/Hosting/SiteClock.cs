using System.Globalization;

namespace AgvConsole.Web.Hosting;

/// <summary>The <c>Site:</c> section (the console's own keys).</summary>
public sealed class SiteOptions
{
    /// <summary>Site:TimeZone: an IANA id such as Asia/Shanghai; blank = the server's own zone.</summary>
    public string? TimeZone { get; set; }
}

/// <summary>
/// The site's time zone (<c>Site:TimeZone</c>, an IANA id such as <c>Asia/Shanghai</c>; default the
/// server's own zone): every time a page, a filter or an export shows or reads goes through here, so
/// that an operator reads and types the wall-clock time of the hall, labelled with its UTC offset.
/// Times are stored and compared in UTC; only this class converts.
/// </summary>
public sealed class SiteClock(TimeZoneInfo zone, TimeProvider? time = null) : AgvConsole.Web.Ui.ISiteTime
{
    public const string ConfigurationKey = "Site:TimeZone";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeZoneInfo Zone { get; } = zone;

    public static SiteClock From(SiteOptions options) =>
        TryFind(options.TimeZone, out var zone) ? new SiteClock(zone) : throw new InvalidOperationException($"{ConfigurationKey} '{options.TimeZone}' is not a time zone this machine knows.");

    /// <summary>Blank is the server's own zone; otherwise an id the machine knows (IANA, such as Asia/Shanghai).</summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Local;
        if (string.IsNullOrWhiteSpace(id)) return true;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim()); return true; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return false; }
    }

    /// <summary>The zone's offset now, as the column headers show it: "UTC+08:00".</summary>
    public string Label => OffsetLabel(Zone.GetUtcOffset(_time.GetUtcNow()));

    /// <summary>For a tooltip or a filter's hint: "Asia/Shanghai, UTC+08:00".</summary>
    public string Description => $"{Zone.Id}, {Label}";

    public static string OffsetLabel(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    public DateTimeOffset ToSite(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Zone);

    /// <summary>
    /// Site wall-clock time for a table whose header carries <see cref="Label"/>; a time whose offset
    /// differs from today's (the other side of a daylight-saving change) carries its own.
    /// </summary>
    public string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss")
    {
        var local = ToSite(t);
        var text = local.ToString(format, CultureInfo.InvariantCulture);
        return local.Offset == Zone.GetUtcOffset(_time.GetUtcNow()) ? text : $"{text} {OffsetLabel(local.Offset)}";
    }

    /// <summary>Site time with its offset beside it, for a time shown on its own: "2026-11-30 16:00:00 UTC+08:00".</summary>
    public string Labelled(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss")
    {
        var local = ToSite(t);
        return $"{local.ToString(format, CultureInfo.InvariantCulture)} {OffsetLabel(local.Offset)}";
    }

    /// <summary>ISO 8601 with the site's offset, for exports: "2026-11-30T16:00:00+08:00".</summary>
    public string Iso(DateTimeOffset? t) => t is { } v ? ToSite(v).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// A filter's date and time: site wall-clock time (what a datetime-local box sends), unless the text
    /// names its own offset or Z. Blank is "no filter" (true, null); anything else unreadable is false.
    /// </summary>
    public bool TryReadTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        if (HasOffset(text))
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)) return false;
            at = withOffset.ToUniversalTime();
            return true;
        }
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)) return false;
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        // A wall time skipped by a daylight-saving change does not exist: read it with the offset before the change.
        var offset = Zone.IsInvalidTime(wall) ? Zone.GetUtcOffset(wall.AddHours(-1)) : Zone.GetUtcOffset(wall);
        at = new DateTimeOffset(wall, offset).ToUniversalTime();
        return true;
    }

    private static bool HasOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z')) return true;
        int t = text.IndexOfAny(['T', 't', ' ']);
        return t > 0 && text.IndexOfAny(['+', '-'], t) > 0;
    }
}
