using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using WazzapDashboard.Fleet;
using WazzapDashboard.Reconciliation;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Fleet;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Components;

/// <summary>
/// The silent-gateway banner, a silent number and the reconciliation page in chromium, at phone, laptop,
/// small, full-HD and 4K sizes, checked with axe-core (screenshots when WAZZAP_SCREENSHOTS names a folder).
/// </summary>
[Collection(BrowserCollection.Name)]
public class TruthBrowserTests(Browser browser)
{
    private static readonly (int Width, int Height)[] Sizes = [(390, 844), (1366, 768), (960, 540), (1920, 1080), (3840, 2160)];
    private const string Silent = "+6281100000001";

    private static WazzapApplication App(string path, FakeDeviceApi api) => new(path, realServer: true, time: api.Time,
        settings: new Dictionary<string, string?> { ["Wazzapi:ApiKey"] = FakeDeviceApi.ApiKey, ["Wazzapi:ApiBaseUrl"] = "https://wazzapi.test" },
        services: s => s.AddHttpClient<WazzapiDevices>().ConfigurePrimaryHttpMessageHandler(() => api));

    /// <summary>A fleet with a silent number, a gateway quiet since 11:05, and a device API that disagrees about one number.</summary>
    private static (string Path, FakeDeviceApi Api) Fleet()
    {
        var path = TestStore.NewDatabase();
        var database = TestStore.Database(path);
        database.Migrate();
        using (var connection = database.Open())
        {
            FleetWriter.Save(connection, null, TestFleet.Connected(Silent, name: "Sunrise Sales") with { SilentSince = TestFleet.Now.AddHours(-9) });
            FleetWriter.Save(connection, null, TestFleet.Connected("+6281100000002", name: "Sunrise Promo"));
            FleetWriter.Save(connection, null, TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.SlotReused, name: "Kopi Support"));
        }
        GatewayDeliveries.Delivered(database, Sources.Wazzapi, GatewayDeliveries.AllDay.Select(t => t.AddMinutes(-55)));
        // The silent number sent every hour for three days, until nine hours ago: the silence pass at start-up keeps its flag.
        using (var connection = database.Open())
        {
            foreach (var hours in Enumerable.Range(9, 72)) TestFleet.Message(connection, Silent, TestFleet.Now.AddHours(-hours), source: Sources.Wazzap);
        }
        var api = new FakeDeviceApi(new FakeTimeProvider(TestFleet.Now));
        api.Devices.Add(FakeDeviceApi.Device("d2", "6281100000002", "logged_out", name: "Sunrise Promo"));
        api.Devices.Add(FakeDeviceApi.Device("d4", "6281100000004", "connected", name: "New desk"));
        api.Devices.Add(FakeDeviceApi.Device("d5", "6281100000005", "hibernating", name: "Odd one"));
        return (path, api);
    }

    private static async Task Check(WatchedPage page, string name, params string[] scopes)
    {
        foreach (var (width, height) in Sizes)
        {
            await page.Page.SetViewportSizeAsync(width, height);
            await page.Screenshot($"{name}-{width}x{height}");
        }
        await page.Page.SetViewportSizeAsync(1920, 1080);
        foreach (var scope in scopes)
        {
            var result = await page.Page.Locator(scope).First.RunAxe();
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{scope}: {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})").ToList();
            Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
        }
        page.AssertNoProblems();
    }

    [Fact]
    public async Task TheGridShowsTheGatewayBannerAndTheSilentNumber()
    {
        var (path, api) = Fleet();
        try
        {
            await using var app = App(path, api);
            var grid = await browser.Open(app.ClientOptions.BaseAddress);

            await Expect(grid.Page.Locator("[data-gateway-silent=wazzapi]")).ToContainTextAsync("No webhooks from Wazzapi since 11:05");
            await Expect(grid.Page.Locator($"[data-silent='{Silent}']")).ToContainTextAsync("silent since");
            // This issue's parts of the grid; its status chips' contrast belongs to the grid's own rework.
            await Check(grid, "grid", ".gateway-banner", "[data-silent]");
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task TheWallShowsTheGatewayBannerAndTheSilentNumbersTile()
    {
        var (path, api) = Fleet();
        try
        {
            await using var app = App(path, api);
            var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"));

            await Expect(wall.Page.Locator("[data-gateway-silent=wazzapi]")).ToContainTextAsync("No webhooks from Wazzapi since 11:05");
            await Expect(wall.Page.Locator($".wall-tile[data-phone='{Silent}']")).ToContainTextAsync("Silent");
            await Check(wall, "wall", "body");
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task TheReconciliationPageShowsWhatTheLastPollFound()
    {
        var (path, api) = Fleet();
        try
        {
            await using var app = App(path, api);
            var status = app.Services.GetRequiredService<ReconciliationStatus>();
            await Alerts.Alerting.Eventually(() => Assert.Equal(1, status.Completed));
            var page = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/admin/reconciliation"));

            await Expect(page.Page.Locator("[data-reconciliation=ok]")).ToContainTextAsync("3 devices read, 2 differences found");
            await Expect(page.Page.Locator("[data-difference='+6281100000004']")).ToContainTextAsync("not on the roster");
            await Expect(page.Page.Locator("[data-unrecognised]")).ToContainTextAsync("hibernating");
            await Expect(page.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reconciliation" })).ToBeVisibleAsync();
            await Check(page, "reconciliation", ".mud-main-content");
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }
}
