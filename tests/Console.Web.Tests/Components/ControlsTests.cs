using AgvConsole.Web.Components.Controls;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgvConsole.Web.Tests.Components;

/// <summary>Small components rendered with the framework's HtmlRenderer and queried with AngleSharp.</summary>
public sealed class ControlsTests
{
    private static async Task<AngleSharp.Dom.IElement> Render<T>(Dictionary<string, object?> parameters) where T : IComponent
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton(new AgvConsole.Web.Hosting.SiteClock(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))).BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        var doc = await new HtmlParser().ParseDocumentAsync($"<body>{html}</body>");
        return doc.Body!.FirstElementChild!;
    }

    [Fact]
    public async Task A_json_island_keeps_markup_in_its_data_as_data()
    {
        const string hostile = "</script><script>window.__xss=1</script><img src=x onerror=alert(1)>&'+";
        var island = await Render<JsonIsland>(new() { ["Id"] = "data", ["Value"] = new { serial = hostile, name = "Hall <A>" } });
        Assert.Equal("script", island.LocalName);
        Assert.Equal("application/json", island.GetAttribute("type"));
        Assert.DoesNotContain("<", island.InnerHtml);
        Assert.DoesNotContain(">", island.InnerHtml);
        Assert.DoesNotContain("&", island.InnerHtml.Replace("&amp;", "")); // no entity the parser could turn back
        var back = System.Text.Json.JsonDocument.Parse(island.TextContent).RootElement;
        Assert.Equal(hostile, back.GetProperty("serial").GetString());
        Assert.Equal("Hall <A>", back.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Ago_says_never_without_a_time()
    {
        var never = await Render<Ago>(new() { ["At"] = null });
        Assert.Equal("never", never.TextContent);
        var recent = await Render<Ago>(new() { ["At"] = (DateTimeOffset?)DateTimeOffset.UtcNow.AddSeconds(-75) });
        Assert.Equal("1 min ago", recent.TextContent);
    }

    [Fact]
    public async Task Ago_shows_the_exact_site_time_with_its_offset_on_hover()
    {
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 5, TimeSpan.Zero);
        var time = await Render<Ago>(new() { ["At"] = (DateTimeOffset?)at });
        Assert.Equal("2026-11-30 16:00:05 UTC+08:00", time.GetAttribute("title"));
    }
}
