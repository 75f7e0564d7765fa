using Microsoft.Playwright;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Components;

/// <summary>The real app on Kestrel, driven by chromium.</summary>
[Collection(BrowserCollection.Name)]
public class BrowserTests(Browser browser)
{
    [Fact]
    public async Task FleetRowChangesLiveWhenAWebhookLands()
    {
        await using var app = new WazzapApplication(realServer: true);
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-15T10:00:00Z"));
        var fleet = await browser.Open(app.ClientOptions.BaseAddress);
        var row = fleet.Page.Locator("tbody tr", new PageLocatorOptions { HasText = "+62 812-3456-7890" });
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "Connected");

        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-15T11:00:00Z", reason: "Linked device session expired: phone offline"));

        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "Disconnected");
        await Expect(row).ToContainTextAsync("Phone offline too long");
        await Expect(fleet.Page.Locator("[data-counter=disconnected] .counter-value")).ToHaveTextAsync("1");
        await Expect(fleet.Page.Locator(".live-indicator .live-on")).ToBeVisibleAsync();
        await fleet.Screenshot("fleet");
        fleet.AssertNoProblems();
    }

    [Fact]
    public async Task WallShowsANewDropWithoutReload()
    {
        await using var app = new WazzapApplication(realServer: true);
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-15T10:00:00Z"));
        var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"));
        await Expect(wall.Page.Locator(".wall-allclear")).ToBeVisibleAsync();

        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-15T11:00:00Z", reason: "Account banned for spam"));

        var tile = wall.Page.Locator(".wall-tile[data-phone='+6281234567890']");
        await Expect(tile).ToContainTextAsync("Banned");
        await Expect(wall.Page.Locator(".wall-banned .n")).ToHaveTextAsync("1");
        await wall.Screenshot("wall");
        wall.AssertNoProblems();
    }
}
