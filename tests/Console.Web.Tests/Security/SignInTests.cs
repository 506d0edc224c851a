using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Security;

/// <summary>
/// Sign-in and sign-out against guessing and forgery: no account lockout anyone can trigger, a limit
/// per client address instead, one answer for unknown users and wrong passwords, and a sign-out
/// that needs the console's own form.
/// </summary>
public sealed class SignInTests(SignInTests.Fixture fixture) : IClassFixture<SignInTests.Fixture>
{
    /// <summary>Counts password hash checks, to see that an unknown user costs one too.</summary>
    public sealed class CountingHasher : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> _inner = new();
        public int Verifications;
        public string HashPassword(IdentityUser user, string password) => _inner.HashPassword(user, password);
        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public sealed class Fixture : IDisposable
    {
        public CountingHasher Hasher { get; } = new();
        public ConsoleFactory Console { get; } = new(simulatedAgvs: 0);
        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory { get; }
        public Fixture() => Factory = Console.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IPasswordHasher<IdentityUser>>(Hasher)));
        public void Dispose()
        {
            Factory.Dispose();
            Console.Dispose();
        }
    }

    private static readonly HtmlParser Parser = new();
    private static string NewAddress() => $"192.0.2.{Random.Shared.Next(1, 255)}";

    [Fact]
    public async Task Wrong_passwords_do_not_lock_the_account()
    {
        var (first, client) = await SignedInClient.SignInAsync(fixture.Factory, "maintenance", "wrong-1", "198.51.100.7");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        for (int i = 2; i <= 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignedInClient.PostAsync(client, "maintenance", $"wrong-{i}")).StatusCode);
        var right = await SignedInClient.PostAsync(client, "maintenance", "Maintenance1!");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Fact]
    public async Task Attempts_over_the_limit_of_an_address_get_429_and_other_addresses_still_sign_in()
    {
        var (_, guesser) = await SignedInClient.SignInAsync(fixture.Factory, "admin", "guess-1", "203.0.113.9");
        for (int i = 2; i <= Web.Security.SignInThrottle.DefaultAttempts; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignedInClient.PostAsync(guesser, "admin", $"guess-{i}")).StatusCode);

        // The eleventh attempt from that address is refused before the password is looked at, even the right one.
        var refused = await SignedInClient.PostAsync(guesser, "admin<script>", "Administrator1!");
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null, "no Retry-After");
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many sign-in attempts", page);
        Assert.DoesNotContain("admin<script>", page); // nothing of the request is echoed
        Assert.DoesNotContain("<script", page);
        // Looking at the page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/account/login")).StatusCode);

        var (elsewhere, _) = await SignedInClient.SignInAsync(fixture.Factory, "admin", "Administrator1!", "203.0.113.10");
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer_and_the_same_work()
    {
        int before = Volatile.Read(ref fixture.Hasher.Verifications);
        var (unknown, _) = await SignedInClient.SignInAsync(fixture.Factory, "nobody-of-that-name", "Whatever1!", NewAddress());
        int afterUnknown = Volatile.Read(ref fixture.Hasher.Verifications);
        var (wrong, _) = await SignedInClient.SignInAsync(fixture.Factory, "supervisor", "Whatever1!", NewAddress());
        int afterWrong = Volatile.Read(ref fixture.Hasher.Verifications);

        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        // The pages differ only in the values of their fields (the typed name, the fresh antiforgery token)
        // and in Blazor's encrypted component state, which is new on every response.
        static string Normalised(string html) => Regex.Replace(Regex.Replace(html, "value=\"[^\"]*\"", "value=\"\""), "<!--Blazor-Server-Component-State:[^>]*-->", "");
        Assert.Equal(Normalised(await unknown.Content.ReadAsStringAsync()), Normalised(await wrong.Content.ReadAsStringAsync()));
        var doc = await Parser.ParseDocumentAsync(await unknown.Content.ReadAsStringAsync());
        Assert.Equal("Wrong user name or password.", doc.QuerySelector("#login-error")!.TextContent.Trim());
        // An unknown name costs a password hash, as a wrong password does, so timing does not tell them apart.
        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, afterWrong - afterUnknown);
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token_of_the_navigation_bar()
    {
        var client = await SignedInClient.AsAsync(fixture.Factory, "supervisor", "Supervisor1!");
        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode); // still signed in

        var page = await Parser.ParseDocumentAsync(await client.GetStringAsync("/"));
        var form = page.QuerySelector("form[action='/account/logout']")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location!.OriginalString);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString);
    }
}
