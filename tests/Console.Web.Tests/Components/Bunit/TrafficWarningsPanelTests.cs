using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Traffic;
using AgvConsole.Web.Components.Map;
using AgvConsole.Web.Security;
using AgvConsole.Web.Ui;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The map editor's traffic warnings read in the reader's language: the kernel's sentences are worded from
/// their templates with the map's node ids, the English reads exactly as the analysis wrote it, and a warning
/// without a template shows the analysis' text as it is.
/// </summary>
public sealed class TrafficWarningsPanelTests
{
    // A loop of four nodes 3 m apart with a spur off node 4 to a station (5): a dead end.
    private static readonly SiteMap Hall = new(1, "Hall", "A", 1,
        [new(1, 0, 0, MapNodeKind.Normal), new(2, 3000, 0, MapNodeKind.Normal), new(3, 3000, 3000, MapNodeKind.Normal),
         new(4, 0, 3000, MapNodeKind.Normal), new(5, -3000, 3000, MapNodeKind.Parking)],
        [new(1, 2, true, 1000), new(2, 3, true, 1000), new(3, 4, true, 1000), new(4, 1, true, 1000), new(4, 5, true, 1000)]);

    private static IReadOnlyList<TrafficWarning> Analysed() => new KernelTrafficWarnings(new FleetRegistry()).Analyse(Hall, []);

    private static (ConsolePageContext Ctx, IRenderedComponent<TrafficWarningsPanel> Cut) Render(string culture, IReadOnlyList<TrafficWarning> warnings)
    {
        var ctx = new ConsolePageContext(Roles.Administrator, culture, services: s => s.AddSingleton<ITrafficWarnings>(new KernelTrafficWarnings(new FleetRegistry())));
        return (ctx, ctx.Render<TrafficWarningsPanel>(p => p.Add(x => x.Warnings, warnings)));
    }

    private static List<string> Details(IRenderedComponent<TrafficWarningsPanel> cut) => cut.FindAll("#traffic-warnings-list li span").Select(s => s.TextContent).ToList();

    [Fact]
    public void In_Chinese_a_dead_end_reads_in_Chinese_with_its_node_ids()
    {
        var (ctx, cut) = Render(ConsoleCulture.Chinese, Analysed());
        using var _ = ctx;
        var spur = cut.Find("#traffic-warnings-list li[data-kind=DeadEndSpur]").TextContent;
        Assert.Contains("尽头支线", spur);
        Assert.Contains("节点 5 是从节点 4 进入的尽头支线：进去的 AGV 只能原路返回。", spur);
        Assert.Contains("等待进入的 AGV 在节点 4 前等候", spur);
        Assert.Contains(Details(cut), d => d.StartsWith("进度保证最多覆盖本站点上的 "));
        Assert.DoesNotContain(Details(cut), d => d.Contains("dead end") || d.Contains("progress guarantee"));
    }

    [Fact]
    public void In_English_the_sentences_read_exactly_as_the_analysis_wrote_them()
    {
        var warnings = Analysed();
        var (ctx, cut) = Render(ConsoleCulture.English, warnings);
        using var _ = ctx;
        Assert.Equal(warnings.Select(w => w.Detail), Details(cut));
        Assert.Contains("Nodes 5 are a dead end entered from node 4: AGVs there can only come back the way they came. " +
                        "An AGV is let in only for a goal there and only when it will not have to pass another AGV inside; one waiting to go in waits before node 4, so that those inside can come out.",
            cut.Find("#traffic-warnings-list li[data-kind=DeadEndSpur]").TextContent);
    }

    /// <summary>Values as the analysis gives them, for every sentence (a new sentence fails here until it has some).</summary>
    private static object[] Sample(TrafficSentence sentence) => sentence switch
    {
        TrafficSentence.NotConnected or TrafficSentence.NeverLeft or TrafficSentence.NeverReached or TrafficSentence.NoWayBack or TrafficSentence.NoWayRound =>
            [NodeList.Of(Enumerable.Range(101, 15).Select(i => (uint)i))],
        TrafficSentence.DeadEnd => [NodeList.Of([5, 6]), 4u],
        TrafficSentence.Lift => ["2002/1060", new TextList(["1", "2"]), NodeList.Of([2001, 1059])],
        TrafficSentence.OneLaneAisle => [NodeList.Of([7, 8]), 6u, 9u],
        TrafficSentence.OnlyLink => [3u],
        TrafficSentence.OneWayNotChecked => [40000],
        TrafficSentence.NarrowWay => [new WayList([(1, 2), (2, 3)], 4), 600, new TextList(["1200 × 800 mm", "2000 × 1000 mm"])],
        TrafficSentence.CloseNodes => [3, "1200 × 800 mm", 1.44, new ClosePairs([(1, 2, 0.5), (3, 4, 1.25)])],
        TrafficSentence.Capacity => [10, 14, 3],
        TrafficSentence.CapacityOnePlaceSection => [12, 14, 1],
        _ => throw new ArgumentOutOfRangeException(nameof(sentence), sentence, "no sample values"),
    };

