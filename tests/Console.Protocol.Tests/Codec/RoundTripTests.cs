using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Tests.Codec;

public class RoundTripTests
{
    [Fact]
    public void Every_message_with_random_fields_survives_encode_then_decode()
    {
        var encoder = new FrameEncoder();
        int checkedCount = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            foreach (var m in new RandomMessages(seed).All())
            {
                var body = encoder.EncodeBody(m).ToArray();
                var error = MessageTable.TryDecode(m.Type, m.IsResponse, ResultCode.Ok, body, out var decoded);
                Assert.True(error == DecodeError.None, $"{m.GetType().Name} seed {seed}: {error}");
                Assert.Equal(m, decoded);
                checkedCount++;
            }
        }
        Assert.Equal(300 * 25, checkedCount);
    }

    [Fact]
    public void State_lists_longer_than_the_inline_capacity_round_trip()
    {
        var s = new State { Actuators = SmallList<ActuatorState>.From(Enumerable.Range(0, 9).Select(i => new ActuatorState(ActuatorType.Roller, (byte)i, ActuatorStatus.Done, i * 10)).ToArray()) };
        var body = new FrameEncoder().EncodeBody(new StateReport(s)).ToArray();
        Assert.Equal(DecodeError.None, MessageTable.TryDecode<StateReport>(body, out var back));
        Assert.Equal(9, back.State.Actuators.Count);
        Assert.Equal(80, back.State.Actuators[8].Value);
        Assert.Equal(s, back.State);
    }

    [Fact]
    public void String_over_255_utf8_bytes_cannot_be_encoded()
    {
        var m = new EventReport(1, EventLevel.Info, EventKind.Raised, new string('界', 86)); // 258 bytes
        Assert.Throws<ProtocolEncodeException>(() => new FrameEncoder().EncodeBody(m));
    }

    [Fact]
    public void Theta_normalisation_stays_in_the_half_open_range()
    {
        Assert.Equal(3142, Pose.ToMilliradians(Math.PI));
        Assert.Equal(3142, Pose.ToMilliradians(-Math.PI));
        Assert.Equal(0, Pose.ToMilliradians(2 * Math.PI));
        Assert.Equal(-1571, Pose.ToMilliradians(-Math.PI / 2));
    }
}
