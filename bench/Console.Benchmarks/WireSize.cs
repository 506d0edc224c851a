using System.Text.Json;
using AgvConsole.Protocol.Codec;
using AgvConsole.Protocol.Framing;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Benchmarks;

/// <summary>
/// Bytes on the wire for one state report: our binary StateReport frame against a VDA 5050 v2
/// <c>state</c> JSON message carrying the same content (pose, velocity, battery, task/order,
/// nodes, load, one actuator as an action state, one error). Compact JSON, no MQTT overhead.
/// </summary>
public static class WireSize
{
    public static int Run()
    {
        var state = new State
        {
            MapId = 1, Pose = new(12_345, -6_789, 1571), LocConfidence = 97, Vx = 1200, BatteryPct = 76, BatteryMv = 25_400,
            AgvState = AgvState.Moving, NavType = NavigationType.LaserSlam, TaskId = 4711, LastNodeId = 101, NextNodeId = 102, PointIndex = 3, Loaded = true,
            Actuators = SmallList<ActuatorState>.From([new(ActuatorType.Lift, 0, ActuatorStatus.Done, 60)]),
            Errors = SmallList<AgvError>.From([new(0x0101, EventLevel.Warning)]),
        };
        var frame = new FrameEncoder().Encode(new FrameHeader(FrameFlags.None, MessageType.StateReport, ResultCode.Ok, 42, 7, 1_700_000_000_000, 0), new StateReport(state));

        var vda = new
        {
            headerId = 42, timestamp = "2023-11-14T22:13:20.000Z", version = "2.0.0", manufacturer = "SimWorks", serialNumber = "SIM-0007",
            orderId = "4711", orderUpdateId = 0, lastNodeId = "101", lastNodeSequenceId = 6,
            nodeStates = new[] { new { nodeId = "102", sequenceId = 8, released = true } },
            edgeStates = new[] { new { edgeId = "101-102", sequenceId = 7, released = true } },
            agvPosition = new { x = 12.345, y = -6.789, theta = 1.571, mapId = "1", positionInitialized = true, localizationScore = 0.97 },
            velocity = new { vx = 1.2, vy = 0.0, omega = 0.0 },
            loads = new[] { new { loadId = "", loadType = "" } },
            driving = true, paused = false, newBaseRequest = false, distanceSinceLastNode = 0.0, operatingMode = "AUTOMATIC",
            batteryState = new { batteryCharge = 76.0, batteryVoltage = 25.4, charging = false },
            errors = new[] { new { errorType = "257", errorLevel = "WARNING", errorReferences = Array.Empty<object>() } },
            safetyState = new { eStop = "NONE", fieldViolation = false },
            actionStates = new[] { new { actionId = "lift-0", actionType = "liftUp", actionStatus = "FINISHED", resultDescription = "60" } },
            information = Array.Empty<object>(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(vda);
        Console.WriteLine($"StateReport frame (header 28 + body {frame.Length - FrameHeader.Overhead} + CRC 4): {frame.Length} bytes");
        Console.WriteLine($"VDA 5050 state JSON, same content, compact:       {json.Length} bytes");
        Console.WriteLine($"ratio JSON / binary: {(double)json.Length / frame.Length:0.0}×");
        return 0;
    }
}
