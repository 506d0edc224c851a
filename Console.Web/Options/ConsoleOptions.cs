using AgvConsole.Protocol.Messages;

namespace AgvConsole.Web.Options;

/// <summary>The <c>Agv:</c> section of API.md's configuration keys.</summary>
public sealed class AgvOptions
{
    public int Port { get; set; } = 7070;
    public string Bind { get; set; } = "0.0.0.0";
    public bool AllowNormalMode { get; set; } = true;
    public bool AllowUnknownAgvs { get; set; } = true;
    public List<IntegrityProfile> SecureIntegrityProfiles { get; set; } = [];
    public string RcsId { get; set; } = "RCS";
    public string RcsKeyFile { get; set; } = "rcs-sm2.key";
    public uint HeartbeatPeriodMs { get; set; } = 1000;
    public uint ReportPeriodMs { get; set; } = 1000;
}

/// <summary>The <c>Demo:</c> section.</summary>
public sealed class DemoOptions
{
    public bool SeedSite { get; set; } = true;
    public int SimulatedAgvs { get; set; } = 8;
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
