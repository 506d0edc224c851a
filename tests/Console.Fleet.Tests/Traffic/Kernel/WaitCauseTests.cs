using AgvConsole.Fleet.Traffic.Kernel;

namespace AgvConsole.Fleet.Tests.Traffic.Kernel;

/// <summary>A wait's values give back the kernel's English sentence word for word (logs and tests read it).</summary>
public class WaitCauseTests
{
    public static TheoryData<WaitCause, string> Sentences() => new()
    {
        { new(WaitReason.Lift, "A-1", null, 1060), "A-1 rides the lift" },
        { new(WaitReason.StandingAgv, "A-1", "B-2", 1003, OtherStands: StandReason.Fault), "A-1 waits: B-2 stands still (fault) in its way at node 1003" },
        { new(WaitReason.StandingAgv, "A-1", "B-2", 1003), "A-1 waits: B-2 stands still (doing its action) in its way at node 1003" },
        { new(WaitReason.Agv, "A-1", "B-2", 1003), "A-1 waits for B-2 to pass node 1003 first" },
        { new(WaitReason.Agv, "A-1", "B-2", null), "A-1 waits for B-2 to move on" },
        { new(WaitReason.Place, "A-1", null, 7), "A-1 waits for node 7: it is not free yet" },
        { new(WaitReason.Place, "A-1", null, 7, Closed: new(SectionKind.DeadEnd, [8, 9])), "A-1 waits for node 7: the dead end 8, 9 is in use: it goes in once it will not have to pass the AGVs inside" },
        { new(WaitReason.Place, "A-1", null, 7, Closed: new(SectionKind.OneLaneAisle, [12, 13, 14, 15, 16, 17, 18, 19])), "A-1 waits for node 7: the one-lane aisle 12–19 is used the other way" },
        { new(WaitReason.Place, "A-1", null, 7, Closed: new(SectionKind.Lift, [1060, 2002])), "A-1 waits for node 7: the lift 1060, 2002 is taken" },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void The_english_sentence_is_the_kernels(WaitCause cause, string english) => Assert.Equal(english, cause.English);
}
