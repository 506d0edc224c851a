using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace AgvConsole.Web.Ui;

/// <summary>
/// The role check every event handler that changes something makes first, on the server, with the
/// circuit's current user (re-checked every minute by the revalidating state provider). Hiding a
/// button is not enforcement: a circuit can be sent any event.
/// <code>
/// if (!await Permissions.AllowsAsync(Policies.Dispatch)) { Snackbar.Add(T["NotAllowed"], Severity.Error); return; }
/// </code>
/// </summary>
public sealed class Permissions(IAuthorizationService authorization, AuthenticationStateProvider state)
{
    public async Task<bool> AllowsAsync(string policy)
    {
        var user = (await state.GetAuthenticationStateAsync()).User;
        return user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    /// <summary>The signed-in user's name, for the audit log (never taken from the page).</summary>
    public async Task<string?> UserNameAsync() => (await state.GetAuthenticationStateAsync()).User.Identity?.Name;
}
