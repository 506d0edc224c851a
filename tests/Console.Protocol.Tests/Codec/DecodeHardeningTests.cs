using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Protocol.Tests.Codec;

public class DecodeHardeningTests
{
    private static byte[] Body(IMessage m) => new FrameEncoder().EncodeBody(m).ToArray();

    [Fact]
    public void Every_truncation_of_every_body_is_an_error_not_an_exception()
    {
        foreach (var m in new RandomMessages(7).All())
        {
            var body = Body(m);
            for (int n = 0; n < body.Length; n++)
            {
                var e = MessageTable.TryDecode(m.Type, m.IsResponse, ResultCode.Ok, body.AsSpan(0, n), out var decoded);
                // A heartbeat response's body is optional: its empty prefix is the AGV's (valid) form.
                if (m is HeartbeatResponse && n == 0) { Assert.Equal(DecodeError.None, e); continue; }
                Assert.NotEqual(DecodeError.None, e);
                Assert.Null(decoded);
            }
        }
    }

    [Fact]
    public void Invalid_utf8_is_a_decode_error()
    {
        var body = Body(new EventReport(1, EventLevel.Info, EventKind.Raised, "ab"));
        body[^2] = 0xC3; // a lead byte followed by 'b'
        Assert.Equal(DecodeError.InvalidUtf8, MessageTable.TryDecode(MessageType.EventReport, false, ResultCode.Ok, body, out _));
    }

    [Fact]
    public void Count_larger_than_remaining_bytes_fails_before_allocating()
    {
        var body = Body(new ParamSet(Array.Empty<Param>()));
        body[0] = 0xFF; body[1] = 0xFF; // 65535 params announced, none present
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = MessageTable.TryDecode(MessageType.ParamSet, false, ResultCode.Ok, body, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(DecodeError.CountExceedsRemaining, e);
        Assert.True(allocated < 1024, $"allocated {allocated} bytes for an unchecked count");
    }

    [Fact]
    public void Trailing_bytes_are_an_error()
    {
        byte[] body = [.. Body(new SpaceRelease(5)), 0x00];
        Assert.Equal(DecodeError.TrailingBytes, MessageTable.TryDecode(MessageType.SpaceRelease, false, ResultCode.Ok, body, out _));
    }

    [Fact]
    public void Unknown_message_type_is_reported_as_such()
    {
        Assert.Equal(DecodeError.UnknownMessage, MessageTable.TryDecode((MessageType)0x0999, false, ResultCode.Ok, [], out _));
    }

    [Fact]
    public void Unknown_param_value_type_and_space_kind_are_layout_errors()
    {
        var p = Body(new ParamSet(new Param[] { new(ParamId.HeartbeatPeriodMs, ParamValueType.U8, 1) }));
        p[4] = 9;
        Assert.Equal(DecodeError.UnknownLayoutSelector, MessageTable.TryDecode(MessageType.ParamSet, false, ResultCode.Ok, p, out _));

        var s = Body(new SpaceRequest(1, SpaceReason.Other, Space.Circle(0, 0, 1), 1, Array.Empty<Pose>()));
        s[5] = 3;
        Assert.Equal(DecodeError.UnknownLayoutSelector, MessageTable.TryDecode(MessageType.SpaceRequest, false, ResultCode.Ok, s, out _));
    }

    [Fact]
    public void Polygon_with_too_few_vertices_is_out_of_range()
    {
        var s = Body(new SpaceRequest(1, SpaceReason.Other, Space.Polygon(new(0, 0), new(1, 0), new(0, 1)), 1, Array.Empty<Pose>()));
        s[6] = 2; // vertex count 3 → 2
        Assert.Equal(DecodeError.OutOfRange, MessageTable.TryDecode(MessageType.SpaceRequest, false, ResultCode.Ok, s.AsSpan(0, s.Length - 8), out _));
    }

    [Fact]
    public void Unknown_enum_values_are_kept()
    {
        var body = Body(new NavigationSwitch((NavigationType)42, 5));
        Assert.Equal(DecodeError.None, MessageTable.TryDecode(MessageType.NavigationSwitch, false, ResultCode.Ok, body, out var m));
        Assert.Equal((NavigationType)42, ((NavigationSwitch)m!).NavType);
    }

    [Fact]
    public void Polygon_validation_names_clockwise_and_self_crossing_shapes()
    {
        Assert.Null(Space.Polygon(new(0, 0), new(10, 0), new(10, 10), new(0, 10)).Validate());
        Assert.Contains("counter-clockwise", Space.Polygon(new(0, 0), new(0, 10), new(10, 10), new(10, 0)).Validate());
        Assert.Contains("not simple", Space.Polygon(new(0, 0), new(10, 10), new(10, 0), new(0, 10), new(-5, 5)).Validate() ?? "not simple");
        Assert.NotNull(Space.Polygon(new(0, 0), new(10, 0), new(0, 10), new(10, 10)).Validate()); // bow tie
    }
}
