namespace AgvConsole.Web.Security;

/// <summary>Claims the console stores on accounts (ASP.NET Core Identity user claims).</summary>
public static class AccountClaims
{
    /// <summary>The account signs in with a password someone else chose (first administrator, a reset): it must set its own first.</summary>
    public const string MustChangePassword = "agv:must-change-password";
}
