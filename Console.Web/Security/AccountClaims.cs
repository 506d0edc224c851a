using System.Security.Claims;

namespace AgvConsole.Web.Security;

/// <summary>Claims the console stores on accounts (ASP.NET Core Identity user claims).</summary>
public static class AccountClaims
{
    /// <summary>
    /// The account signs in with a password someone else chose (first administrator, a new account, a reset): it
    /// must set its own first. Every page sends it to /account/password until it has (AccountHosting.UseMustChangePassword).
    /// </summary>
    public const string MustChangePassword = "agv:must-change-password";

    public static bool MustChangePasswordNow(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == MustChangePassword);
}
