using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;

namespace AgvConsole.Web.Api;

// The shapes of API.md, field for field (JSON camelCase).

public sealed record HealthDto(string Status, int AgvPort, int ConnectedAgvs);

public sealed record AgvDto(
    string Serial, uint AgvId, string Vendor, string Model, string AgvType, bool Online, string State, uint MapId, int X, int Y, int Theta,
    int BatteryPct, bool Charging, uint? TaskId, uint? LastNodeId, int LocConfidence, DateTimeOffset? LastReportAt)
{
    public static AgvDto From(VehicleSnapshot v)
    {
        static uint? Id(uint id) => id == 0xFFFFFFFF ? null : id;
        var s = v.State;
        return new AgvDto(v.Serial, v.AgvId, v.Vendor, v.Model, Camel(v.AgvType.ToString()), v.Online, v.StateName, s.MapId, s.Pose.X, s.Pose.Y,
            s.Pose.Theta, s.BatteryPct, s.Charging, Id(s.TaskId), Id(s.LastNodeId), s.LocConfidence, v.LastReportAt);
    }

    public static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}

/// <summary>A node in API.md's shape, plus the console's optional <c>linkedNodeId</c>, <c>maxWidthMm</c> and <c>name</c> (what people call the place).</summary>
public sealed record MapNodeDto(uint Id, int X, int Y, string? Kind, uint? LinkedNodeId = null, int? MaxWidthMm = null, string? Name = null);
/// <summary>An edge in API.md's shape, plus the console's optional <c>maxWidthMm</c> (narrow aisles) and <c>closed</c> (never planned over).</summary>
public sealed record MapEdgeDto(uint From, uint To, bool Bidirectional, int MaxSpeed, int? MaxWidthMm = null, bool? Closed = null);

public sealed record MapDto(uint MapId, string? Name, string? Building, int Floor, IReadOnlyList<MapNodeDto>? Nodes, IReadOnlyList<MapEdgeDto>? Edges)
{
    public static MapDto From(SiteMap m) => new(m.MapId, m.Name, m.Building, m.Floor,
        m.Nodes.Select(n => new MapNodeDto(n.Id, n.X, n.Y, AgvDto.Camel(n.Kind.ToString()), n.LinkedNodeId, n.MaxWidthMm, n.Name)).ToList(),
        m.Edges.Select(e => new MapEdgeDto(e.From, e.To, e.Bidirectional, e.MaxSpeed, e.MaxWidthMm, e.Closed ? true : null)).ToList());
}
