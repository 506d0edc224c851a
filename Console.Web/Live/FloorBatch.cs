using System.Buffers.Binary;
using System.Text.Json.Serialization;
using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Live;

/// <summary>
/// What a live map watching one floor is sent (hub message <c>floor</c>): the changed AGVs as fixed
/// 44-byte records (<see cref="FloorRecord"/>, base64 in the JSON hub protocol), and beside them only
/// what changed of the slow parts (serial, size, path, granted spaces, errors, whom it waits for).
/// An AGV's path is sent when it changes, not with every position.
/// </summary>
/// <param name="G">the watch generation the batch belongs to (<see cref="LivePush.Watch"/>); the page drops older ones.</param>
/// <param name="R">the records, <see cref="FloorRecord.Size"/> bytes each.</param>
/// <param name="D">slow parts that changed, or null.</param>
/// <param name="X">indexes of AGVs the console no longer has (removed), or null.</param>
public sealed record FloorBatch(
    int G,
    byte[] R,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<VehicleDetail>? D,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int[]? X);

/// <summary>
/// The slow parts of one AGV, each only when it changed since this browser last got it (null: unchanged).
/// </summary>
/// <param name="I">the AGV's index (the records' first field).</param>
/// <param name="S">serial.</param>
/// <param name="W">length and width, mm.</param>
/// <param name="P">current path (node ids); empty: none.</param>
/// <param name="Sp">outlines of the spaces granted to it (x0, y0, x1, y1, … mm).</param>
/// <param name="E">error codes reported.</param>
/// <param name="Wf">the AGV traffic control makes it wait for; "" when it waits for none.</param>
/// <param name="Wn">the node it waits at or for (sent with <paramref name="Wf"/>); 0 when none.</param>
/// <param name="C">the nodes traffic control cleared it to drive, from where it stands; empty: none.</param>
public sealed record VehicleDetail(
    int I,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? S = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int[]? W = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<uint>? P = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int[]>? Sp = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int[]? E = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Wf = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] uint? Wn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<uint>? C = null);

/// <summary>
/// One AGV's fast-changing state in 44 bytes, little-endian (read by wwwroot/js/map-feed.js):
/// <code>
///  0 u32 index        4 u32 mapId        8 i32 x mm        12 i32 y mm
/// 16 u32 lastNode    20 u32 nextNode    24 u32 taskId     (0xFFFFFFFF: none)
/// 28 f64 the AGV's timestamp of the report, ms since the epoch (0: none yet)
/// 36 i16 theta mrad  38 u16 speed mm/s  40 u8 state (index into StateNames.All; 255 unknown)
/// 41 u8 battery %    42 u8 localisation confidence %
/// 43 u8 flags: 1 charging, 2 loaded, 4 traffic control makes it wait for another AGV, 8 out of automatic dispatch
/// </code>
/// </summary>
public static class FloorRecord
{
    public const int Size = 44;
    public const byte Charging = 1, Loaded = 2, Waiting = 4, OutOfDispatch = 8;

    /// <summary>The state's code on the wire: its place in <see cref="StateNames.All"/>, offline included.</summary>
    public static byte StateCode(bool online, AgvState state) =>
        !online ? (byte)(StateNames.All.Count - 1) : (byte)state < StateNames.All.Count - 1 ? (byte)state : (byte)255;

    public static void Write(Span<byte> to, int index, bool online, in State s, ulong timestamp, bool waiting, bool outOfDispatch)
    {
        BinaryPrimitives.WriteInt32LittleEndian(to, index);
        BinaryPrimitives.WriteUInt32LittleEndian(to[4..], s.MapId);
        BinaryPrimitives.WriteInt32LittleEndian(to[8..], s.Pose.X);
        BinaryPrimitives.WriteInt32LittleEndian(to[12..], s.Pose.Y);
        BinaryPrimitives.WriteUInt32LittleEndian(to[16..], s.LastNodeId);
        BinaryPrimitives.WriteUInt32LittleEndian(to[20..], s.NextNodeId);
        BinaryPrimitives.WriteUInt32LittleEndian(to[24..], s.TaskId);
        BinaryPrimitives.WriteDoubleLittleEndian(to[28..], timestamp);
        BinaryPrimitives.WriteInt16LittleEndian(to[36..], (short)Math.Clamp(s.Pose.Theta, short.MinValue, short.MaxValue));
        double speed = Math.Sqrt((double)s.Vx * s.Vx + (double)s.Vy * s.Vy);
        BinaryPrimitives.WriteUInt16LittleEndian(to[38..], (ushort)Math.Min(ushort.MaxValue, speed));
        to[40] = StateCode(online, s.AgvState);
        to[41] = (byte)Math.Min(255, (int)s.BatteryPct);
        to[42] = (byte)Math.Min(255, (int)s.LocConfidence);
        to[43] = (byte)((s.Charging ? Charging : 0) | (s.Loaded ? Loaded : 0) | (waiting ? Waiting : 0) | (outOfDispatch ? OutOfDispatch : 0));
    }
}
