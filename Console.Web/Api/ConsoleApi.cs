using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgvConsole.Web.Api;

/// <summary>The REST API of API.md (version 1) for business systems and scripts.</summary>
public static class ConsoleApi
{
    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/api/v1").WithTags("console");
        root.MapGet("/health", Health).WithName("health");

        // Every other call needs a key: checked by ApiKeyMiddleware before the body is read.
        var api = root.MapGroup("");
        api.MapGet("/agvs", ListAgvs).WithName("listAgvs");
        api.MapGet("/agvs/{serial}", GetAgv).WithName("getAgv");
        api.MapGet("/maps", ListMaps).WithName("listMaps");
        api.MapGet("/maps/{mapId}", GetMap).WithName("getMap");
        api.MapAgvControlApi();
        api.MapAlarmsApi();
        api.MapOrdersApi();
        api.MapSystemApi();
        return app;
    }

    private static Ok<HealthDto> Health(AgvListener listener) =>
        TypedResults.Ok(new HealthDto("ok", listener.Server.Port, listener.Server.OnlineCount));

    private static Ok<List<AgvDto>> ListAgvs(FleetRegistry registry) =>
        TypedResults.Ok(registry.All.Select(v => AgvDto.From(v.Snapshot())).OrderBy(a => a.Serial, StringComparer.Ordinal).ToList());

    private static Results<Ok<AgvDto>, ProblemHttpResult> GetAgv(string serial, FleetRegistry registry) =>
        registry.Find(serial) is { } v
            ? TypedResults.Ok(AgvDto.From(v.Snapshot()))
            : NotFound("Unknown AGV", $"No AGV with serial '{serial}' is known. GET /api/v1/agvs lists them.");

    private static Ok<List<MapDto>> ListMaps(SiteMaps maps) => TypedResults.Ok(maps.All.Select(MapDto.From).ToList());

    private static Results<Ok<MapDto>, ProblemHttpResult> GetMap(string mapId, SiteMaps maps)
    {
        if (!uint.TryParse(mapId, out var id))
            return TypedResults.Problem(statusCode: 400, title: "Bad map id", detail: $"'{mapId}' is not a map id: map ids are whole numbers.");
        return maps.Find(id) is { } m
            ? TypedResults.Ok(MapDto.From(m))
            : NotFound("Unknown map", $"No map with id {id}. GET /api/v1/maps lists them.");
    }

    internal static ProblemHttpResult NotFound(string title, string detail) => TypedResults.Problem(statusCode: 404, title: title, detail: detail);
}
