using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;

namespace AgvConsole.Web.Hosting;

public enum EnrolResult { Created, Exists, Invalid }
public enum RemoveResult { Removed, Unknown, HoldsTask }

/// <summary>Enrolment and removal of AGVs, for the administration page and the API; both audited.</summary>
public sealed class AgvAdministration(IAgvRepository agvs, FleetRegistry registry, FleetHandler handler, IAuditSink audit)
{
    public async Task<(EnrolResult, string)> EnrolAsync(string actor, string? serial, string? vendor, string? agvType, string? publicKeyHex)
    {
        serial = serial?.Trim();
        vendor = vendor?.Trim();
        var errors = new List<string>();
        if (string.IsNullOrEmpty(serial)) errors.Add("serial is required");
        else if (System.Text.Encoding.UTF8.GetByteCount(serial) > 255) errors.Add("serial is longer than 255 bytes");
        if (string.IsNullOrEmpty(vendor)) errors.Add("vendor is required");
        else if (Api.Limits.Bytes("vendor", vendor, Api.Limits.ProtocolStringBytes) is { } vendorTooLong) errors.Add(vendorTooLong);
        var type = AgvType.Other;
        if (!string.IsNullOrWhiteSpace(agvType) && !Api.Names.TryEnum(agvType, out type))
            errors.Add($"agvType must be one of {string.Join(", ", Api.Names.EnumNames<AgvType>())}");
        var (key, keyError) = ReadKey(publicKeyHex);
        if (keyError is not null) errors.Add(keyError);
        if (errors.Count > 0)
        {
            // An oversized serial is not copied into the audit log whole.
            var target = serial is { Length: > 64 } ? serial[..64] + "…" : serial ?? "";
            await audit.WriteAsync(actor, "enrol", target, string.Join("; ", errors), "refused");
            return (EnrolResult.Invalid, string.Join("; ", errors) + ".");
        }
        var record = await agvs.EnrolAsync(new AgvRecord(serial!, 0, vendor!, "", "", type.ToString(), NavigationType.Unknown.ToString(),
            0, 0, 0, 0, key, true, DateTimeOffset.UtcNow, null, 0, 0, 0, 0));
        if (record is null)
        {
            await audit.WriteAsync(actor, "enrol", serial!, "", "refused: serial exists");
            return (EnrolResult.Exists, $"An AGV with serial '{serial}' is already known.");
        }
        FleetHandler.Describe(registry.GetOrAdd(serial!), record);
        handler.SetEnrolment(serial!, new AgvEnrolment(serial!, key is null ? null : Convert.FromHexString(key)));
        registry.Changed();
        await audit.WriteAsync(actor, "enrol", serial!, $"vendor {vendor}, type {type}, {(key is null ? "no key (normal mode)" : "SM2 key " + key[..16] + "…")}", "ok");
        return (EnrolResult.Created, $"{serial} is enrolled{(key is null ? "" : " for secure mode")}.");
    }

    /// <summary>An SM2 public key as typed (hex, spaces allowed): the normalised hex, or why it is not one. Blank is no key.</summary>
    public static (string? Key, string? Error) ReadKey(string? publicKeyHex)
    {
        if (string.IsNullOrWhiteSpace(publicKeyHex)) return (null, null);
        var key = publicKeyHex.Trim().Replace(" ", "").ToUpperInvariant();
        byte[]? bytes = null;
        try { bytes = Convert.FromHexString(key); } catch (FormatException) { }
        return bytes is null || Sm2.TryDecodePublicKey(bytes) is null
            ? (null, "publicKey must be the hex of a 65-byte uncompressed SM2 point (04‖x‖y) on sm2p256v1")
            : (key, null);
    }

    /// <summary>
    /// Enrols an AGV that registered without being enrolled (listed as newly seen): it keeps its id and what
    /// it declared, and may get its SM2 key for secure mode. Audited.
    /// </summary>
    public async Task<(EnrolResult, string)> EnrolSeenAsync(string actor, string serial, string? publicKeyHex)
    {
        var (key, keyError) = ReadKey(publicKeyHex);
        if (keyError is not null)
        {
            await audit.WriteAsync(actor, "enrol", serial, keyError, "refused");
            return (EnrolResult.Invalid, keyError + ".");
        }
        var record = await agvs.EnrolSeenAsync(serial, key);
        if (record is null)
        {
            await audit.WriteAsync(actor, "enrol", serial, "newly seen", "refused: not a newly seen AGV");
            return (EnrolResult.Exists, $"{serial} is not an AGV waiting to be enrolled (enrolled already, or forgotten).");
        }
        if (registry.Find(serial) is { } v) FleetHandler.Describe(v, record);
        handler.SetEnrolment(serial, new AgvEnrolment(serial, key is null ? null : Convert.FromHexString(key)));
        registry.Changed();
        await audit.WriteAsync(actor, "enrol", serial, $"newly seen, vendor {record.Vendor}, type {record.AgvType}, {(key is null ? "no key (normal mode)" : "SM2 key " + key[..16] + "…")}", "ok");
        return (EnrolResult.Created, $"{serial} is enrolled{(key is null ? "" : " for secure mode")}.");
    }

    /// <summary>
    /// Takes an AGV out of the console's automatic work (orders, charging, demo trips) or puts it
    /// back; stored, so it holds across restarts. What it is driving now goes on; a person's
    /// commands and paths still go to it. Audited.
    /// </summary>
    public async Task<(bool Ok, string Message)> SetAutoDispatchAsync(string actor, string serial, bool on)
    {
        var v = registry.Find(serial);
        if (v is null || !await agvs.SetAutoDispatchAsync(serial, on))
        {
            await audit.WriteAsync(actor, on ? "automatic dispatch on" : "automatic dispatch off", serial, "", "refused: unknown");
            return (false, $"No AGV with serial '{serial}' is known.");
        }
        v.AutoDispatch = on;
        registry.Touch(v);
        await audit.WriteAsync(actor, on ? "automatic dispatch on" : "automatic dispatch off", serial, "", "ok");
        return (true, on ? $"{serial} takes orders, charging and demo trips again." : $"{serial} gets no more orders, charging or demo trips until it is put back.");
    }

    /// <param name="why">for the audit entry (e.g. the console forgetting an AGV that was never enrolled).</param>
    public async Task<(RemoveResult, string)> RemoveAsync(string actor, string serial, string? why = null)
    {
        var v = registry.Find(serial);
        if (v is null)
        {
            await audit.WriteAsync(actor, "remove AGV", serial, "", "refused: unknown");
            return (RemoveResult.Unknown, $"No AGV with serial '{serial}' is known.");
        }
        var task = v.State.TaskId;
        if (v.Online && task is not (0 or 0xFFFFFFFF))
        {
            await audit.WriteAsync(actor, "remove AGV", serial, $"holds task {task}", "refused");
            return (RemoveResult.HoldsTask, $"{serial} holds task {task}; cancel it first.");
        }
        await agvs.RemoveAsync(serial);
        handler.SetEnrolment(serial, null);
        registry.Remove(serial);
        if (v.Session is { } s) await s.DisconnectAsync(DisconnectReason.Kicked);
        await audit.WriteAsync(actor, "remove AGV", serial, string.Join("; ", new[] { why, v.Online ? "was online: disconnected" : null }.Where(x => x is not null)), "ok");
        return (RemoveResult.Removed, $"{serial} was removed.");
    }
}
