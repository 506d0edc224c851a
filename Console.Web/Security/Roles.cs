using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;

namespace AgvConsole.Web.Security;

/// <summary>The console's roles (DESIGN.md) and the policies built from them. Enforced on the server.</summary>
public static class Roles
{
    public const string Supervisor = "Supervisor";
    public const string Maintenance = "Maintenance";
    public const string Administrator = "Administrator";
    public static readonly string[] All = [Supervisor, Maintenance, Administrator];

    // One list per capability: the authorization policies and the pages' show/hide checks both read these.
    public static readonly string[] Dispatchers = [Supervisor, Administrator];
    public static readonly string[] AlarmHandlers = [Maintenance, Administrator];
    /// <summary>Alarm rules, the thresholds they push to AGVs, notification groups and their webhooks (README: Maintenance views and acknowledges).</summary>
    public static readonly string[] AlarmConfigurers = [Administrator];

    public static bool MayDispatch([NotNullWhen(true)] this ClaimsPrincipal? user) => HasAny(user, Dispatchers);
    public static bool MayHandleAlarms([NotNullWhen(true)] this ClaimsPrincipal? user) => HasAny(user, AlarmHandlers);
    public static bool MayConfigureAlarms([NotNullWhen(true)] this ClaimsPrincipal? user) => HasAny(user, AlarmConfigurers);
    public static bool IsAdministrator([NotNullWhen(true)] this ClaimsPrincipal? user) => user?.IsInRole(Administrator) == true;

    private static bool HasAny([NotNullWhen(true)] ClaimsPrincipal? user, string[] roles) => user is not null && roles.Any(user.IsInRole);
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
