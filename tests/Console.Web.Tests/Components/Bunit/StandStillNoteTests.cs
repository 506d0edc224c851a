using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Components.Controls;
using AgvConsole.Web.Live;
using AgvConsole.Web.Ui;
using Bunit;
using static AgvConsole.Web.Tests.Components.Bunit.FakeFleetFeed;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>A waiting AGV's note: the full text of why it waits (its tooltip) reads in the reader's language, from the kernel's values.</summary>
public sealed class StandStillNoteTests
{
    /// <summary>The note of an AGV that has waited 5 s for the cause, the kernel's English as its text.</summary>
    private static IRenderedComponent<StandStillNote> Note(ConsolePageContext ctx, WaitCause cause)
    {
        var agv = Agv(cause.Serial, AgvState.Idle, reason: StandStill.WaitingForAgv);
        var wait = new TrafficWaitNote(cause.English, cause.Other, cause.NodeId, ctx.Clock.GetUtcNow().AddSeconds(-5)) { Cause = cause };
        return ctx.Render<StandStillNote>(p => p.Add(x => x.Status, agv with { Agv = agv.Agv with { Wait = wait } }));
    }

    private static string Tooltip(string culture, WaitCause cause)
    {
        using var ctx = new ConsolePageContext(culture: culture);
        return Note(ctx, cause).Find("[data-wait=since]").GetAttribute("title")!;
    }

    public static TheoryData<WaitCause, string> Chinese() => new()
    {
        { new(WaitReason.Place, "DEMO-02", null, 1006, Closed: new(SectionKind.OneLaneAisle, [1005, 1006, 1007, 1008, 1009])), "DEMO-02 等待节点 1006：单车道通道 1005–1009 正在被反向使用" },
        { new(WaitReason.Place, "DEMO-02", null, 1006, Closed: new(SectionKind.DeadEnd, [1010, 1011])), "DEMO-02 等待节点 1006：尽头支线 1010、1011 正在使用：要等进去后不必与里面的 AGV 交会时才会进入" },
        { new(WaitReason.Place, "DEMO-02", null, 1006), "DEMO-02 等待节点 1006：该节点尚未空出" },
        { new(WaitReason.StandingAgv, "DEMO-03", "DEMO-01", 1002, OtherStands: StandReason.Fault), "DEMO-03 等待中：DEMO-01 停在其路线上的节点 1002，不会移动（故障）" },
        { new(WaitReason.Agv, "DEMO-03", "DEMO-01", 1002), "DEMO-03 等待 DEMO-01 先通过节点 1002" },
        { new(WaitReason.Lift, "DEMO-04", null, 1060), "DEMO-04 正在乘坐电梯" },
    };

    [Theory]
    [MemberData(nameof(Chinese))]
    public void In_Chinese_the_wait_reads_in_Chinese_with_its_agvs_and_nodes(WaitCause cause, string expected) =>
        Assert.Equal(expected, Tooltip(ConsoleCulture.Chinese, cause));

    public static TheoryData<WaitCause> English() => new()
    {
        new(WaitReason.Place, "DEMO-02", null, 1006, Closed: new(SectionKind.DeadEnd, [1010, 1011])),
        new(WaitReason.Place, "DEMO-02", null, 1006, Closed: new(SectionKind.Lift, [1060, 2002])),
        new(WaitReason.StandingAgv, "DEMO-03", "DEMO-01", 1002),
        new(WaitReason.Agv, "DEMO-03", "DEMO-01", null),
    };

    public static TheoryData<WaitCause> EveryStandReason() => new(Enum.GetValues<StandReason>().Select(r => new WaitCause(WaitReason.StandingAgv, "DEMO-03", "DEMO-01", 1002, OtherStands: r)));

    public static TheoryData<WaitCause> EverySection() => new(new[] { SectionKind.DeadEnd, SectionKind.OneLaneAisle, SectionKind.Lift }
        .Select(k => new WaitCause(WaitReason.Place, "DEMO-02", null, 1006, Closed: new(k, [1005, 1006, 1007, 1008, 1009]))));

    [Theory]
    [MemberData(nameof(English))]
    [MemberData(nameof(EveryStandReason))]
    [MemberData(nameof(EverySection))]
    public void In_English_the_wait_reads_as_the_kernel_wrote_it(WaitCause cause) =>
        Assert.Equal(cause.English, Tooltip(ConsoleCulture.English, cause));

    [Theory]
    [InlineData(ConsoleCulture.Chinese, "DEMO-07（节点 2028）")] // no space before a full-width bracket
    [InlineData(ConsoleCulture.English, "DEMO-07 at node 2028")]
    public void The_node_follows_the_agv_waited_for_as_the_language_writes_it(string culture, string expected)
    {
        using var ctx = new ConsolePageContext(culture: culture);
        var cut = Note(ctx, new WaitCause(WaitReason.Agv, "DEMO-08", "DEMO-07", 2028));
        Assert.Contains(expected, cut.Find("[data-live=standstill]").TextContent);
    }

    [Fact]
    public void An_agvs_serial_in_the_wait_stays_text()
    {
        using var ctx = new ConsolePageContext(culture: ConsoleCulture.Chinese);
        var cut = Note(ctx, new WaitCause(WaitReason.Agv, "A-1", "<b>B</b>", 1002));
        Assert.Equal("A-1 等待 <b>B</b> 先通过节点 1002", cut.Find("[data-wait=since]").GetAttribute("title"));
        Assert.Empty(cut.FindAll("b"));
    }
}
