using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using AgvConsole.Protocol.Sessions;
using AgvConsole.Web.Options;
using Microsoft.Extensions.Options;

namespace AgvConsole.Web.Hosting;

/// <summary>Opens the AGV port (Agv:Port) with the RCS key from Agv:RcsKeyFile (created on first start, owner-only).</summary>
public sealed class AgvListener(IOptions<AgvOptions> options, FleetHandler handler, ILogger<AgvServer> logger) : IHostedService, IAsyncDisposable
{
    private AgvServer? _server;

    public AgvServer Server => _server ?? throw new InvalidOperationException("the AGV listener has not started");
    public Sm2KeyPair? RcsKey { get; private set; }
    public string RcsId => options.Value.RcsId;

    public Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        RcsKey = Sm2KeyPair.LoadOrCreate(o.RcsKeyFile);
        _server = new AgvServer(new AgvServerOptions
        {
            Port = o.Port,
            Bind = o.Bind,
            AllowNormalMode = o.AllowNormalMode,
            AllowUnknownAgvs = o.AllowUnknownAgvs,
            SecureIntegrityProfiles = o.SecureIntegrityProfiles.Count > 0 ? o.SecureIntegrityProfiles.Distinct().ToArray() : [IntegrityProfile.Signed, IntegrityProfile.SignedAndMac],
            RcsId = o.RcsId,
            RcsKey = RcsKey,
            HeartbeatPeriodMs = o.HeartbeatPeriodMs,
            ReportPeriodMs = o.ReportPeriodMs,
        }, handler, logger);
        _server.Start();
        return Task.CompletedTask;
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
