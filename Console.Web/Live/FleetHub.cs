using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AgvConsole.Web.Live;

/// <summary>
/// /hubs/fleet: the browser modules' live feed. Sign-in required. Server → client: <c>vehicles</c>
/// (a batch of <see cref="VehicleUpdate"/>). Client → server: <c>Snapshot</c> (everything now).
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
}
