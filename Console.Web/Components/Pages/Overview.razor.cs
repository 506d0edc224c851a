using AgvConsole.Web.Live;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// The landing page: how the fleet is doing this shift. Live from the fleet, order and alarm feeds;
/// every figure links to the page behind it.
/// </summary>
public partial class Overview
{
    /// <summary>The utilisation list shows the busiest AGVs first, this many; the rest are on the fleet page.</summary>
    public const int MaxUtilisationRows = 12;

    [Inject] private IFleetFeed Fleet { get; set; } = default!;
    [Inject] private IOrderFeed Orders { get; set; } = default!;
    [Inject] private IAlarmFeed Alarms { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private OverviewFigures _f = default!;
    private List<ChartSeries<double>> _throughput = [];
    private string[] _hours = [];
    private List<ChartSeries<double>> _bands = [];

    protected override void OnInitialized()
    {
        Load();
        if (!RendererInfo.IsInteractive) return;
        var refresh = Refresh(Load);
        Keep(Fleet.Subscribe(refresh));
        Keep(Orders.Subscribe(refresh));
        Keep(Alarms.Subscribe(refresh));
    }

    private void Load()
    {
        var now = Time.GetUtcNow();
        var window = TimeSpan.FromHours(OverviewFigures.Hours);
        _f = OverviewFigures.From(Fleet.Agvs(), Fleet.Utilisation(), Orders.Open(), Orders.EndedWithin(window), Orders.AssignedWithin(window),
            Alarms.Active(), now, HourOf);
        _hours = _f.ThroughputPerHour.Select(h => SiteTime.Format(h.HourStart, "HH:mm")).ToArray();
        _throughput = [new ChartSeries<double> { Name = L["FinishedPerHour"], Data = _f.ThroughputPerHour.Select(h => (double)h.Finished).ToArray() }];
        _bands = [new ChartSeries<double> { Name = L["AgvsPerBand"], Data = _f.BatteryBands.Select(n => (double)n).ToArray() }];
    }

    /// <summary>The start of the site's hour <paramref name="t"/> falls in.</summary>
    private DateTimeOffset HourOf(DateTimeOffset t)
    {
        var site = SiteTime.ToSite(t);
        return new DateTimeOffset(site.Year, site.Month, site.Day, site.Hour, 0, 0, site.Offset).ToUniversalTime();
    }

    private string Duration(TimeSpan? d) => d switch
    {
        null => "–",
        { TotalMinutes: < 1 } x => L["Seconds", (int)x.TotalSeconds],
        { TotalHours: < 1 } x => L["Minutes", (int)x.TotalMinutes, x.Seconds],
        var x => L["Hours", (int)x.Value.TotalHours, x.Value.Minutes],
    };

    private static string Percent(double share) => $"{share * 100:0} %";
}
