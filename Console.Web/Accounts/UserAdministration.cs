using System.Security.Claims;
using System.Security.Cryptography;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgvConsole.Web.Accounts;

/// <summary>One account as the users page lists it.</summary>
public sealed record AccountSummary(string Id, string UserName, string Role, bool Active, bool MustChangePassword, DateTimeOffset? LockedUntil, DateTimeOffset? LastSignIn);

/// <summary>What an administrator's change came to, for the page to say in the reader's language.</summary>
public enum AccountOutcome
{
    Added, Disabled, Enabled, PasswordReset, RoleChanged,
    NotAllowed, NoSuchAccount, NoName, BadRole, NameTaken, OwnAccount, LastAdministrator, SameRole, IdentityRefused,
}

/// <summary>
/// What an administrator's change came to: <see cref="Message"/> in English (logs, tests), <see cref="Outcome"/>
/// with <see cref="Account"/>, <see cref="Role"/> and <see cref="Detail"/> (Identity's own words) for the page;
/// <see cref="Password"/> is a generated password to show once.
/// </summary>
public sealed record AccountChange(bool Ok, string Message, string? Password = null, string? Account = null,
    AccountOutcome Outcome = AccountOutcome.IdentityRefused, string? Role = null, string? Detail = null);

/// <summary>
/// User administration for Administrators, on ASP.NET Core Identity (no schema of its own):
/// <list type="bullet">
/// <item>A disabled account is Identity's lockout with no end (<see cref="DateTimeOffset.MaxValue"/>, lockout
/// enabled): sign-in refuses it as locked out. Its security stamp is renewed, so its open sessions end at the
/// cookie's next validation (<see cref="AccountHosting.SessionCheckInterval"/>).</item>
/// <item>New accounts and reset passwords carry <see cref="AccountClaims.MustChangePassword"/>: the administrator
/// knows that password, so its owner replaces it at first sign-in.</item>
/// <item>The last active Administrator can be neither disabled nor given another role.</item>
/// </list>
/// Every change, and every refused one, is written to the audit log with who, what and which account.
/// The page checks the Administrator role; so does every method here, for a form posted by hand.
/// </summary>
public sealed class UserAdministration(UserManager<IdentityUser> users, IAuditSink audit)
{
    /// <summary>Lockout ends after this: an account locked this far ahead is disabled, not locked by failed attempts.</summary>
    private static readonly DateTimeOffset DisabledThreshold = DateTimeOffset.UtcNow.AddYears(100);

