using AgvConsole.Tests;
using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Maps;
using AgvConsole.Fleet.Orders;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// The real dispatcher for the order pages' tests, over in-memory stores, with a small site: floor 1
/// with a named dock and charger and unnamed aisle points, floor 2 with one point. The fake order feed
/// follows it, as the console's feed follows the dispatcher. Register with <see cref="AddTo"/> before the first Render.
/// </summary>
public sealed class OrderDesk
{
    public InMemoryOrders Orders { get; } = new();
    public InMemoryTimelines Timelines { get; } = new();
    public FleetRegistry Registry { get; } = new();
    public Dispatcher Dispatcher { get; }

    public OrderDesk(ConsolePageContext ctx)
    {
        ctx.Maps.Set(new SiteMap(1, "Hall A – floor 1", "Hall A", 1,
            [new(1003, 0, 0, MapNodeKind.Charging, Name: "Charger 1"), new(1014, 2500, 0, MapNodeKind.Normal), new(1015, 5000, 0, MapNodeKind.Normal),
             new(1016, 7500, 0, MapNodeKind.Parking, Name: "Dock 3")], []));
        ctx.Maps.Set(new SiteMap(2, "Hall A – floor 2", "Hall A", 2, [new(2020, 0, 0, MapNodeKind.Normal)], []));
        Registry.GetOrAdd("DEMO-01").SetState(new State { MapId = 1, LastNodeId = 1003 });
        var commands = new VehicleCommands(Registry, ctx.Maps, new NoAudit(), new NoParameters(), NullLogger<VehicleCommands>.Instance, ctx.Clock);
        Dispatcher = new Dispatcher(Registry, ctx.Maps, commands, Orders, Timelines, NullLogger<Dispatcher>.Instance, ctx.Clock);
        ctx.Orders.Follow(Dispatcher);
    }

    /// <summary>A page context for <paramref name="role"/> with the dispatcher registered (the context builds its services in its constructor).</summary>
    public static (ConsolePageContext Ctx, OrderDesk Desk) Context(string? role, string culture)
    {
        OrderDesk? desk = null;
        // The dispatcher is made from the context's fakes (maps, clock, order feed): resolved at the first render, after both exist.
        var ctx = new ConsolePageContext(role, culture, services: s =>
        {
            s.AddSingleton(_ => desk!.Dispatcher);
            s.AddScoped<AgvConsole.Web.Ui.Permissions>();
        });
        desk = new OrderDesk(ctx);
        return (ctx, desk);
    }

    public sealed class InMemoryOrders : IOrderRepository
    {
        private readonly List<Order> _saved = [];
        private long _next;
        /// <summary>While set, saving a new order waits for it (two submits can then overlap).</summary>
        public TaskCompletionSource? Hold { get; set; }
        public int Count { get { lock (_saved) return _saved.Count; } }
        public IReadOnlyList<Order> All { get { lock (_saved) return _saved.ToList(); } }

        public async Task SaveAsync(Order order, CancellationToken ct = default)
        {
            if (order.Id == 0 && Hold is { } hold) await hold.Task;
            lock (_saved)
            {
                if (order.Id == 0) order.Id = ++_next;
                if (!_saved.Contains(order)) _saved.Add(order);
            }
        }
        public Task<Order?> GetAsync(long id, CancellationToken ct = default) { lock (_saved) return Task.FromResult(_saved.FirstOrDefault(o => o.Id == id)); }
        public Task<Order?> FindByExternalIdAsync(string externalId, CancellationToken ct = default) { lock (_saved) return Task.FromResult(_saved.FirstOrDefault(o => o.ExternalId == externalId)); }
        public Task<IReadOnlyList<Order>> GetOpenAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Order>>(All.Where(o => !o.Ended).ToList());
        public Task<IReadOnlyList<Order>> RecentAsync(int count, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Order>>(All);
        public Task<(IReadOnlyList<Order> Orders, int Total)> SearchAsync(OrderQuery query, CancellationToken ct = default) =>
            Task.FromResult<(IReadOnlyList<Order>, int)>((All, Count));
    }

    public sealed class InMemoryTimelines : IOrderEventRepository
    {
        public List<OrderEvent> Stored { get; } = [];
        public Task AppendAsync(IReadOnlyList<OrderEvent> events, CancellationToken ct = default) { lock (Stored) Stored.AddRange(events); return Task.CompletedTask; }
        public Task<IReadOnlyList<OrderEvent>> TimelineAsync(long orderId, CancellationToken ct = default) { lock (Stored) return Task.FromResult<IReadOnlyList<OrderEvent>>(Stored.Where(e => e.OrderId == orderId).ToList()); }
        public Task<IReadOnlyList<OrderWait>> AssignedSinceAsync(DateTimeOffset since, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<OrderWait>>([]);
    }


}
