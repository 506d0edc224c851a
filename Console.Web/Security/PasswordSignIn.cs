using Microsoft.AspNetCore.Identity;

namespace AgvConsole.Web.Security;

/// <summary>
/// Checks a user name and password the same way whether or not the account exists: an unknown name
/// costs one password hash too (against a dummy hash made once), so neither the answer nor the
/// time tells which names exist. Failures never lock an account (anyone could lock the
/// administrator out); guessing is limited per client address by <see cref="SignInThrottle"/>.
/// </summary>
public sealed class PasswordSignIn(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users)
{
    private static readonly IdentityUser Nobody = new("nobody");
    private static string? _dummyHash;

    public async Task<SignInResult> SignInAsync(string userName, string password, bool remember)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            _dummyHash ??= users.PasswordHasher.HashPassword(Nobody, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            users.PasswordHasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            return SignInResult.Failed;
        }
        return await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false);
    }
}
