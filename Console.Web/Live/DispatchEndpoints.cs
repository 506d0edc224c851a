using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Planning;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Api;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace AgvConsole.Web.Live;

/// <summary>
/// What the live map's dispatch panel calls (cookie sign-in, Dispatch policy, antiforgery token in
/// the RequestVerificationToken header): a proposed route to a destination, a check of a clicked
/// path with its length and time, and the dispatch itself, which goes through the same
/// <see cref="VehicleCommands"/> as the REST API.
/// </summary>
public static class DispatchEndpoints
{
    public sealed record RouteAnswer(IReadOnlyList<uint> Route, double LengthMm, double Seconds, string? Error);

    public static IEndpointRouteBuilder MapDispatchEndpoints(this IEndpointRouteBuilder app)
    {
        var ui = app.MapGroup("/ui/agvs/{serial}").RequireAuthorization(Policies.Dispatch);
        ui.MapGet("/route", ProposeRoute);
        ui.MapPost("/path/check", CheckPath);
        ui.MapPost("/path", Dispatch);
        ui.MapPost("/command", Command);
        app.MapPost("/ui/maps", SaveMap).RequireAuthorization(Policies.Administer);
        return app;
    }

    private static IResult ProposeRoute(string serial, string? to, FleetRegistry registry, SiteMaps maps, AgvConsole.Fleet.Traffic.TrafficController traffic, VehicleCommands commands)
    {
        // Parsed here, not bound as a uint: a bad value gets this message, not an empty 400.
        if (!uint.TryParse(to, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var target))
            return Results.Problem(statusCode: 400, title: "Bad destination", detail: $"'{to}' is not a node id: to must be the whole number of a node.");
        var v = registry.Find(serial);
        if (v is null) return Results.Ok(new RouteAnswer([], 0, 0, $"No AGV with serial '{serial}'."));
        var s = v.State;
        var map = maps.Find(s.MapId);
        if (map is null || !map.Contains(s.LastNodeId)) return Results.Ok(new RouteAnswer([], 0, 0, $"{serial} is not standing on a node."));
        if (!map.Contains(target)) return Results.Ok(new RouteAnswer([], 0, 0, $"Node {target} is not on {map.Name}."));
        // Around AGVs that stand still; AGVs on their way are waited for by traffic control.
        var route = PathPlanner.Fastest(map, s.LastNodeId, target, v.MaxSpeed, n => commands.Trips.Obstacle(serial, n), v.WidthMm);
        return Results.Ok(route is null
            ? new RouteAnswer([], 0, 0, traffic.BlockedFor(serial, target) ? $"Node {target} is held by {traffic.HolderOf(target) ?? "another AGV"}." : $"No free route from {s.LastNodeId} to {target} now.")
            : new RouteAnswer(route.NodeIds, Math.Round(route.LengthMm), Math.Round(route.Seconds, 1), null));
    }

    private static async Task<IResult> CheckPath(string serial, PathRequest body, FleetRegistry registry, VehicleCommands commands, IAntiforgery antiforgery, HttpContext http)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.Problem(statusCode: 400, title: "Stale page", detail: "Reload the page and try again.");
        if (AgvControlApi.PathLimits(body) is { } tooLong) return tooLong;
        var v = registry.Find(serial);
        if (v is null) return Results.Ok(new RouteAnswer([], 0, 0, $"No AGV with serial '{serial}'."));
        var (map, route, error) = commands.CheckRoute(v, body.MapId ?? 0, body.NodeIds ?? []);
        if (error is not null || map is null) return Results.Ok(new RouteAnswer(route, 0, 0, error));
        var (length, seconds) = VehicleCommands.Measure(map, route, v.MaxSpeed);
        return Results.Ok(new RouteAnswer(route, Math.Round(length), Math.Round(seconds, 1), null));
    }

    /// <summary>The map editor's save: the same validation and audit as an import; nothing is stored if anything is wrong.</summary>
    private static async Task<IResult> SaveMap(MapDto body, Hosting.MapAdministration admin, IAntiforgery antiforgery, HttpContext http)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.Problem(statusCode: 400, title: "Stale page", detail: "Reload the page and try again.");
        var (ok, replaced, errors) = await admin.ImportAsync(http.User.Identity?.Name ?? "?", body);
        return ok ? Results.Ok(new { message = $"Map {body.MapId} ({body.Name}) was {(replaced ? "saved" : "created")}.", errors })
                  : Results.BadRequest(new { message = $"{errors.Count} problem(s): nothing was saved.", errors });
    }

    private static async Task<IResult> Command(string serial, CommandRequest body, VehicleCommands commands, IAntiforgery antiforgery, HttpContext http)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.Problem(statusCode: 400, title: "Stale page", detail: "Reload the page and try again.");
        if (Limits.Check(Limits.Chars("command", body.Command, Limits.EnumNameChars)) is { } tooLong) return tooLong;
        if (!Names.TryEnum<MotionCommandKind>(body.Command, out var kind))
            return Results.Problem(statusCode: 400, title: "Unknown command", detail: $"Unknown command '{body.Command}'.");
        var o = await commands.MotionAsync(http.User.Identity?.Name ?? "?", serial, kind);
        return o.Ok ? Results.Ok(new { message = o.Message }) : AgvControlApi.Fail(o);
    }

    private static async Task<IResult> Dispatch(string serial, PathRequest body, VehicleCommands commands, IAntiforgery antiforgery, HttpContext http)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Results.Problem(statusCode: 400, title: "Stale page", detail: "Reload the page and try again.");
        if (AgvControlApi.PathLimits(body) is { } tooLong) return tooLong;
        var type = TaskType.Move;
        if (body.TaskType is not null && !Names.TryEnum(body.TaskType, out type))
            return Results.Problem(statusCode: 400, title: "Invalid path", detail: $"Unknown task type '{body.TaskType}'.");
        var (actions, error) = Names.FinalAction(body.FinalAction);
        if (error is not null) return Results.Problem(statusCode: 400, title: "Invalid path", detail: error + ".");
        var r = await commands.DispatchPathAsync(http.User.Identity?.Name ?? "?", serial, body.MapId ?? 0, body.NodeIds ?? [], type, actions);
        return r.Outcome.Ok
            ? Results.Ok(new { taskId = r.TaskId, route = r.Route, lengthMm = Math.Round(r.LengthMm), seconds = Math.Round(r.Seconds, 1), message = r.Outcome.Message })
            : AgvControlApi.Fail(r.Outcome);
    }
}
