using AgvConsole.Fleet.Alarms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// Forms as an operator uses them in a real browser: acknowledging and clearing with several alarms
/// listed.
/// </summary>
public sealed class OperatorFormTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 4, traffic: false))
{
    private async Task<IPage> SignedInPage(string path, string user, string password)
    {
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await Browser.SignInAsync(page, Host.BaseUrl, path, user, password);
        return page;
    }

    [Fact]
    public async Task With_several_alarms_listed_one_is_acknowledged_with_a_comment_and_another_cleared()
    {
        // Three AGVs report a failed task (the path an AGV's TaskReport failure takes into the alarm engine).
        var engine = Host.Services.GetRequiredService<AlarmEngine>();
        foreach (var serial in new[] { "DEMO-01", "DEMO-02", "DEMO-03" }) engine.OneShot(serial, AlarmSource.TaskFailed, 0x301, $"task of {serial} failed at node 1014");
        var page = await SignedInPage("/alarms", "maintenance", "Maintenance1!");
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#alarm-table tbody tr').length >= 3 && !document.querySelector('#alarm-table [title^=\"the database\"]')", null, new() { Timeout = 15000 });
        await page.ReloadAsync();
        long Id(string serial) => engine.Active.Single(a => a.Serial == serial && a.Source == AlarmSource.TaskFailed).Id;
        var (first, second, third) = (Id("DEMO-01"), Id("DEMO-02"), Id("DEMO-03"));

        var row = page.Locator($"#alarm-table tr[data-alarm='{second}']");
        await row.Locator("input[name^=Comment]").FillAsync("pallet jammed, cleared by hand");
        await row.Locator("button[value^=ack]").ClickAsync();
        await page.WaitForSelectorAsync("#command-result:has-text('acknowledged')");
        Assert.Contains($"Alarm {second} (DEMO-02, Task failed) acknowledged.", await page.TextContentAsync("#command-result"));
        Assert.EndsWith("/alarms", page.Url);
        Assert.Contains("pallet jammed, cleared by hand", await page.TextContentAsync($"#alarm-table tr[data-alarm='{second}']"));
        Assert.Contains("not yet", await page.TextContentAsync($"#alarm-table tr[data-alarm='{first}']"));
        Assert.Contains("not yet", await page.TextContentAsync($"#alarm-table tr[data-alarm='{third}']"));

        row = page.Locator($"#alarm-table tr[data-alarm='{third}']");
        await row.Locator("input[name^=Comment]").FillAsync("duplicate of the DEMO-02 jam");
        await row.Locator("button[value^=clear]").ClickAsync();
        await page.WaitForSelectorAsync("#command-result:has-text('cleared')");
        Assert.Null(await page.QuerySelectorAsync($"#alarm-table tr[data-alarm='{third}']"));
        Assert.NotNull(await page.QuerySelectorAsync($"#alarm-table tr[data-alarm='{first}']"));
        Assert.Contains("not yet", await page.TextContentAsync($"#alarm-table tr[data-alarm='{first}']"));
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("alarms-several.png"), FullPage = true });

        // A reload shows the list again without repeating anything.
        await page.ReloadAsync();
        Assert.Null(await page.QuerySelectorAsync("#command-result"));

        await page.GotoAsync(Host.BaseUrl + "/alarms/history?agv=DEMO-02");
        Assert.Contains("acknowledged by maintenance: pallet jammed, cleared by hand", await page.TextContentAsync($"#history-table tr[data-alarm='{second}']"));
        await page.GotoAsync(Host.BaseUrl + "/alarms/history?agv=DEMO-03");
        Assert.Contains("cleared by hand by maintenance: duplicate of the DEMO-02 jam", await page.TextContentAsync($"#history-table tr[data-alarm='{third}']"));
        Assert.Empty(errors);
    }

    // Orders are queued in an interactive dialog now; a reload queueing nothing is in OrderFlowTests.
}
