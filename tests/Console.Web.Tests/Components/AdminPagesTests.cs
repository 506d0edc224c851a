using System.Net;
using AgvConsole.Web.Tests.Api;

namespace AgvConsole.Web.Tests.Components;

/// <summary>
/// The administration pages are refused to other roles on the server (the pages themselves, interactive: Bunit/AdminAgvsPageTests,
/// Bunit/HistoryAndAuditPagesTests, Bunit/MapsPageTests, Bunit/AgvParametersPageTests).
/// </summary>
public sealed class AdminPagesTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    [Fact]
    public async Task Administration_pages_are_refused_to_other_roles()
    {
        var client = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var (user, password) in new[] { ("maintenance", "Maintenance1!"), ("supervisor", "Supervisor1!") })
        {
            var signedIn = await SignedInClient.AsAsync(fixture.Factory, user, password);
            foreach (var page in new[] { "/admin/agvs", "/admin/users" })
            {
                var r = await signedIn.GetAsync(page);
                Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
                Assert.StartsWith("/account/denied", r.Headers.Location!.PathAndQuery);
            }
        }
        foreach (var page in new[] { "/audit", "/alarms", "/alarms/history", "/alarms/rules", "/alarms/groups", "/maps" })
        {
            var r = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery);
        }
    }
}
