using System.Security.Claims;

namespace AgvConsole.Web.Accounts;

/// <summary>
/// <see cref="UserAdministration"/> for the users page: each call runs in a DI scope of its own, so an
/// open page (a circuit, which lives for hours) never holds Identity's DbContext between clicks: every
/// list and change reads the accounts as they are now. The checks (Administrator only, last active
/// Administrator kept) are UserAdministration's.
/// </summary>
public sealed class UserAccounts(IServiceScopeFactory scopes)
{
    public Task<IReadOnlyList<AccountSummary>> ListAsync() => Run(a => a.ListAsync());
    public Task<AccountChange> AddAsync(ClaimsPrincipal by, string userName, string role, string? password) => Run(a => a.AddAsync(by, userName, role, password));
    public Task<AccountChange> SetActiveAsync(ClaimsPrincipal by, string id, bool active) => Run(a => a.SetActiveAsync(by, id, active));
    public Task<AccountChange> ResetPasswordAsync(ClaimsPrincipal by, string id) => Run(a => a.ResetPasswordAsync(by, id));
    public Task<AccountChange> SetRoleAsync(ClaimsPrincipal by, string id, string role) => Run(a => a.SetRoleAsync(by, id, role));

    private async Task<T> Run<T>(Func<UserAdministration, Task<T>> call)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }
}
