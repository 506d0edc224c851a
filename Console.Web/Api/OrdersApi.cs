using AgvConsole.Fleet.Orders;
using AgvConsole.Web.Hosting;

namespace AgvConsole.Web.Api;

/// <summary>POST/GET/DELETE /orders of API.md.</summary>
public static class OrdersApi
{
    public sealed record OrderRequest(string? ExternalId, uint? FromNodeId, uint? ToNodeId, string? Type, int? Priority, string? AgvSerial);

    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        api.MapPost("/orders", Submit).WithName("submitOrder");
        api.MapGet("/orders", async (Dispatcher d, Fleet.Persistence.IOrderRepository store) =>
            Results.Ok((await store.RecentAsync(500)).Select(OrderDto.From))).WithName("listOrders");
        api.MapGet("/orders/{orderId}", Get).WithName("getOrder");
        api.MapDelete("/orders/{orderId}", Cancel).WithName("cancelOrder");
        return api;
    }

    private static async Task<IResult> Submit(OrderRequest? body, Dispatcher dispatcher, HttpContext http)
    {
        if (body is null) return Results.Problem(statusCode: 400, title: "Invalid order", detail: "The body must be an order: { externalId, fromNodeId?, toNodeId, type, priority?, agvSerial? }.");
        if (Limits.Check(Limits.Bytes("externalId", body.ExternalId, Limits.ExternalIdBytes), Limits.Chars("type", body.Type, Limits.EnumNameChars),
                Limits.Bytes("agvSerial", body.AgvSerial, Limits.ProtocolStringBytes)) is { } tooLong)
            return tooLong;
        if (!Names.TryEnum<OrderType>(body.Type, out var type))
            return Results.Problem(statusCode: 400, title: "Invalid order", detail: $"type must be one of {string.Join(", ", Names.EnumNames<OrderType>())}.");
        if (body.ToNodeId is null) return Results.Problem(statusCode: 400, title: "Invalid order", detail: "toNodeId is required.");
        var (order, error, existing) = await dispatcher.SubmitOrFindAsync(body.ExternalId ?? "", type, body.FromNodeId, body.ToNodeId.Value, body.Priority ?? 0, body.AgvSerial,
            AgvControlApi.Actor(http));
        if (order is null) return Results.Problem(statusCode: 400, title: "Invalid order", detail: error + ". Nothing was queued.");
        // externalId is the idempotency key (API.md): a repeat gets the order it already created, with 200.
        return existing ? Results.Ok(new { orderId = order.Id }) : Results.Accepted($"/api/v1/orders/{order.Id}", new { orderId = order.Id });
    }

    private static async Task<IResult> Get(string orderId, Fleet.Persistence.IOrderRepository store)
    {
        if (!long.TryParse(orderId, out var id)) return Results.Problem(statusCode: 400, title: "Bad order id", detail: $"'{orderId}' is not an order id.");
        var o = await store.GetAsync(id);
        return o is null ? Results.Problem(statusCode: 404, title: "Unknown order", detail: $"There is no order {id}.") : Results.Ok(OrderDto.From(o));
    }

    private static async Task<IResult> Cancel(string orderId, Dispatcher dispatcher, HttpContext http)
    {
        if (!long.TryParse(orderId, out var id)) return Results.Problem(statusCode: 400, title: "Bad order id", detail: $"'{orderId}' is not an order id.");
        var (o, error) = await dispatcher.CancelAsync(id, AgvControlApi.Actor(http));
        if (o is null) return Results.Problem(statusCode: 404, title: "Unknown order", detail: $"There is no order {id}.");
        return error is null ? Results.Ok(OrderDto.From(o)) : Results.Problem(statusCode: 409, title: "Order has ended", detail: error + ".");
    }
}
