using Microsoft.Playwright;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>The number page in a real browser against the real app on Kestrel.</summary>
[Collection(BrowserCollection.Name)]
public class NumberPageBrowserTests(Browser browser)
{
    /// <summary>A month of a flaky number: outages of several kinds, message traffic, and an outage still open.</summary>
    private static async Task SeedHistory(WazzapApplication app)
    {
        var now = app.Time.GetUtcNow();
        var events = new List<(string Type, DateTimeOffset At, string? Reason)> { ("device.connected", now.AddDays(-40), null) };
        (int DaysAgo, double Hours, string Reason)[] outages =
        [
            (33, 6, "Linked device session expired: phone offline"),
            (21, 1.5, "Session replaced: WhatsApp Web opened on another device"),
            (12, 9, "User logged out from all devices"),
            (5, 0.5, "WhatsApp update: session dropped during maintenance"),
        ];
        foreach (var (daysAgo, hours, reason) in outages)
        {
            var down = now.AddDays(-daysAgo);
            events.Add(("device.disconnected", down, reason));
            events.Add(("device.connected", down.AddHours(hours), null));
        }
        for (var hour = 1; hour <= 60; hour++) events.Add(("message.sent", now.AddHours(-hour * 11 - 7), null));
        events.Add(("device.disconnected", now.AddHours(-5).AddMinutes(-12), "Linked device session expired: phone offline"));
        events.Add(("message.failed", now.AddHours(-4), null));

        foreach (var (type, at, reason) in events)
        {
            var response = await app.PostWazzapi(Fixtures.Wazzapi(type, timestamp: at.ToString("O"), reason: reason,
                failureReason: type == "message.failed" ? "WhatsApp account is disconnected" : null));
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task SupportSeesWhatHappenedAndTakesTheOutage()
    {
        await using var app = new WazzapApplication(realServer: true);
        await SeedHistory(app);

        var watched = await browser.Open(new Uri(app.ClientOptions.BaseAddress!, "numbers/+6281234567890"));
        var page = watched.Page;

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("+62 812-3456-7890");
        await Assertions.Expect(page.Locator(".status-chip").First).ToContainTextAsync("Disconnected");
        await Assertions.Expect(page.Locator(".playbook")).ToHaveAttributeAsync("data-playbook", "phone_offline");
        await Assertions.Expect(page.Locator("[data-figure='Disconnections']")).ToHaveTextAsync("1"); // the open outage began 5 h ago
        await page.GetByRole(AriaRole.Button, new() { Name = "I'm on it" }).ClickAsync();
        await Assertions.Expect(page.Locator(".acknowledged")).ToContainTextAsync($"{WazzapApplication.AdminUser} is on it");

        await page.Locator("button.toggle-payload").First.ClickAsync();
        await Assertions.Expect(page.Locator("pre.payload")).ToContainTextAsync("\"event_type\": \"message.failed\"");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".download-csv").ClickAsync());
        Assert.Equal("+6281234567890-events.csv", download.SuggestedFilename);

        await page.Locator("pre.payload").Page.Locator("button.toggle-payload").First.ClickAsync();
        await page.Locator(".windows .mud-toggle-item", new() { HasText = "30 days" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-figure='Disconnections']")).ToHaveTextAsync("4"); // three earlier outages + the open one
        await page.Mouse.MoveAsync(0, 0);
        await watched.Screenshot("number-page");
        watched.AssertNoProblems();
    }
}
