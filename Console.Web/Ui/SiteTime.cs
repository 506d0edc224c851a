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
}
