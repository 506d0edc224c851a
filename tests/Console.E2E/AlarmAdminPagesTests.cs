using AgvConsole.Fleet.Alarms;
using AgvConsole.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgvConsole.E2E;

/// <summary>
/// The alarm, history, audit, rules and users pages in a real browser under the console's policy, as an
/// Administrator, in English and Chinese at 1920×1080 and at a laptop's 1366×768: each becomes interactive,
/// shows its data with its heading in the reader's language, and the browser reports no error. The
/// screenshots are for a person to look at (Browser.ScreenshotPath: $AGV_SCREENSHOTS, else screenshots/ in the test output).
/// </summary>
public sealed class AlarmAdminPagesTests() : BrowserTest(() => ConsoleHost.StartAsync(simulatedAgvs: 4, traffic: false))
{
    private static readonly (int Width, int Height)[] Sizes = [(1920, 1080), (1366, 768)];

    /// <summary>Page, its heading in English and in Chinese, and what shows that its data is there.</summary>
    private static readonly (string Path, string Name, string English, string Chinese, string Data)[] Pages =
    [
        ("/alarms", "alarms", "Active alarms", "当前告警", "#alarm-grid tr.alarm-row"),
        ("/alarms/history", "history", "Alarm history", "告警历史", "#history-grid tr.history-row"),
        ("/audit", "audit", "Audit log", "审计日志", "#audit-grid tr.audit-row"),
        ("/alarms/rules", "rules", "Alarm rules", "告警规则", "tr.rule-row"),
        ("/admin/users", "users", "Users", "用户", "[data-user='admin']"),
    ];

    private async Task RaiseSomeAlarmsAsync()
    {
        var engine = Host.Services.GetRequiredService<AlarmEngine>();
        engine.OneShot("DEMO-01", AlarmSource.TaskFailed, 0x301, "task of DEMO-01 failed at node 1014");
        engine.OneShot("DEMO-02", AlarmSource.TaskFailed, 0x302, "pallet not detected at node 1020");
        engine.OneShot("DEMO-03", AlarmSource.CommandFailed, 0x101, "resume refused: not possible in the current state");
        var actions = Host.Services.GetRequiredService<IAlarmActions>();
        // Raised by the engine's loop and stored (with an id) before they can be acted on.
        Alarm? Stored(string serial, AlarmSource source) => engine.Active.FirstOrDefault(a => a.Serial == serial && a.Source == source && a.Id != 0);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((Stored("DEMO-02", AlarmSource.TaskFailed) is null || Stored("DEMO-03", AlarmSource.CommandFailed) is null) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.True((await actions.AcknowledgeAsync(Stored("DEMO-02", AlarmSource.TaskFailed)!.Id, "maintenance", "pallet jammed, checked")).Changed);
        Assert.True((await actions.ClearAsync(Stored("DEMO-03", AlarmSource.CommandFailed)!.Id, "maintenance", "operator error")).Changed);
    }

    [Fact]
    public async Task The_pages_render_in_english_and_chinese_at_desktop_and_laptop_size_without_browser_errors()
    {
        await RaiseSomeAlarmsAsync();
        foreach (var (locale, lang) in new[] { ("en-GB", "en"), ("zh-CN", "zh") })
            foreach (var (width, height) in Sizes)
            {
                var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = locale });
                var problems = new List<string>();
                page.PageError += (_, e) => { lock (problems) problems.Add("page error: " + e); };
                page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add("console: " + m.Text); };
                await Browser.SignInAsync(page, Host.BaseUrl, "/alarms", "admin", "Administrator1!");
                foreach (var (path, name, english, chinese, data) in Pages)
                {
                    if (page.Url != Host.BaseUrl + path) await page.GotoAsync(Host.BaseUrl + path);
                    await page.WaitForSelectorAsync(".console-page-header[data-ready=true]", new() { Timeout = 15000 });
                    await page.WaitForSelectorAsync(data, new() { Timeout = 15000 });
                    Assert.Equal(lang == "zh" ? chinese : english, (await page.TextContentAsync("h1"))!.Trim());
                    await page.ScreenshotAsync(new() { Path = Browser.ScreenshotPath($"{name}-{lang}-{width}.png"), FullPage = true });
                }
                lock (problems) Assert.True(problems.Count == 0, $"{lang} {width}×{height}: " + string.Join(" | ", problems));
                await page.CloseAsync();
            }
    }

    [Fact]
    public async Task The_alarm_page_is_usable_with_the_keyboard()
    {
        await RaiseSomeAlarmsAsync();
        var page = await NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        await Browser.SignInAsync(page, Host.BaseUrl, "/alarms", "maintenance", "Maintenance1!");
        await page.WaitForSelectorAsync(".console-page-header[data-ready=true]");
        await page.WaitForSelectorAsync("#alarm-grid tr.alarm-row button.alarm-acknowledge");
        // Tab until an acknowledge button has the focus; it shows a visible outline, Enter opens its dialog.
        string? label = null;
        for (int i = 0; i < 80 && label is null; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            label = await page.EvaluateAsync<string?>("() => document.activeElement?.classList.contains('alarm-acknowledge') ? document.activeElement.getAttribute('aria-label') : null");
        }
        Assert.NotNull(label);
        Assert.StartsWith("Acknowledge", label);
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#alarm-action-dialog textarea");
        // The dialog takes the focus; the comment box is at most a few tabs away inside it.
        bool inComment = false;
        for (int i = 0; i < 6 && !inComment; i++)
        {
            inComment = await page.EvaluateAsync<bool>("() => document.activeElement?.matches('#alarm-action-dialog textarea') === true");
            if (!inComment) await page.Keyboard.PressAsync("Tab");
        }
        Assert.True(inComment, "the comment box of the dialog cannot be reached with Tab");
        await page.Keyboard.TypeAsync("checked from the keyboard");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("#alarm-action-dialog", new() { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await page.Locator("#alarm-grid tr.alarm-row", new() { HasText = "checked from the keyboard" }).CountAsync()); // Escape cancels
    }
}
