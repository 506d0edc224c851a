namespace AgvConsole.Web.Ui;

/// <summary>
/// Times as the site reads them (<c>Site:TimeZone</c>), served by <see cref="Hosting.SiteClock"/>. Pages format
/// every date and time through this, never with ToLocalTime (the server's zone) or the browser's; tests fake it.
/// </summary>
public interface ISiteTime
{
    /// <summary>The zone's offset now, for a column header: "UTC+08:00".</summary>
    string Label { get; }

    DateTimeOffset ToSite(DateTimeOffset t);

    /// <summary>Site wall-clock time, "2026-11-30 16:00:00" by default.</summary>
    string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss");

    /// <summary>
    /// A filter's date and time as a person types it: site wall-clock time ("2026-11-30T16:00", what a
    /// datetime-local box sends) unless the text names its own offset. Blank is "no filter" (true, null);
    /// anything unreadable is false. <see cref="Hosting.SiteClock"/> reads it exactly (daylight-saving gaps
    /// included); this default, for fakes, takes the zone's offset at that wall time read as UTC.
    /// </summary>
    bool TryReadTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        var styles = System.Globalization.DateTimeStyles.None;
        if (!DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, styles, out var wall)) return false;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, styles, out var withOffset) && wall.Kind != DateTimeKind.Unspecified)
        {
            at = withOffset.ToUniversalTime();
            return true;
        }
        var offset = ToSite(new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), TimeSpan.Zero)).Offset;
        at = new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), offset).ToUniversalTime();
        return true;
    }
}
