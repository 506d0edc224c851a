using System.Security.Claims;
using System.Security.Cryptography;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Security;
using Microsoft.AspNetCore.Identity;

namespace AgvConsole.Web.Hosting;

/// <summary>What the console prints once, at the start that created it (never again: not in later logs).</summary>
public sealed class FirstRunNotice
{
    public bool DemoSeeded { get; set; }
    public string? AdministratorName { get; set; }
    /// <summary>The generated password of the first administrator; cleared once it has been shown.</summary>
    public string? GeneratedPassword { get; set; }
}

/// <summary>
/// What every site has, demo or not: the roles, the default alarm rules on a new database, and an
/// Administrator. On a database without any account the first Administrator is created from
/// <c>Accounts:InitialAdmin:UserName</c> (default admin) and <c>Accounts:InitialAdmin:Password</c>;
/// without a password one is generated and shown once. Either way it must be changed at the first
/// sign-in (<see cref="AccountClaims.MustChangePassword"/>): a password from a configuration file or
/// a log is not a secret any more.
/// </summary>
public static class SiteSetup
{
    public static async Task EnsureRolesAsync(IServiceProvider scoped)
    {
        var roles = scoped.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>A new site starts with the default rule set (heartbeat and connection loss, battery, e-stop, …).</summary>
    public static async Task SeedAlarmRulesAsync(IAlarmRepository alarms, CancellationToken ct)
    {
        if ((await alarms.GetRulesAsync(ct)).Count > 0) return;
        foreach (var rule in AlarmRule.DefaultTemplate()) await alarms.SaveRuleAsync(rule, ct);
    }

    public static async Task EnsureAdministratorAsync(IServiceProvider scoped, IConfiguration configuration, FirstRunNotice notice, ILogger logger)
    {
        var users = scoped.GetRequiredService<UserManager<IdentityUser>>();
        if (users.Users.Any()) return;
        var name = configuration["Accounts:InitialAdmin:UserName"] is { Length: > 0 } n ? n.Trim() : "admin";
        var configured = configuration["Accounts:InitialAdmin:Password"];
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            throw new InvalidOperationException($"The first administrator '{name}' could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))} " +
                                                "Set Accounts:InitialAdmin:Password to a password that meets these rules, or leave it empty to have one generated.");
        await users.AddToRoleAsync(user, Roles.Administrator);
        await users.AddClaimAsync(user, new Claim(AccountClaims.MustChangePassword, "true"));
        notice.AdministratorName = name;
        if (string.IsNullOrEmpty(configured)) notice.GeneratedPassword = password;
        logger.LogInformation("Created the first administrator '{User}' ({Source}); it must change its password at first sign-in", name,
            string.IsNullOrEmpty(configured) ? "generated password, shown once below" : "password from Accounts:InitialAdmin:Password");
    }

    /// <summary>20 characters in four groups (about 100 bits), with every character class Identity's rules ask for.</summary>
    internal static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        const string all = upper + lower + digits;
        while (true)
        {
            var chars = Enumerable.Range(0, 16).Select(_ => all[RandomNumberGenerator.GetInt32(all.Length)]).ToArray();
            var s = string.Join("-", chars.Chunk(4).Select(c => new string(c)));
            if (s.Any(char.IsUpper) && s.Any(char.IsLower) && s.Any(char.IsDigit)) return s;
        }
    }
}