    private static TrafficWarning[] EverySentence() => Enum.GetValues<TrafficSentence>()
        .Select(s => new TrafficWarningText(s, Sample(s)))
        .Select(t => new TrafficWarning(TrafficWarningKind.Other, [], t.English) { Text = t })
        .ToArray();

    [Fact]
    public void Every_sentence_is_worded_in_both_languages_with_its_values()
    {
        var (en, enCut) = Render(ConsoleCulture.English, EverySentence());
        using (en) Assert.Equal(EverySentence().Select(w => w.Detail), Details(enCut));

        var (zh, zhCut) = Render(ConsoleCulture.Chinese, EverySentence());
        using var _ = zh;
        var details = Details(zhCut);
        Assert.Equal(Enum.GetValues<TrafficSentence>().Length, details.Count);
        Assert.All(details, d => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", d));
        Assert.Contains("节点 101、102、103、104、105、106、107、108、109、110 及另外 5 个 与站点的其余部分不连通。", details);
        Assert.Contains("路段 1–2、2–3 及另外 4 个 宽 600 mm：尺寸为 1200 × 800 mm、2000 × 1000 mm 的 AGV 不会被规划到那里。", details);
        Assert.Contains(details, d => d.Contains("（1.44 m），例如 1 与 2（0.50 m）、3 与 4（1.25 m）："));
        Assert.Contains(details, d => d.StartsWith("电梯 2002/1060 把地图 1、2 连成同一个位置") && d.Contains("在节点 1059、2001 前等候"));
    }

    [Fact]
    public void A_warning_without_a_sentence_shows_its_text_as_it_is_and_never_as_markup()
    {
        var (ctx, cut) = Render(ConsoleCulture.Chinese, [new TrafficWarning(TrafficWarningKind.DeadEndSpur, [2002], "<b>2002</b> is a dead end")]);
        using var _ = ctx;
        Assert.Equal("<b>2002</b> is a dead end", Assert.Single(Details(cut)));
        Assert.Empty(cut.FindAll("#traffic-warnings-list b"));
    }

    /// <summary>Every kind of warning has its heading in both languages (a resource missing would show its key).</summary>
    [Theory]
    [InlineData(ConsoleCulture.English)]
    [InlineData(ConsoleCulture.Chinese)]
    public void Every_kind_has_a_heading(string culture)
    {
        var kinds = Enum.GetValues<TrafficWarningKind>();
        var (ctx, cut) = Render(culture, kinds.Select(k => new TrafficWarning(k, [2002], "x")).ToList());
        using var _ = ctx;
        var headings = cut.FindAll("#traffic-warnings-list li strong").Select(h => h.TextContent).ToList();
        Assert.Equal(kinds.Length, headings.Distinct().Count());
        Assert.DoesNotContain(headings, h => h.StartsWith("Kind."));
        Assert.Equal(culture == ConsoleCulture.Chinese ? "单向陷阱" : "One-way trap", cut.Find("#traffic-warnings-list li[data-kind=OneWayTrap] strong").TextContent);
    }

    /// <summary>The button that shows a warning's nodes lists them in the reader's language, as its sentence does.</summary>
    [Theory]
    [InlineData(ConsoleCulture.English, "Show nodes 2002, 2003")]
    [InlineData(ConsoleCulture.Chinese, "显示节点 2002、2003")]
    public void The_show_button_lists_the_nodes_in_the_readers_language(string culture, string expected)
    {
        using var ctx = new ConsolePageContext(Roles.Administrator, culture, services: s => s.AddSingleton<ITrafficWarnings>(new KernelTrafficWarnings(new FleetRegistry())));
        IReadOnlyList<uint>? shown = null;
        var cut = ctx.Render<TrafficWarningsPanel>(p => p
            .Add(x => x.Warnings, [new TrafficWarning(TrafficWarningKind.DeadEndSpur, [2002, 2003], "x")])
            .Add(x => x.OnShow, nodes => shown = nodes));
        var button = cut.Find("#traffic-warnings-list li button");
        Assert.Equal(expected, button.TextContent.Trim());
        button.Click();
        Assert.Equal([2002u, 2003u], shown);
    }
}
