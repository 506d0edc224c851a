using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Tests;

/// <summary>An audit log that keeps nothing: for tests about something else that need VehicleCommands.</summary>
public sealed class NoAudit : IAuditSink
{
    public Task WriteAsync(string actor, string action, string target, string detail, string outcome, CancellationToken ct = default) => Task.CompletedTask;
    public Task<IReadOnlyList<AuditRecord>> RecentAsync(int count, string? target = null, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditRecord>>([]);
    public Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditRecord>>([]);
    public Task<int> CountAsync(AuditQuery query, CancellationToken ct = default) => Task.FromResult(0);
}

/// <summary>No parameters stored for any AGV or type.</summary>
public sealed class NoParameters : IParameterRepository
{
    public Task<IReadOnlyDictionary<ParamId, long>> GetForAgvAsync(string serial, CancellationToken ct = default) => Task.FromResult<IReadOnlyDictionary<ParamId, long>>(new Dictionary<ParamId, long>());
    public Task SaveForAgvAsync(string serial, IReadOnlyDictionary<ParamId, long> values, CancellationToken ct = default) => Task.CompletedTask;
    public Task<IReadOnlyDictionary<ParamId, long>> GetTypeDefaultsAsync(string agvType, CancellationToken ct = default) => GetForAgvAsync(agvType, ct);
    public Task SaveTypeDefaultsAsync(string agvType, IReadOnlyDictionary<ParamId, long> values, CancellationToken ct = default) => Task.CompletedTask;
}
