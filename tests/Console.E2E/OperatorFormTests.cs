using AgvConsole.Fleet.Alarms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The alarm page as an operator uses it in a real browser: acknowledging and clearing, each asked in a
/// dialog with a comment, with several alarms listed.
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
        var errors = WatchErrors(page, consoleErrors: true);
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]");
        // Stored alarms only can be acted on: wait until the three have their ids (and buttons).
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#alarm-grid tr.alarm-row button.alarm-clear').length >= 3", null, new() { Timeout = 15000 });
        long Id(string serial) => engine.Active.Single(a => a.Serial == serial && a.Source == AlarmSource.TaskFailed).Id;
        var (first, second, third) = (Id("DEMO-01"), Id("DEMO-02"), Id("DEMO-03"));
        ILocator Row(long id) => page.Locator("#alarm-grid tr.alarm-row", new() { Has = page.Locator($"[data-alarm='{id}']") });

        await Row(second).Locator("button.alarm-acknowledge").ClickAsync();
        await page.FillAsync("#alarm-action-dialog textarea", "pallet jammed, cleared by hand");
        await page.ClickAsync("#alarm-action-confirm");
        await page.WaitForSelectorAsync($".mud-snackbar:has-text('Alarm {second} (DEMO-02, Task failed) acknowledged.')");
        Assert.EndsWith("/alarms", page.Url);
        await Row(second).Filter(new() { HasText = "pallet jammed, cleared by hand" }).WaitForAsync();
        Assert.Contains("not yet", await Row(first).TextContentAsync());
        Assert.Contains("not yet", await Row(third).TextContentAsync());

        // Cancelling the dialog changes nothing.
        await Row(first).Locator("button.alarm-clear").ClickAsync();
        await page.ClickAsync("#alarm-action-cancel");
        await page.WaitForSelectorAsync("#alarm-action-dialog", new() { State = WaitForSelectorState.Detached });
        Assert.Equal(1, await Row(first).CountAsync());

        await Row(third).Locator("button.alarm-clear").ClickAsync();
        await page.FillAsync("#alarm-action-dialog textarea", "duplicate of the DEMO-02 jam");
        await page.ClickAsync("#alarm-action-confirm");
        await page.WaitForSelectorAsync($".mud-snackbar:has-text('Alarm {third} (DEMO-03, Task failed) cleared.')");
        await Row(third).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Contains("not yet", await Row(first).TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath("alarms-several.png"), FullPage = true });

        // A reload shows the list again without repeating anything.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]");
        Assert.Equal(0, await page.Locator(".mud-snackbar").CountAsync());
        Assert.Equal(2, await page.Locator("#alarm-grid tr.alarm-row").CountAsync());

        await page.GotoAsync(Host.BaseUrl + "/alarms/history?agv=DEMO-02");
        var history = page.Locator("#history-grid tr.history-row", new() { Has = page.Locator($"[data-alarm='{second}']") });
        await history.Filter(new() { HasText = "acknowledged by maintenance: pallet jammed, cleared by hand" }).WaitForAsync();
        await page.GotoAsync(Host.BaseUrl + "/alarms/history?agv=DEMO-03");
        history = page.Locator("#history-grid tr.history-row", new() { Has = page.Locator($"[data-alarm='{third}']") });
        await history.Filter(new() { HasText = "cleared by hand by maintenance: duplicate of the DEMO-02 jam" }).WaitForAsync();
        Assert.Empty(errors);
    }

    // Orders are queued in an interactive dialog now; a reload queueing nothing is in OrderFlowTests.
}
