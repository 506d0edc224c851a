using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AgvConsole.Web.Tests.Api;

/// <summary>The API key is checked before anything of the request is read.</summary>
public sealed class ApiKeyTests(ApiTests.Fixture fixture) : IClassFixture<ApiTests.Fixture>
{
    private static HttpRequestMessage Post(string url, string body, string? key)
    {
        var r = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) r.Headers.Add("X-Api-Key", key);
        return r;
    }

    [Theory]
    [InlineData("/api/v1/orders")]
    [InlineData("/api/v1/maps")]
    [InlineData("/api/v1/agvs")]
    [InlineData("/api/v1/agvs/DEMO-01/commands")]
    public async Task A_malformed_body_without_a_key_gets_401_not_400(string url)
    {
        var noKey = await fixture.Client.SendAsync(Post(url, "{ this is not json", null));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var problem = await noKey.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("API key missing or wrong", problem.GetProperty("title").GetString());

        var wrongKey = await fixture.Client.SendAsync(Post(url, "{ this is not json", "not-a-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);

        // With the key the same body is the caller's error.
        var withKey = await fixture.Client.SendAsync(Post(url, "{ this is not json", ConsoleFactory.ApiKey));
        Assert.Equal(HttpStatusCode.BadRequest, withKey.StatusCode);
    }

    [Fact]
    public async Task Health_alone_needs_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/api/v1/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.SendAsync(Post("/api/v1/health", "{}", null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.GetAsync("/api/v1/no-such-thing")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.GetAsync("/API/V1/agvs")).StatusCode);
    }
}
