namespace AgvConsole.Web.Security;

/// <summary>The console's roles (DESIGN.md) and the policies built from them. Enforced on the server.</summary>
public static class Roles
{
    public const string Supervisor = "Supervisor";
    public const string Maintenance = "Maintenance";
    public const string Administrator = "Administrator";
    public static readonly string[] All = [Supervisor, Maintenance, Administrator];
}

public static class Policies
{
    /// <summary>Any signed-in account: see the map, the fleet, an AGV's detail.</summary>
    public const string View = "view";
    /// <summary>Send commands and paths to AGVs: Supervisor, Administrator.</summary>
    public const string Dispatch = "dispatch";
    /// <summary>Acknowledge and clear alarms: Maintenance, Administrator.</summary>
    public const string Alarms = "alarms";
    /// <summary>Maps, enrolment, users, parameters: Administrator.</summary>
    public const string Administer = "administer";
}
