using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;

namespace AgvConsole.Web.Tests.Components;

/// <summary>A bad value in an address is the caller's mistake: 400 with a message a person can act on, never a 500.</summary>
public sealed class QueryValuesTests(QueryValuesTests.Fixture fixture) : IClassFixture<QueryValuesTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public ConsoleFactory Factory { get; } = new(simulatedAgvs: 0);
        public void Dispose() => Factory.Dispose();
    }

    private static readonly HtmlParser Parser = new();

    [Theory]
    [InlineData("hours=abc", "hours must be a whole number from 1 to 744")]
    [InlineData("hours=0", "hours must be a whole number from 1 to 744")]
    [InlineData("hours=100000", "hours must be a whole number from 1 to 744")]
    [InlineData("hours=99999999999999999999", "hours must be a whole number from 1 to 744")]
    [InlineData("at=xyz", "at must be a time in unix milliseconds")]
    [InlineData("at=9223372036854775807", "at must be a time in unix milliseconds")]
    [InlineData("at=-5", "at must be a time in unix milliseconds")]
    [InlineData("at=1e9", "at must be a time in unix milliseconds")]
    public async Task The_agv_log_answers_a_bad_period_with_400_and_says_why(string query, string message)
    {
        var client = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var r = await client.GetAsync($"/agvs/DEMO-01/log?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var doc = await Parser.ParseDocumentAsync(await r.Content.ReadAsStringAsync());
        Assert.Contains(message, doc.QuerySelector("#query-error")!.TextContent);
        Assert.NotNull(doc.QuerySelector("#log-table")); // the default period is still shown
    }

    [Theory]
    [InlineData("hours=8")]
    [InlineData("at=1764500000000")]
    [InlineData("")]
    public async Task Good_periods_show_the_log(string query)
    {
        var client = await SignedInClient.AsAsync(fixture.Factory, "maintenance", "Maintenance1!");
        var r = await client.GetAsync($"/agvs/DEMO-01/log?{query}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Null((await Parser.ParseDocumentAsync(await r.Content.ReadAsStringAsync())).QuerySelector("#query-error"));
    }

    [Fact]
    public async Task The_alarm_list_of_the_api_says_what_active_must_be()
    {
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleFactory.ApiKey);
        var bad = await client.GetAsync("/api/v1/alarms?active=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Contains("active must be true or false", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/alarms?active=true")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/alarms")).StatusCode);
    }
}
