using System.Globalization;

namespace AgvConsole.Web.Ui;

/// <summary>
/// Times as the site reads them (<c>Site:TimeZone</c>). Pages format every date and time through this,
/// never with ToLocalTime (the server's zone) or the browser's.
/// </summary>
public interface ISiteTime
{
    /// <summary>The zone's offset now, for a column header: "UTC+08:00".</summary>
    string Label { get; }

    DateTimeOffset ToSite(DateTimeOffset t);

    /// <summary>Site wall-clock time, "2026-11-30 16:00:00" by default.</summary>
    string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss");
}

/// <summary>
/// Stand-in until the site clock of issue 12 (Site:TimeZone, an IANA id; blank = the server's zone)
/// reaches this branch; at the merge ISiteTime is served by that clock and this class goes.
/// </summary>
public sealed class SiteTimeStandIn(IConfiguration configuration, TimeProvider time) : ISiteTime
{
    private readonly TimeZoneInfo _zone = configuration["Site:TimeZone"] is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Local;

    public string Label
    {
        get
        {
            var o = _zone.GetUtcOffset(time.GetUtcNow());
            return "UTC" + (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        }
    }

    public DateTimeOffset ToSite(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, _zone);

    public string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss") => ToSite(t).ToString(format, CultureInfo.InvariantCulture);
}
