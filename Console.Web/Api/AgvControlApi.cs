using System.Text.Json;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace AgvConsole.Web.Api;

/// <summary>
/// The command half of API.md: parameters, motion commands, manual paths, enrolment, maps.
/// Validation failures are 400 and send nothing; an offline AGV is 409 and nothing is sent; an AGV
/// that refuses is 409 with its result; no answer in time is 504. Every command is audited with
/// the API key's name.
/// </summary>
public static class AgvControlApi
{
    public static RouteGroupBuilder MapAgvControlApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agvs/{serial}/parameters", GetParameters).WithName("getParameters");
        api.MapPut("/agvs/{serial}/parameters", PutParameters).WithName("setParameters");
        api.MapPost("/agvs/{serial}/commands", PostCommand).WithName("sendCommand");
        api.MapPost("/agvs/{serial}/path", PostPath).WithName("dispatchPath");
        api.MapPost("/agvs", Enrol).WithName("enrolAgv");
        api.MapDelete("/agvs/{serial}", Remove).WithName("removeAgv");
        api.MapGet("/security/rcs-key", RcsKey).WithName("rcsKey");
        api.MapPost("/maps", ImportMap).WithName("importMap");
        return api;
    }

    internal static string Actor(HttpContext http) => $"api:{http.Items[ApiKeyMiddleware.KeyNameItem]}";

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>Maps a command outcome to the status codes above.</summary>
    internal static IResult Fail(CommandOutcome o) => o.Kind switch
    {
        OutcomeKind.UnknownAgv => Problem(404, "Unknown AGV", o.Message),
        OutcomeKind.Invalid => Problem(400, "Invalid request", o.Message),
        OutcomeKind.Offline => Problem(409, "AGV offline", o.Message),
        OutcomeKind.Blocked => Problem(409, "Route blocked", o.Message),
        _ when o.Result == ResultCode.Timeout => Problem(504, "No answer from the AGV", o.Message),
        _ => Results.Problem(statusCode: 409, title: "The AGV refused", detail: o.Message,
            extensions: new Dictionary<string, object?> { ["agvResult"] = Names.Result(o.Result) }),
    };

    private static Dictionary<string, long?> Named(IReadOnlyDictionary<ParamId, long> values) =>
        ParameterCatalog.All.ToDictionary(d => d.Name, d => values.TryGetValue(d.Id, out var v) ? v : (long?)null);

    /// <summary>
    /// The parameters as last confirmed by the AGV: when it is online, what it answers to a
    /// ParamQuery now; when offline, what it last accepted from the console (null where unknown).
    /// </summary>
    private static async Task<IResult> GetParameters(string serial, FleetRegistry registry, VehicleCommands commands, IParameterRepository stored, HttpContext http)
    {
        var v = registry.Find(serial);
        if (v is null) return Fail(CommandOutcome.Unknown(serial));
        if (v.Online)
        {
            var (outcome, values) = await commands.QueryParametersAsync(Actor(http), serial);
            if (outcome.Ok) return Results.Ok(Named(values));
        }
        return Results.Ok(Named(await stored.GetForAgvAsync(serial)));
    }

    private static async Task<IResult> PutParameters(string serial, [FromBody] JsonElement body, FleetRegistry registry, VehicleCommands commands, HttpContext http)
    {
        if (registry.Find(serial) is null) return Fail(CommandOutcome.Unknown(serial));
        if (body.ValueKind == JsonValueKind.Object && Limits.Check(Limits.Count("the body", body.EnumerateObject().Count(), Limits.MaxParameters)) is { } tooMany) return tooMany;
        var (values, errors) = Names.Parameters(body);
        if (errors.Count > 0) return Problem(400, "Invalid parameters", string.Join("; ", errors) + ". Nothing was sent.");
        var r = await commands.SetParametersAsync(Actor(http), serial, values);
        if (!r.Outcome.Sent || r.Results.Count == 0) return Fail(r.Outcome);
        return Results.Ok(new ParameterResults(r.Results.ToDictionary(x => ParameterCatalog.Find(x.Key)?.Name ?? x.Key.ToString(), x => Names.Result(x.Value))));
    }

    private static async Task<IResult> PostCommand(string serial, CommandRequest? body, VehicleCommands commands, HttpContext http)
    {
        if (Limits.Check(Limits.Chars("command", body?.Command, Limits.EnumNameChars)) is { } tooLong) return tooLong;
        if (!Names.TryEnum<MotionCommandKind>(body?.Command, out var kind))
            return Problem(400, "Unknown command", $"command must be one of {string.Join(", ", Names.EnumNames<MotionCommandKind>())}.");
        var o = await commands.MotionAsync(Actor(http), serial, kind);
        return o.Ok ? Results.Ok(new CommandAnswer(Names.Result(o.Result), o.Message)) : Fail(o);
    }

    private static async Task<IResult> PostPath(string serial, PathRequest? body, VehicleCommands commands, HttpContext http)
    {
        if (body?.MapId is null || body.NodeIds is null) return Problem(400, "Invalid path", "mapId and nodeIds are required.");
        if (PathLimits(body) is { } tooLong) return tooLong;
        var type = TaskType.Move;
        if (body.TaskType is not null && !Names.TryEnum(body.TaskType, out type))
            return Problem(400, "Invalid path", $"taskType must be one of {string.Join(", ", Names.EnumNames<TaskType>())}.");
        var (actions, error) = Names.FinalAction(body.FinalAction);
        if (error is not null) return Problem(400, "Invalid path", error + ".");
        var r = await commands.DispatchPathAsync(Actor(http), serial, body.MapId.Value, body.NodeIds, type, actions);
        return r.Outcome.Ok
            ? Results.Accepted($"/api/v1/agvs/{Uri.EscapeDataString(serial)}", new PathAnswer(r.TaskId, r.Route, Math.Round(r.LengthMm), Math.Round(r.Seconds, 1)))
            : Fail(r.Outcome);
    }

    /// <summary>The sizes of a path request (the API's and the live map's).</summary>
    internal static IResult? PathLimits(PathRequest body) => Limits.Check(
        Limits.Count("nodeIds", body.NodeIds?.Length ?? 0, Limits.MaxPathNodes), Limits.Chars("taskType", body.TaskType, Limits.EnumNameChars),
        Limits.Chars("finalAction.actuatorType", body.FinalAction?.ActuatorType, Limits.EnumNameChars),
        Limits.Chars("finalAction.command", body.FinalAction?.Command, Limits.EnumNameChars));

    private static async Task<IResult> Enrol(EnrolRequest? body, AgvAdministration admin, HttpContext http)
    {
        if (Limits.Check(Limits.Bytes("serial", body?.Serial, Limits.ProtocolStringBytes), Limits.Bytes("vendor", body?.Vendor, Limits.ProtocolStringBytes),
                Limits.Chars("agvType", body?.AgvType, Limits.EnumNameChars), Limits.Chars("publicKey", body?.PublicKey, Limits.PublicKeyChars)) is { } tooLong)
            return tooLong;
        var (result, message) = await admin.EnrolAsync(Actor(http), body?.Serial, body?.Vendor, body?.AgvType, body?.PublicKey);
        return result switch
        {
            EnrolResult.Created => Results.Created($"/api/v1/agvs/{Uri.EscapeDataString(body!.Serial!.Trim())}", new { serial = body.Serial.Trim(), message }),
            EnrolResult.Exists => Problem(409, "Serial exists", message),
            _ => Problem(400, "Invalid enrolment", message),
        };
    }

    private static async Task<IResult> Remove(string serial, AgvAdministration admin, HttpContext http)
    {
        var (result, message) = await admin.RemoveAsync(Actor(http), serial);
        return result switch
        {
            RemoveResult.Removed => Results.NoContent(),
            RemoveResult.Unknown => Problem(404, "Unknown AGV", message),
            _ => Problem(409, "AGV busy", message),
        };
    }

    private static IResult RcsKey(AgvListener listener) =>
        Results.Ok(new RcsKeyAnswer(listener.RcsId, listener.RcsKey?.PublicKeyHex ?? ""));

    private static async Task<IResult> ImportMap(MapDto? body, MapAdministration maps, HttpContext http)
    {
        if (body is null) return Problem(400, "Invalid map", "The body must be a map: { mapId, name, building, floor, nodes, edges }.");
        var (ok, replaced, errors) = await maps.ImportAsync(Actor(http), body);
        if (!ok) return Problem(400, "Invalid map", string.Join("; ", errors) + ". Nothing was changed."); // at most Limits.MaxListedProblems, and how many in all
        return replaced ? Results.Ok(body) : Results.Created($"/api/v1/maps/{body.MapId}", body);
    }
}
