using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace AgvConsole.Fleet.Dispatch;

/// <summary>
/// When an AGV registers (again), re-applies the configuration the console keeps for it: the
/// defaults of its type, overridden by what it accepted for itself. Runs off the read loop.
/// </summary>
public sealed class ParameterSync(IParameterRepository parameters, VehicleCommands commands, ILogger<ParameterSync> logger)
{
    public const string Actor = "console (re-apply on registration)";

    public void Attach(FleetHandler handler) => handler.Registered += v => _ = Task.Run(() => ApplyAsync(v));

    public async Task<ParameterOutcome?> ApplyAsync(Vehicle v)
    {
        try
        {
            var own = await parameters.GetForAgvAsync(v.Serial);
            var merged = new Dictionary<ParamId, long>(await parameters.GetTypeDefaultsAsync(v.AgvType.ToString()));
            foreach (var (id, value) in own) merged[id] = value;
            if (merged.Count == 0) return null;
            // Only the AGV's own values are stored again; type defaults stay defaults.
            var outcome = await commands.SetParametersAsync(Actor, v.Serial, merged, "re-apply parameters", store: false);
            logger.LogInformation("Re-applied {Count} parameters to {Serial}: {Message}", merged.Count, v.Serial, outcome.Outcome.Message);
            return outcome;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Re-applying parameters to {Serial} failed", v.Serial);
            return null;
        }
    }
}
