using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Options;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>Opens the AGV port (Agv:Port) with the RCS key from Agv:RcsKeyFile (created on first start, owner-only).</summary>
public sealed class AgvListener(IOptions<AgvOptions> options, FleetHandler handler, ISettingsRepository settings, ILogger<AgvServer> logger) : IHostedService, IAsyncDisposable
{
    private AgvServer? _server;

    public AgvServer Server => _server ?? throw new InvalidOperationException("the AGV listener has not started");
    /// <summary>The server once started, else null (metrics and the readiness check ask before and after).</summary>
    public AgvServer? Running => _server;
    public Sm2KeyPair? RcsKey { get; private set; }
    public string RcsId => options.Value.RcsId;

    private const string AllowNormalModeSetting = "agv.allowNormalMode";

    /// <summary>Whether the site-wide switch was set by an administrator (it then overrides Agv:AllowNormalMode).</summary>
    public bool NormalModeSetByAdministrator { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        var stored = await settings.GetAsync(AllowNormalModeSetting, ct);
        NormalModeSetByAdministrator = stored is not null;
        bool allowNormal = stored is null ? o.AllowNormalMode : bool.Parse(stored);
        RcsKey = Sm2KeyPair.LoadOrCreate(o.RcsKeyFile);
        _server = new AgvServer(new AgvServerOptions
        {
            Port = o.Port,
            Bind = o.Bind,
            AllowNormalMode = allowNormal,
            AllowUnknownAgvs = o.AllowUnknownAgvs,
            SecureIntegrityProfiles = o.SecureIntegrityProfiles.Count > 0 ? o.SecureIntegrityProfiles.Distinct().ToArray() : [IntegrityProfile.Signed, IntegrityProfile.SignedAndMac],
            RcsId = o.RcsId,
            RcsKey = RcsKey,
            HeartbeatPeriodMs = o.HeartbeatPeriodMs,
            ReportPeriodMs = o.ReportPeriodMs,
        }, handler, logger);
        _server.Start();
    }

    /// <summary>
    /// The administrators' site-wide switch: refuse (or accept again) normal-mode access. Stored,
    /// so it survives restarts and overrides Agv:AllowNormalMode from then on. Sessions already
    /// online stay; new accesses follow the switch.
    /// </summary>
    public async Task SetAllowNormalModeAsync(bool allow)
    {
        Server.Options.AllowNormalMode = allow;
        await settings.SetAsync(AllowNormalModeSetting, allow.ToString());
        NormalModeSetByAdministrator = true;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
