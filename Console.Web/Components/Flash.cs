using System.Text.Json;
using AgvConsole.Fleet.Dispatch;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.DataProtection;

namespace AgvConsole.Web.Components;

/// <summary>What a form's handler tells the page it redirects to: the outcome, and for some forms a few
/// named details (a parameter's answer, a password shown once).</summary>
public sealed record FlashMessage(CommandOutcome Outcome, IReadOnlyDictionary<string, string>? Details = null)
{
    public string? Detail(string name) => Details is not null && Details.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// POST-redirect-GET for the static SSR forms: a handler that acted answers 303 See Other to the page's
/// GET address and hands its outcome to the next render in a short-lived cookie (data-protected, so it
/// can be neither read nor forged in the browser, bound to the user, never in the URL); the page takes
/// it on the GET and the cookie is deleted, so a reload shows the page without repeating anything.
/// A form refused before anything was done (a typo to correct) is instead shown again with what was
/// typed and its errors, as 422: a reload of that changes nothing either.
/// Interactive pages (issue 14) will not need this: their forms do not POST.
/// </summary>
public static class Flash
{
    private const string CookieName = "agv-flash";
    private const string Purpose = "AgvConsole.Web.Flash.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private sealed record Payload(string User, FlashMessage Message);

    /// <summary>Ends the handling of a POST: 303 to <paramref name="url"/> (local), with <paramref name="message"/> for the next page.</summary>
    public static void Redirect(this NavigationManager nav, HttpContext http, string url, FlashMessage message)
    {
        if (!url.StartsWith('/') || url.StartsWith("//") || url.StartsWith("/\\")) throw new ArgumentException("Only local addresses.", nameof(url));
        var json = JsonSerializer.Serialize(new Payload(http.User.Identity?.Name ?? "", message));
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(json, Lifetime), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
        // The framework answers a navigation during static rendering with 302; a POST is answered with
        // 303, which says "GET the result there" in so many words.
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status302Found) http.Response.StatusCode = StatusCodes.Status303SeeOther;
            return Task.CompletedTask;
        });
        nav.NavigateTo(url);
    }

    public static void Redirect(this NavigationManager nav, HttpContext http, string url, CommandOutcome outcome) =>
        nav.Redirect(http, url, new FlashMessage(outcome));

    /// <summary>The message left by the POST that redirected here, once: it is deleted as it is read (GET only).</summary>
    public static FlashMessage? Take(HttpContext? http)
    {
        if (http is null || !HttpMethods.IsGet(http.Request.Method) || !http.Request.Cookies.TryGetValue(CookieName, out var value)) return null;
        if (!http.Response.HasStarted) http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });
        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Protector(http).Unprotect(value, out _));
            return payload is not null && payload.User == (http.User.Identity?.Name ?? "") ? payload.Message : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null; // expired, from another key ring, or tampered with: nothing to show
        }
    }

    /// <summary>A form refused before anything was done, shown again with its errors.</summary>
    public static void Refused(HttpContext http) => http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
}
