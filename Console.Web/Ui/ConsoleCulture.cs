using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Antiforgery;

namespace AgvConsole.Web.Ui;

/// <summary>
/// The interface language: English or Simplified Chinese. Chosen, in this order, by the signed-in
/// user's remembered choice (an Identity user claim), the culture cookie, then the browser's
/// Accept-Language (any Chinese is zh-CN). An open page's language is fixed for its circuit, so a
/// switch posts to <c>/account/culture</c>, which remembers it and reloads the page.
/// </summary>
public static class ConsoleCulture
{
    public const string English = "en";
    public const string Chinese = "zh-CN";
    public static readonly string[] Supported = [English, Chinese];

    /// <summary>The user claim that remembers an account's language.</summary>
    public const string ClaimType = "agv:culture";

    public static IApplicationBuilder UseConsoleCulture(this IApplicationBuilder app)
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(English)
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        options.RequestCultureProviders =
        [
            new CustomRequestCultureProvider(ctx => Task.FromResult(Result(ctx.User.FindFirstValue(ClaimType)))),
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(ctx => Task.FromResult(FromBrowser(ctx.Request.Headers.AcceptLanguage.ToString()))),
        ];
        return app.UseRequestLocalization(options);
    }

    private static ProviderCultureResult? Result(string? culture) => Normalise(culture) is { } c ? new ProviderCultureResult(c) : null;

    /// <summary>One of <see cref="Supported"/>, or null: "zh", "zh-Hans", "zh-CN" are Chinese; any English is English.</summary>
    public static string? Normalise(string? culture) => culture?.Trim() switch
    {
        null or "" => null,
        var c when c.StartsWith("zh", StringComparison.OrdinalIgnoreCase) => Chinese,
        var c when c.StartsWith("en", StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };

    /// <summary>The first language of Accept-Language (by quality) the console speaks.</summary>
    public static ProviderCultureResult? FromBrowser(string acceptLanguage)
    {
        if (!Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var list)) return null;
        foreach (var lang in list.OrderByDescending(l => l.Quality ?? 1))
            if (Result(lang.Value.Value) is { } r) return r;
        return null;
    }

    /// <summary>POST /account/culture (form: culture, returnUrl, antiforgery token): remembers the choice, then reloads the page.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/culture", async (HttpContext http, IAntiforgery antiforgery, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) =>
        {
            // A form from another site must not change anyone's language: the token is required (400, nothing changes).
            if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest("The language switch needs the form's antiforgery token: reload the page and try again.");
            var form = await http.Request.ReadFormAsync();
            var returnUrl = LocalOrRoot(form["returnUrl"]);
            if (Normalise(form["culture"]) is not { } chosen) return Results.Redirect(returnUrl); // nothing changes
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } user)
            {
                var claims = await users.GetClaimsAsync(user);
                await users.RemoveClaimsAsync(user, claims.Where(c => c.Type == ClaimType));
                await users.AddClaimAsync(user, new Claim(ClaimType, chosen));
                await signIn.RefreshSignInAsync(user); // the cookie carries the new claim
            }
            return Results.Redirect(returnUrl);
        });
        return app;
    }

    /// <summary>Only a local path: the switch must not send anyone elsewhere.</summary>
    public static string LocalOrRoot(string? url) =>
        url is { Length: > 0 } u && u.StartsWith('/') && !u.StartsWith("//") && !u.StartsWith("/\\") ? u : "/";

    /// <summary>The language's own name, for the switch.</summary>
    public static string NativeName(string culture) => culture == Chinese ? "中文" : "English";

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name == Chinese;
}
