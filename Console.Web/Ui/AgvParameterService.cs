using AgvConsole.Fleet.Dispatch;
using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Ui;

/// <summary>What the parameter pages read and change (ParamQuery / ParamSet and what the console stores). Faked in page tests.</summary>
public interface IAgvParameters
{
    /// <summary>What the console stored for the AGV (what it accepted from this console).</summary>
    Task<IReadOnlyDictionary<ParamId, long>> StoredAsync(string serial);

    Task<IReadOnlyDictionary<ParamId, long>> TypeDefaultsAsync(AgvType type);

    /// <summary>ParamQuery: what the AGV holds now.</summary>
    Task<(CommandOutcome Outcome, IReadOnlyDictionary<ParamId, long> Values)> QueryAsync(string actor, string serial);

    /// <summary>ParamSet (ranges checked again before anything is sent); what it accepted is stored. Audited.</summary>
    Task<ParameterOutcome> SetAsync(string actor, string serial, IReadOnlyDictionary<ParamId, long> values);

    /// <summary>Replaces the defaults of <paramref name="type"/>; with <paramref name="applyNow"/> also sends them to its online AGVs. Audited.</summary>
    Task<TypeDefaultsSaved> SaveTypeDefaultsAsync(string actor, AgvType type, IReadOnlyDictionary<ParamId, long> values, bool applyNow);
}

/// <param name="SentTo">online AGVs of the type the values were sent to (0 when not applied now).</param>
/// <param name="AcceptedAll">of those, how many accepted every value.</param>
public sealed record TypeDefaultsSaved(int Saved, int SentTo, int AcceptedAll);

/// <summary>The console's own <see cref="IAgvParameters"/>.</summary>
public sealed class AgvParameterService(VehicleCommands commands, IParameterRepository stored, FleetRegistry registry, IAuditSink audit) : IAgvParameters
{
    public Task<IReadOnlyDictionary<ParamId, long>> StoredAsync(string serial) => stored.GetForAgvAsync(serial);

    public Task<IReadOnlyDictionary<ParamId, long>> TypeDefaultsAsync(AgvType type) => stored.GetTypeDefaultsAsync(type.ToString());

    public Task<(CommandOutcome Outcome, IReadOnlyDictionary<ParamId, long> Values)> QueryAsync(string actor, string serial) =>
        commands.QueryParametersAsync(actor, serial);

    public Task<ParameterOutcome> SetAsync(string actor, string serial, IReadOnlyDictionary<ParamId, long> values) =>
        commands.SetParametersAsync(actor, serial, values);

    public async Task<TypeDefaultsSaved> SaveTypeDefaultsAsync(string actor, AgvType type, IReadOnlyDictionary<ParamId, long> values, bool applyNow)
    {
        if (values.Any(kv => ParameterCatalog.Find(kv.Key) is not { } d || !d.InRange(kv.Value)))
            throw new ArgumentOutOfRangeException(nameof(values), "a type default outside its parameter's range"); // the page checks first
        await stored.SaveTypeDefaultsAsync(type.ToString(), values);
        await audit.WriteAsync(actor, "type defaults", type.ToString(), string.Join(", ", values.Select(kv => $"{ParameterCatalog.Find(kv.Key)!.Name}={kv.Value}")), "ok");
        if (!applyNow || values.Count == 0) return new(values.Count, 0, 0);
        var online = registry.All.Where(v => v.AgvType == type && v.Online).ToList();
        var results = await Task.WhenAll(online.Select(v => commands.SetParametersAsync(actor, v.Serial, values, "parameters (type defaults)", store: false)));
        return new(values.Count, online.Count, results.Count(r => r.Outcome.Ok));
    }
}
