using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Options;

/// <summary>The <c>Agv:</c> section of API.md's configuration keys.</summary>
public sealed class AgvOptions
{
    public int Port { get; set; } = 7070;
    public string Bind { get; set; } = "0.0.0.0";
    public bool AllowNormalMode { get; set; } = true;
    /// <summary>Secure by default: a published console admits only enrolled AGVs; the demo (Development) turns it on.</summary>
    public bool AllowUnknownAgvs { get; set; }
    /// <summary>Agv:MaxUnknownAgvs (the console's own key): how many AGVs that are not enrolled it lists at most.</summary>
    public int MaxUnknownAgvs { get; set; } = 100;
    /// <summary>Agv:UnknownAgvRetentionHours (the console's own key): an AGV never enrolled is forgotten this long after it was last seen.</summary>
    public double UnknownAgvRetentionHours { get; set; } = 24;
    public List<IntegrityProfile> SecureIntegrityProfiles { get; set; } = [];
    public string RcsId { get; set; } = "RCS";
    public string RcsKeyFile { get; set; } = "rcs-sm2.key";
    public uint HeartbeatPeriodMs { get; set; } = 1000;
    public uint ReportPeriodMs { get; set; } = 1000;
}

/// <summary>The <c>Demo:</c> section.
/// Off unless asked for: appsettings.Development.json (what <c>dotnet run</c> starts) turns the demo
/// on; a published console starts with no demo accounts and no simulated AGVs.
/// </summary>
public sealed class DemoOptions
{
    public bool SeedSite { get; set; }
    public int SimulatedAgvs { get; set; }
    /// <summary>Demo:TimeScale: the simulated AGVs' clock runs this much faster (the console's own key, for long test runs).</summary>
    public double TimeScale { get; set; } = 1;
    /// <summary>Demo:Traffic: send idle simulated AGVs around the site now and then (not in API.md; the console's own).</summary>
    public bool Traffic { get; set; } = true;
}

/// <summary>The <c>Api:</c> section. A key is "secret" or "name=secret"; the name is what the audit log shows.</summary>
public sealed class ApiOptions
{
    public List<string> Keys { get; set; } = [];
    public List<string> Webhooks { get; set; } = [];
}
