using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Fleet.Tests;

public sealed class SecurityEventThrottleTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static SecurityEvent Refusal(string serial, string remote) =>
        new(DateTimeOffset.UtcNow, serial, remote, "duplicate serial refused", "the serial has a live session");

    [Fact]
    public void A_loop_of_refusals_is_written_once_and_summarised_when_its_minute_ends()
    {
        var clock = new Clock();
        var throttle = new SecurityEventThrottle(clock);
        Assert.True(throttle.Admit(Refusal("DEMO-01", "10.0.0.9:50001")));
        for (int port = 50002; port < 50102; port++) Assert.False(throttle.Admit(Refusal("DEMO-01", $"10.0.0.9:{port}")));
        Assert.True(throttle.Admit(Refusal("DEMO-02", "10.0.0.9:50200"))); // another serial is another story
        Assert.True(throttle.Admit(Refusal("DEMO-01", "[fe80::1]:50201"))); // and so is another address

        Assert.Empty(throttle.TakeSummaries()); // the minute has not ended
        clock.Now += SecurityEventThrottle.Window;
        var summary = Assert.Single(throttle.TakeSummaries());
        Assert.Equal("DEMO-01", summary.Serial);
        Assert.Contains("repeated 100 more times", summary.Detail);
        Assert.Empty(throttle.TakeSummaries());
        Assert.True(throttle.Admit(Refusal("DEMO-01", "10.0.0.9:50300"))); // a new minute is written again
    }
}
