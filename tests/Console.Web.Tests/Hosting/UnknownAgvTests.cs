using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Hosting;

/// <summary>AGVs that are not enrolled (Agv:AllowUnknownAgvs): capped, and forgotten when never enrolled.</summary>
public sealed class UnknownAgvTests
{
    private static Task<AgvClient> Connect(ConsoleFactory f, string serial) => AgvClient.ConnectAsync(new AgvClientOptions
    {
        Host = "127.0.0.1", Port = f.Services.GetRequiredService<AgvListener>().Server.Port,
        Registration = new Register(serial, "Acme", "X", "1", AgvType.LatentLifting, NavigationType.LaserSlam, 1000, 700, 300, 0, 500, 1000, 1000,
            Array.Empty<Actuator>(), 1, new Pose(0, 0, 0)),
    }, new Idle());

    private sealed class Idle : IAgvCommandHandler
    {
        public ValueTask<Reply> OnCommandAsync(IMessage command) => ValueTask.FromResult(Reply.Ok());
        public void OnDisconnect(DisconnectReason reason) { }
    }

    [Fact]
    public async Task Unknown_agvs_are_capped_and_the_ones_already_listed_still_get_in()
    {
        using var factory = new ConsoleFactory(settings: new() { ["Agv:MaxUnknownAgvs"] = "2" });
        factory.CreateClient();
        await using (var a = await Connect(factory, "NEW-1")) await a.DisconnectAsync(DisconnectReason.Normal);
        await using var b = await Connect(factory, "NEW-2");
        var e = await Assert.ThrowsAsync<AgvConnectException>(() => Connect(factory, "NEW-3"));
        Assert.Equal(ResultCode.AuthFailed, e.Result);
        await using var again = await Connect(factory, "NEW-1"); // already listed: not counted twice
        Assert.Null(factory.Services.GetRequiredService<FleetRegistry>().Find("NEW-3"));
        // The refusal is written to the audit log beside the answer, not before it (FleetHandler.WriteAuditAsync): wait for it.
        var sink = factory.Services.GetRequiredService<IAuditSink>();
        await AgvConsole.Tests.Wait.Until(async () => (await sink.SearchAsync(new AuditQuery(Target: "NEW-3"))).Any(x => x.Detail.Contains("Agv:MaxUnknownAgvs")), 10,
            "the refusal in the audit log");
        Assert.Contains(await sink.SearchAsync(new AuditQuery(Target: "NEW-3")), x => x.Detail.Contains("Agv:MaxUnknownAgvs"));
    }

    [Fact]
    public async Task Agvs_never_enrolled_are_forgotten_after_the_retention_but_enrolled_ones_stay()
    {
        using var factory = new ConsoleFactory(settings: new() { ["Agv:UnknownAgvRetentionHours"] = "0" });
        factory.CreateClient();
        var registry = factory.Services.GetRequiredService<FleetRegistry>();
        await using (var gone = await Connect(factory, "PASSING-1")) await gone.DisconnectAsync(DisconnectReason.Normal);
        await using var online = await Connect(factory, "STAYING-1");
        // Online in the fleet (the registration answer can reach the AGV a moment before the console marks it online).
        await AgvConsole.Tests.Wait.Until(() => registry.Find("PASSING-1") is { Online: false } && registry.Find("STAYING-1") is { Online: true }, 5,
            "the passing AGV offline, the staying one online");

        var removed = await factory.Services.GetRequiredService<UnknownAgvExpiry>().ExpireAsync();
        Assert.Equal(["PASSING-1"], removed);
        Assert.Null(registry.Find("PASSING-1"));
        Assert.Null(await factory.Services.GetRequiredService<IAgvRepository>().FindAsync("PASSING-1"));
        Assert.NotNull(registry.Find("STAYING-1")); // online
        Assert.NotNull(registry.Find("DEMO-01")); // enrolled
        var audit = await factory.Services.GetRequiredService<IAuditSink>().SearchAsync(new AuditQuery(Action: "remove AGV", Target: "PASSING-1"));
        Assert.Contains(audit, x => x.Actor == "console" && x.Detail.Contains("never enrolled"));
    }
}
