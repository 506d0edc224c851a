using System.Security.Claims;

namespace AgvConsole.Web.Accounts;

/// <summary>The console's own claims on an account (stored as Identity user claims: no schema of our own).</summary>
public static class AccountClaims
{
    /// <summary>
    /// Set on an account whose password someone else chose (a new account, a reset, the first administrator):
    /// every page sends it to /account/password until its owner has set a password only they know.
    /// </summary>
    public const string MustChangePassword = "agv:must-change-password";

    public static bool MustChangePasswordNow(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == MustChangePassword);
}
