using System.Security.Cryptography;
using System.Text;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Options;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Security;

/// <summary>
/// The API keys machines present in <c>X-Api-Key</c>. From <c>Api:Keys</c>; when none are configured,
/// a key is generated on first run, stored in the database (so it survives restarts) and shown once.
/// </summary>
public sealed class ApiKeys(IOptions<ApiOptions> options, ISettingsRepository settings, ILogger<ApiKeys> logger)
{
    private const string GeneratedKeySetting = "api.generatedKey";
    private volatile IReadOnlyList<(string Name, byte[] Secret)> _keys = [];

    public async Task LoadAsync(CancellationToken ct)
    {
        var configured = options.Value.Keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Parse).ToList();
        if (configured.Count == 0)
        {
            var generated = await settings.GetAsync(GeneratedKeySetting, ct);
            if (generated is null)
            {
                generated = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
                await settings.SetAsync(GeneratedKeySetting, generated, ct);
                NewlyGeneratedKey = generated; // the start-up banner shows it this once
            }
            configured.Add(("demo", Encoding.UTF8.GetBytes(generated)));
            GeneratedKey = generated;
            logger.LogWarning("No Api:Keys configured: using the API key generated at the first start (X-Api-Key header)");
        }
        _keys = configured;
    }

    /// <summary>Generated at this start (a new database): shown once in the start-up banner, never logged again.</summary>
    public string? NewlyGeneratedKey { get; private set; }

    /// <summary>The generated demo key, when no keys are configured (shown to administrators).</summary>
    public string? GeneratedKey { get; private set; }

    private static (string, byte[]) Parse(string entry)
    {
        int eq = entry.IndexOf('=');
        var secret = eq > 0 ? entry[(eq + 1)..] : entry;
        var name = eq > 0 ? entry[..eq] : "key…" + secret[^Math.Min(4, secret.Length)..];
        return (name, Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The key's name if <paramref name="presented"/> is a valid key, else null. Constant-time per key.</summary>
    public string? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var bytes = Encoding.UTF8.GetBytes(presented);
        string? match = null;
        foreach (var (name, secret) in _keys)
            if (CryptographicOperations.FixedTimeEquals(bytes, secret)) match = name;
        return match;
    }
}
