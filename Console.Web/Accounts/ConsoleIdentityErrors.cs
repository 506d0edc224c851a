using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace AgvConsole.Web.Accounts;

/// <summary>
/// ASP.NET Core Identity's refusals (password rules, user names) in the reader's language: Identity
/// itself only speaks English. Resources/Accounts/ConsoleIdentityErrors(.zh-CN).resx; the codes stay
/// Identity's own. Errors with no text here keep Identity's English one.
/// </summary>
public sealed class ConsoleIdentityErrors(IStringLocalizer<ConsoleIdentityErrors> l) : IdentityErrorDescriber
{
    private IdentityError Text(IdentityError english, params object[] args)
    {
        var s = l[english.Code, args];
        return s.ResourceNotFound ? english : new IdentityError { Code = english.Code, Description = s.Value };
    }

    public override IdentityError DefaultError() => Text(base.DefaultError());
    public override IdentityError ConcurrencyFailure() => Text(base.ConcurrencyFailure());
    public override IdentityError PasswordMismatch() => Text(base.PasswordMismatch());
    public override IdentityError InvalidUserName(string? userName) => Text(base.InvalidUserName(userName), userName ?? "");
    public override IdentityError DuplicateUserName(string userName) => Text(base.DuplicateUserName(userName), userName);
    public override IdentityError DuplicateRoleName(string role) => Text(base.DuplicateRoleName(role), role);
    public override IdentityError UserAlreadyInRole(string role) => Text(base.UserAlreadyInRole(role), role);
    public override IdentityError UserNotInRole(string role) => Text(base.UserNotInRole(role), role);
    public override IdentityError PasswordTooShort(int length) => Text(base.PasswordTooShort(length), length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Text(base.PasswordRequiresUniqueChars(uniqueChars), uniqueChars);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Text(base.PasswordRequiresNonAlphanumeric());
    public override IdentityError PasswordRequiresDigit() => Text(base.PasswordRequiresDigit());
    public override IdentityError PasswordRequiresLower() => Text(base.PasswordRequiresLower());
    public override IdentityError PasswordRequiresUpper() => Text(base.PasswordRequiresUpper());
}
