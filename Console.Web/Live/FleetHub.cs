using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AgvConsole.Web.Live;

/// <summary>
/// /hubs/fleet: the browser modules' live feed. Sign-in required. Server → client: <c>vehicles</c>
/// (a batch of <see cref="VehicleUpdate"/>), or, once a live map watches a floor, <c>floor</c>
/// (a <see cref="FloorBatch"/>). Client → server: <c>Snapshot</c> (everything now),
/// <c>Ack</c> (the last batch is applied; see <see cref="LivePush.Acknowledged"/>), <c>Watch</c> (one floor only).
/// </summary>
[Authorize(Policy = Policies.View)]
public sealed class FleetHub(LivePush push) : Hub
{
    public override Task OnConnectedAsync()
    {
        push.Add(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        push.Remove(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public IReadOnlyList<VehicleUpdate> Snapshot() => push.Everything();

    /// <summary>The browser applied the last <c>vehicles</c> batch: the next may go out (flow control).</summary>
    public void Ack() => push.Acknowledged(Context.ConnectionId);

    /// <summary>The browser shows one floor: only its AGVs are pushed from now on, as compact batches (<see cref="LivePush.Watch"/>). Returns the watch's generation.</summary>
    public int Watch(uint mapId) => push.Watch(Context.ConnectionId, mapId);
}
