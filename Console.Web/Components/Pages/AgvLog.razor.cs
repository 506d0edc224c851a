using System.Globalization;
using AgvConsole.Fleet.Maps;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using AgvConsole.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgvConsole.Web.Components.Pages;

/// <summary>
/// An AGV's log: battery, temperature and odometer charts and a timeline of events, state changes,
/// commands and alarms, filterable by kind, in site time. The alarm pages link here with
/// <c>?at=&lt;unix ms&gt;</c> (the hour around that moment, the moment marked); <c>?hours=</c> picks the
/// period. A bad value in either says why, shows the default period, and answers 400 to the first request.
/// </summary>
public partial class AgvLog
{
    public const int MaxHours = 24 * 31;
    private static readonly int[] Periods = [1, 8, 24, 72];
    private static readonly LogKind[] Kinds = Enum.GetValues<LogKind>();

    [Parameter] public string Serial { get; set; } = "";
    // Query values are taken as text and parsed here: a typed parameter would turn "?hours=abc" into a 500.
    [SupplyParameterFromQuery(Name = "hours")] private string? HoursText { get; set; }
    /// <summary>The moment of an alarm being traced (unix ms), as the alarm pages link it.</summary>
    [SupplyParameterFromQuery(Name = "at")] private string? AtText { get; set; }
    /// <summary>Only while the first request is rendered (prerender): the status of a bad address.</summary>
    [CascadingParameter] private HttpContext? Http { get; set; }

    [Inject] private AgvLogReader Reader { get; set; } = default!;
    [Inject] private IFleetFeed Feed { get; set; } = default!;
    [Inject] private SiteMaps Maps { get; set; } = default!;
    [Inject] private ISiteTime SiteTime { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private int _hours = 1;
    private DateTimeOffset _from, _to;
    private DateTimeOffset? _at;
    private string? _queryError;
    private bool _known;
    private string _timeFormat = "HH:mm:ss";
    private AgvLogData _data = new([], [], [], [], [], []);
    private IReadOnlyCollection<LogKind> _kinds = Kinds;
    private List<LogEntry> _shown = [];
    private List<ChartSeries<double>> _battery = [], _temperatures = [], _odometer = [];
    private TimeSeriesChartOptions _options = new();
    private List<BreadcrumbItem> _crumbs = [];

    protected override async Task OnParametersSetAsync()
    {
        _crumbs = [new(L["Fleet"], "/fleet"), new(Serial, $"/agvs/{Uri.EscapeDataString(Serial)}"), new(L["Log"], null, disabled: true)];
        ReadQuery();
        if (_at is { } at)
        {
            _from = at.AddMinutes(-45);
            _to = at.AddMinutes(15);
        }
        else
        {
            _to = Time.GetUtcNow();
            _from = _to.AddHours(-_hours);
        }
        _timeFormat = _to - _from > TimeSpan.FromHours(24) ? "MM-dd HH:mm:ss" : "HH:mm:ss";
        _known = Feed.Find(Serial) is not null;
        _data = await Reader.ReadAsync(Serial, _from, _to);
        BuildCharts();
        Filter();
    }

    private void ReadQuery()
    {
        _queryError = null;
        _hours = 1;
        _at = null;
        if (!string.IsNullOrWhiteSpace(HoursText))
        {
            if (int.TryParse(HoursText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= MaxHours) _hours = h;
            else _queryError = L["BadHours", HoursText, MaxHours];
        }
        if (!string.IsNullOrWhiteSpace(AtText))
        {
            // Unix milliseconds, within what a date can hold (an hour kept free on each side).
            if (long.TryParse(AtText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                && ms >= 3_600_000 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() - 3_600_000) _at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            else _queryError = L["BadAt", AtText, _hours];
        }
        // The page still shows (the default period) with the reason; the address was wrong: 400.
        if (_queryError is not null && Http is { Response.HasStarted: false }) Http.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>The charts in site wall-clock time (MudBlazor labels the axis with the DateTime it is given).</summary>
    private void BuildCharts()
    {
        ChartSeries<double> Line(string name, IReadOnlyList<(DateTimeOffset At, double Value)> points) => new()
        {
            Name = name,
            Data = new ChartData<double>(points.Select(p => (SiteTime.ToSite(p.At).DateTime, p.Value)).ToList()),
        };
        _battery = [Line(L["BatteryPct"], _data.Battery)];
        _temperatures = [Line(L["MotorTemp"], _data.MotorTemp), Line(L["BatteryTemp"], _data.BatteryTemp), Line(L["ControllerTemp"], _data.ControllerTemp)];
        _odometer = [Line(L["OdometerKm"], _data.OdometerKm)];
        var span = _to - _from;
        _options = new TimeSeriesChartOptions
        {
            TimeLabelFormat = span > TimeSpan.FromHours(24) ? "MM-dd HH:mm" : "HH:mm",
            TooltipTimeLabelFormat = "yyyy-MM-dd HH:mm:ss",
            TimeLabelSpacing = LabelSpacing(span),
            LineStrokeWidth = 2,
            ShowDataMarkers = true,
            ChartPalette = ["#1565c0", "#c62828", "#2e7d32"], // the keys under the charts (console.css) use the same colours
        };
    }

    /// <summary>About six labels along the time axis, on round minutes or hours.</summary>
    private static TimeSpan LabelSpacing(TimeSpan span)
    {
        TimeSpan[] steps = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
            TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7)];
        return steps.FirstOrDefault(s => span / s <= 7, steps[^1]);
    }

    private void SetKinds(IReadOnlyCollection<LogKind>? kinds)
    {
        _kinds = kinds ?? [];
        Filter();
    }

    private void Filter() => _shown = _data.Timeline.Where(e => _kinds.Contains(e.Kind)).ToList();

    private string PeriodLink(int hours) => $"/agvs/{Uri.EscapeDataString(Serial)}/log?hours={hours}";

    /// <summary>The line of the traced moment (within a second of it) stands out.</summary>
    private string RowClass(LogEntry e, int _) =>
        _at is { } m && Math.Abs((e.At - m).TotalSeconds) < 1 ? "console-log-row console-log-marked" : "console-log-row";

    private string Describe(LogEntry e) => e.Kind switch
    {
        LogKind.Event => L["EventLine", Word("EventKind.", e.What), e.Code == 0 ? "" : $" 0x{e.Code:X4}", Level(e.Level), e.Text],
        LogKind.State when e.Sample is { } s => L["StateLine", T.State(s.State), MapName(s.MapId), (s.X / 1000.0).ToString("0.0"), (s.Y / 1000.0).ToString("0.0"), s.BatteryPct],
        LogKind.State => T.State(e.What),
        LogKind.Command => L["CommandLine", e.Who ?? "?", Word("Action.", e.What), e.Text],
        _ => e.Who is null
            ? L["AlarmLine", e.AlarmId, e.Rule ?? "", Level(e.Level), Word("AlarmStep.", e.What), e.Text]
            : L["AlarmLineBy", e.AlarmId, e.Rule ?? "", Level(e.Level), Word("AlarmStep.", e.What), e.Who, e.Text],
    };

    /// <summary>A recorded word (event kind, audited action, alarm step) in the reader's language, or as recorded.</summary>
    private string Word(string prefix, string what)
    {
        var s = L[prefix + what.Replace(' ', '_')];
        return s.ResourceNotFound ? what : s.Value;
    }

    private string Level(string? level) => Enum.TryParse<EventLevel>(level, true, out var l) ? T.Level(l) : level ?? "";

    private string MapName(uint id) => Maps.Find(id)?.Name ?? L["MapNumber", id];
}