    public static bool IsDisabled(IdentityUser u) => u.LockoutEnabled && u.LockoutEnd is { } end && end >= DisabledThreshold;

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct = default)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
        // Last sign-in from the audit log, which records every one (no column of our own).
        var signIns = await audit.SearchAsync(new AuditQuery(Action: "sign-in", Limit: 5000), ct);
        var last = signIns.Where(a => a.Outcome == "ok" && a.Action == "sign-in").GroupBy(a => a.Actor).ToDictionary(g => g.Key, g => g.Max(a => a.At));
        var list = new List<AccountSummary>();
        foreach (var u in all)
        {
            var role = (await users.GetRolesAsync(u)).FirstOrDefault() ?? "";
            var claims = await users.GetClaimsAsync(u);
            list.Add(new AccountSummary(u.Id, u.UserName ?? "", role, !IsDisabled(u), claims.Any(c => c.Type == AccountClaims.MustChangePassword),
                !IsDisabled(u) && u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null,
                last.TryGetValue(u.UserName ?? "", out var at) ? at : null));
        }
        return list;
    }

    public async Task<AccountChange> AddAsync(ClaimsPrincipal by, string userName, string role, string? password)
    {
        if (!by.IsAdministrator()) return Refused("Adding accounts needs the Administrator role.", AccountOutcome.NotAllowed);
        userName = userName.Trim();
        if (userName.Length == 0) return Refused("Enter the user name.", AccountOutcome.NoName);
        if (!Roles.All.Contains(role)) return Refused($"Choose a role: {string.Join(", ", Roles.All)}.", AccountOutcome.BadRole);
        if (await users.FindByNameAsync(userName) is not null) return Refused($"An account named {userName} exists already.", AccountOutcome.NameTaken, userName);
        bool generated = string.IsNullOrEmpty(password);
        password = generated ? GeneratePassword() : password!;
        var user = new IdentityUser(userName);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return Refused(Describe(created) + " Nothing was created.", AccountOutcome.IdentityRefused, userName, Describe(created));
        await users.AddToRoleAsync(user, role);
        await users.AddClaimAsync(user, new Claim(AccountClaims.MustChangePassword, "true"));
        await Audit(by, "add account", userName, $"role {role}, password {(generated ? "generated" : "typed")}, must change it at first sign-in", "ok");
        return new(true, $"{userName} ({role}) was added: they choose their own password at first sign-in.", generated ? password : null, userName, AccountOutcome.Added, role);
    }

    public async Task<AccountChange> SetActiveAsync(ClaimsPrincipal by, string id, bool active)
    {
        if (!by.IsAdministrator()) return Refused("Disabling accounts needs the Administrator role.", AccountOutcome.NotAllowed);
        if (await users.FindByIdAsync(id) is not { } user) return Refused("There is no such account.", AccountOutcome.NoSuchAccount);
        var name = user.UserName ?? "";
        if (!active)
        {
            if (name == by.Identity?.Name) return await RefusedAudited(by, "disable account", name, "You cannot disable your own account: ask another administrator.", AccountOutcome.OwnAccount);
            if (await IsLastActiveAdministratorAsync(user))
                return await RefusedAudited(by, "disable account", name, $"{name} is the last active Administrator: enable or add another one first.", AccountOutcome.LastAdministrator);
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        }
        else
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        // A new stamp ends the account's open sessions at their next check.
        await users.UpdateSecurityStampAsync(user);
        await Audit(by, active ? "enable account" : "disable account", name, "", "ok");
        return new(true, active ? $"{name} can sign in again." : $"{name} is disabled: it cannot sign in, and its open sessions end within {AccountHosting.SessionCheckInterval.TotalMinutes:0} minute.",
            Account: name, Outcome: active ? AccountOutcome.Enabled : AccountOutcome.Disabled);
    }

    public async Task<AccountChange> ResetPasswordAsync(ClaimsPrincipal by, string id)
    {
        if (!by.IsAdministrator()) return Refused("Resetting passwords needs the Administrator role.", AccountOutcome.NotAllowed);
        if (await users.FindByIdAsync(id) is not { } user) return Refused("There is no such account.", AccountOutcome.NoSuchAccount);
        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password); // renews the security stamp: open sessions end
        if (!reset.Succeeded) return Refused(Describe(reset), AccountOutcome.IdentityRefused, user.UserName, Describe(reset));
        await users.ResetAccessFailedCountAsync(user);
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == AccountClaims.MustChangePassword))
            await users.AddClaimAsync(user, new Claim(AccountClaims.MustChangePassword, "true"));
        await Audit(by, "reset password", user.UserName ?? "", "temporary password generated, must change it at next sign-in", "ok");
        return new(true, $"The password of {user.UserName} was reset: give them the temporary password below; they choose their own at next sign-in.", password, user.UserName, AccountOutcome.PasswordReset);
    }

    public async Task<AccountChange> SetRoleAsync(ClaimsPrincipal by, string id, string role)
    {
        if (!by.IsAdministrator()) return Refused("Changing roles needs the Administrator role.", AccountOutcome.NotAllowed);
        if (!Roles.All.Contains(role)) return Refused($"Choose a role: {string.Join(", ", Roles.All)}.", AccountOutcome.BadRole);
        if (await users.FindByIdAsync(id) is not { } user) return Refused("There is no such account.", AccountOutcome.NoSuchAccount);
        var name = user.UserName ?? "";
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return Refused($"{name} is {role} already.", AccountOutcome.SameRole, name, role: role);
        if (role != Roles.Administrator && await IsLastActiveAdministratorAsync(user))
            return await RefusedAudited(by, "change role", name, $"{name} is the last active Administrator: make another account Administrator first.", AccountOutcome.LastAdministrator);
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await Audit(by, "change role", name, $"{string.Join(", ", current)} → {role}", "ok");
        return new(true, $"{name} is now {role} (their open sessions follow within {AccountHosting.SessionCheckInterval.TotalMinutes:0} minute).", Account: name, Outcome: AccountOutcome.RoleChanged, Role: role);
    }

    private async Task<bool> IsLastActiveAdministratorAsync(IdentityUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        return admins.Any(a => a.Id == user.Id) && !IsDisabled(user) && !admins.Any(a => a.Id != user.Id && !IsDisabled(a));
    }

    /// <summary>16 characters with every class Identity's password rules ask for.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!#%+-=?@";
        var chars = RandomNumberGenerator.GetItems<char>(lower + upper + digits + symbols, 12).ToList();
        chars.Add(RandomNumberGenerator.GetItems<char>(lower, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(upper, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(digits, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>(symbols, 1)[0]);
        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle<char>(array);
        return new string(array);
    }

    public static string Describe(IdentityResult r) => string.Join(" ", r.Errors.Select(e => e.Description));

    private static AccountChange Refused(string message, AccountOutcome outcome, string? account = null, string? detail = null, string? role = null) =>
        new(false, message, Account: account, Outcome: outcome, Role: role, Detail: detail);

    private async Task<AccountChange> RefusedAudited(ClaimsPrincipal by, string action, string account, string message, AccountOutcome outcome)
    {
        await Audit(by, action, account, message, "refused");
        return Refused(message, outcome, account);
    }

    private Task Audit(ClaimsPrincipal by, string action, string account, string detail, string outcome) =>
        audit.WriteAsync(by.Identity?.Name ?? "?", action, $"account {account}", detail, outcome);
}
