using AgvConsole.Fleet.Alarms;

namespace AgvConsole.Fleet.Tests;

/// <summary>Every text the alarm engine writes reads back as its kind and values (the pages show it in the reader's language from these).</summary>
public sealed class AlarmTextTests
{
    public static TheoryData<string, string, string[]> Written => new()
    {
        { AlarmText.LowBattery(15, 20), nameof(AlarmText.LowBattery), ["15", "20"] },
        { AlarmText.CriticalBattery(4, 8), nameof(AlarmText.CriticalBattery), ["4", "8"] },
        { AlarmText.LowConfidence(95, 97), nameof(AlarmText.LowConfidence), ["95", "97"] },
        { AlarmText.EmergencyStop(), nameof(AlarmText.EmergencyStop), [] },
        { AlarmText.OverTemperature(-5, 70), nameof(AlarmText.OverTemperature), ["-5", "70"] },
        { AlarmText.HeartbeatLost(), nameof(AlarmText.HeartbeatLost), [] },
        { AlarmText.ConnectionLost(), nameof(AlarmText.ConnectionLost), [] },
        { AlarmText.StateError(0x2A01, "Error"), nameof(AlarmText.StateError), ["2A01", "Error"] },
        { AlarmText.SpaceDenied(3), nameof(AlarmText.SpaceDenied), ["3"] },
        { AlarmText.AgvEvent(0x0101, "obstacle in front: (left) 50 %"), nameof(AlarmText.AgvEvent), ["0101", "obstacle in front: (left) 50 %"] },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void Each_text_reads_back_as_what_was_written(string text, string kind, string[] values)
    {
        Assert.True(AlarmText.TryRead(text, out var readKind, out var readValues), text);
        Assert.Equal(kind, readKind);
        Assert.Equal(values, readValues);
    }

    [Fact]
    public void The_texts_are_the_ones_stored_and_sent_before_the_catalogue()
    {
        // What the API, webhooks and stored alarms have always carried, byte for byte.
        Assert.Equal("battery 15 % (below 20 %)", AlarmText.LowBattery(15, 20));
        Assert.Equal("temperature 71 °C (above 70 °C)", AlarmText.OverTemperature(71, 70));
        Assert.Equal("error 0x2A01 in state reports (Error)", AlarmText.StateError(0x2A01, "Error"));
        Assert.Equal("event 0x0101: obstacle", AlarmText.AgvEvent(0x0101, "obstacle"));
    }

    [Theory]
    [InlineData("the aisle is full")]                       // traffic control's own words
    [InlineData("battery 15 % (below 20 %) and more")]      // not exactly a written text
    [InlineData("")]
    public void Other_texts_are_not_read(string text) => Assert.False(AlarmText.TryRead(text, out _, out _));
}
