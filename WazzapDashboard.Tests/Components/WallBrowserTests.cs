using System.Text.RegularExpressions;
using Dapper;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Components;

/// <summary>The wall in chromium on the screens it really runs on, with the demo fleet and a big one.</summary>
[Collection(BrowserCollection.Name)]
public partial class WallBrowserTests(Browser browser)
{
    public static readonly (int Width, int Height)[] Screens = [(390, 844), (960, 540), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)];

    [Fact]
    public async Task TheDemoFleetFitsEveryScreen()
    {
        var path = TestStore.NewDatabase();
        try
        {
            await using var app = new WazzapApplication(path, realServer: true, settings: new Dictionary<string, string?>
            {
                ["Demo:Enabled"] = "true",
                ["Demo:ConnectionString"] = $"Data Source={path}",
            });
            await DemoSeeded(app);
            var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"));
            await Expect(wall.Page.Locator(".wall-tile[data-phone]").First).ToBeVisibleAsync();

            foreach (var screen in Screens) await FitsTheScreen(wall, $"wall-demo-{screen.Width}x{screen.Height}", screen);
            await NoSeriousAccessibilityProblems(wall);
            wall.AssertNoProblems();

            // A wall link's client is picked from the known ones, so it cannot be mistyped.
            var access = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/admin/access"));
            await access.Page.GetByRole(AriaRole.Tab, new() { Name = "Wall links" }).ClickAsync();
            await access.Page.GetByLabel("Name (where the screen is)").FillAsync("Ops TV");
            await access.Page.Locator("[data-wall-client]").ClickAsync();
            var options = access.Page.Locator(".mud-popover-open .mud-list-item");
            await Expect(options).ToHaveTextAsync(["All clients", "Atlas Fitness", "Bella Moda", "Kopi Kita", "Northwind Realty", "Sunrise Dental", "Verde Travel"]);
            await options.Filter(new() { HasText = "Kopi Kita" }).ClickAsync();
            // As a person would, create once the picker shows the choice: the two clicks are handled in turn,
            // but the picker's own handler is still busy closing its list when the second one lands.
            await Expect(access.Page.Locator("[data-wall-client]")).ToHaveTextAsync("Kopi Kita");
            await access.Page.GetByRole(AriaRole.Button, new() { Name = "Create wall link" }).ClickAsync();
            await Expect(access.Page.Locator("tr", new() { HasText = "Ops TV" })).ToContainTextAsync("Kopi Kita only");
            access.AssertNoProblems();
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task FiveThousandNumbersWithAThousandDownFitEveryScreen()
    {
        var path = TestStore.NewDatabase();
        try
        {
            SeedBigFleet(path);
            await using var app = new WazzapApplication(path, realServer: true);

            // The whole fleet: too much trouble for a tile each, so one tile per client.
            var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"));
            await Expect(wall.Page.Locator(".wall-board")).ToHaveAttributeAsync("data-mode", "Clients");
            await Expect(wall.Page.Locator(".wall-more")).ToContainTextAsync(new Regex(@"page 1 of 2, turns every 15 s · 11 more clients not on screen"));
            await Expect(wall.Page.Locator("[data-counter=Disconnected] .n")).ToHaveTextAsync("900");
            foreach (var screen in Screens) await FitsTheScreen(wall, $"wall-5000-{screen.Width}x{screen.Height}", screen);
            await NoSeriousAccessibilityProblems(wall);
            wall.AssertNoProblems();

            // One client's share: its numbers, page by page.
            var client = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall?client=Client%2000"));
            await Expect(client.Page.Locator(".wall-board")).ToHaveAttributeAsync("data-mode", "Numbers");
            await Expect(client.Page.Locator(".wall-more")).ToContainTextAsync(new Regex(@"page 1 of \d+, turns every 15 s · \d+ not on screen"));
            foreach (var screen in Screens) await FitsTheScreen(client, $"wall-5000-client-{screen.Width}x{screen.Height}", screen);
            client.AssertNoProblems();
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task AStoppedServerGreysTheWallOutInLargeTextAndARestartedOneBringsItBackWithNoClick()
    {
        var path = TestStore.NewDatabase();
        var port = WazzapApplication.FreePort();
        try
        {
            var first = new WazzapApplication(path, realServer: true, port: port);
            var wall = await browser.Open(new Uri(first.ClientOptions.BaseAddress, "/wall"));
            await wall.Page.SetViewportSizeAsync(1366, 768);
            var clock = await wall.Page.Locator(".wall-clock").TextContentAsync();
            // The wall's liveness check is running and knows its time.
            await Expect(wall.Page.Locator("html")).ToHaveAttributeAsync("data-live-at", clock!);
            await first.DisposeAsync();

            var notice = wall.Page.Locator("#components-reconnect-modal");
            await Expect(notice).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Expect(notice.Locator(".not-live-title")).ToHaveTextAsync($"NOT LIVE since {clock}");
            await Expect(notice).ToContainTextAsync("reconnecting");
            // Read from 4 m: the title is a tenth of the screen's height, the state line over 5 %.
            Assert.True(await FontSize(notice.Locator(".not-live-title")) >= 0.09 * 768);
            Assert.True(await FontSize(notice.Locator(".not-live-state")) >= 0.05 * 768);
            Assert.Contains("grayscale(1)", await wall.Page.Locator(".wall").EvaluateAsync<string>("e => getComputedStyle(e).filter"));
            // Dark on amber, whatever the page's theme says (MudBlazor paints this dialog with !important).
            Assert.Equal("rgb(255, 213, 79)", await notice.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            Assert.Equal("rgb(17, 17, 17)", await notice.EvaluateAsync<string>("e => getComputedStyle(e).color"));
            Assert.Contains("line-through", await wall.Page.Locator(".wall-clock").EvaluateAsync<string>("e => getComputedStyle(e).textDecorationLine"));
            await Expect(wall.Page.Locator(".live-indicator .live-off")).ToBeVisibleAsync();
            await wall.Screenshot("wall-not-live-1366x768");

            await using var second = new WazzapApplication(path, realServer: true, port: port);
            await second.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-15T11:00:00Z", reason: "SIM swap detected"));
            // Only a live page (reconnected or reloaded by itself) can show what the new server received.
            await Expect(wall.Page.Locator(".wall-tile[data-phone='+6281234567890']")).ToContainTextAsync("SIM or phone changed", new() { Timeout = 60_000 });
            await Expect(notice).ToBeHiddenAsync();
            await Expect(wall.Page.Locator(".live-indicator .live-on")).ToBeVisibleAsync();
            Assert.Equal("none", await wall.Page.Locator(".wall").EvaluateAsync<string>("e => getComputedStyle(e).filter"));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task AConnectionThatStallsWithoutClosingGreysTheWallOutUntilAnswersComeBack()
    {
        await using var app = new WazzapApplication(realServer: true);
        var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"));
        // A network that keeps the socket open but delivers nothing: hold the server's messages back.
        var held = new List<IWebSocketFrame>();
        IWebSocketRoute? toPage = null;
        var stalled = false;
        var gate = new Lock();
        await wall.Page.RouteWebSocketAsync(new Regex("/_blazor"), page =>
        {
            var server = page.ConnectToServer();
            toPage = page;
            page.OnMessage(frame => Forward(frame, server));
            server.OnMessage(frame =>
            {
                lock (gate)
                {
                    if (stalled) held.Add(frame);
                    else Forward(frame, page);
                }
            });
        });
        await wall.Page.ReloadAsync();
        await wall.Page.Locator("[data-interactive=true]").First.WaitForAsync();
        await Expect(wall.Page.Locator("html")).ToHaveAttributeAsync("data-live-at", "12:00");
        await wall.Page.EvaluateAsync("() => window.sameDocument = true");

        lock (gate) stalled = true;

        // Blazor itself would notice only after its 30 s server timeout; the wall's own check is faster.
        var notice = wall.Page.Locator("#components-reconnect-modal.watchdog");
        await Expect(notice).ToBeVisibleAsync(new() { Timeout = 28_000 });
        await Expect(notice.Locator(".not-live-title")).ToHaveTextAsync("NOT LIVE since 12:00");
        await Expect(notice).ToContainTextAsync("reconnecting");
        Assert.Contains("grayscale(1)", await wall.Page.Locator(".wall").EvaluateAsync<string>("e => getComputedStyle(e).filter"));

        lock (gate)
        {
            stalled = false;
            foreach (var frame in held) Forward(frame, toPage!);
        }

        await Expect(wall.Page.Locator("#components-reconnect-modal")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        Assert.True(await wall.Page.EvaluateAsync<bool>("() => window.sameDocument === true"), "The wall recovered in place, with no reload.");
    }

    private static void Forward(IWebSocketFrame frame, IWebSocketRoute to)
    {
        if (frame.Binary is { } binary) to.Send(binary);
        else to.Send(frame.Text!);
    }

    [Fact]
    public async Task EveryOtherPageSaysItIsNotLiveInReadableText()
    {
        var app = new WazzapApplication(realServer: true);
        var fleet = await browser.Open(app.ClientOptions.BaseAddress);
        await fleet.Page.SetViewportSizeAsync(1366, 768);
        await app.DisposeAsync();

        var notice = fleet.Page.Locator("#components-reconnect-modal");
        await Expect(notice).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(notice.Locator(".not-live-title")).ToHaveTextAsync(new Regex(@"^NOT LIVE since \d\d:\d\d$"));
        // Dark on white (the stock dialog was black on near-black under MudBlazor).
        Assert.Equal("rgb(255, 255, 255)", await notice.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("rgb(27, 31, 36)", await notice.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await fleet.Screenshot("fleet-not-live-1366x768");
    }

    [Fact]
    public async Task AnUnknownClientIsNeutralNotAGreenTick()
    {
        await using var app = new WazzapApplication(realServer: true);
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-15T10:00:00Z"));

        var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall?client=Nope"));

        await Expect(wall.Page.Locator(".wall-nomatch")).ToContainTextAsync("No numbers match");
        await Expect(wall.Page.Locator(".wall-allclear")).ToHaveCountAsync(0);
        await NoSeriousAccessibilityProblems(wall);
        await wall.Screenshot("wall-no-match");
        wall.AssertNoProblems();
    }

    internal static async Task FitsTheScreen(WatchedPage wall, string name, (int Width, int Height) screen)
    {
        await wall.Page.SetViewportSizeAsync(screen.Width, screen.Height);
        var report = await wall.Page.EvaluateAsync<string[]>("""
            () => {
                const problems = [];
                const fits = (e, what) => {
                    if (e.scrollWidth > e.clientWidth) problems.push(`${what} is ${e.scrollWidth}px wide in ${e.clientWidth}px`);
                    if (e.scrollHeight > e.clientHeight) problems.push(`${what} is ${e.scrollHeight}px high in ${e.clientHeight}px`);
                };
                fits(document.documentElement, "the page");
                fits(document.querySelector(".wall"), "the wall");
                document.querySelectorAll(".wall-tile").forEach((t, i) => fits(t, `tile ${i + 1}`));
                document.querySelectorAll(".tile-phone").forEach(p => {
                    if (p.scrollWidth > p.clientWidth) problems.push(`${p.textContent} is cut off (${p.scrollWidth}px in ${p.clientWidth}px)`);
                });
                return problems;
            }
            """);
        await wall.Screenshot(name);
        Assert.True(report.Length == 0, $"{screen.Width}x{screen.Height}: {string.Join("; ", report)}");
    }

    private static async Task NoSeriousAccessibilityProblems(WatchedPage page)
    {
        var results = await page.Page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Select(n => n.Html))}");
        Assert.Empty(serious);
    }

    private static Task<double> FontSize(ILocator element) =>
        element.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");

    /// <summary>The demo simulator has posted its month of history and set every number's client.</summary>
    private static Task DemoSeeded(WazzapApplication app)
    {
        _ = app.Services;
        return Poll.Until(() => Clients(app.DatabaseId) >= 60, "the demo fleet to be seeded", within: 2 * Poll.Deadline);
    }

    private static long Clients(string path)
    {
        using var connection = TestStore.Open(path);
        return connection.ExecuteScalar<long>("SELECT count(*) FROM numbers WHERE client IS NOT NULL");
    }

    /// <summary>
    /// 5,000 numbers over 23 clients: every fifth down (one in ten of those banned), some at risk or
    /// expired; numbers in the long formats of six countries.
    /// </summary>
    private static void SeedBigFleet(string path)
    {
        var database = TestStore.Database(path);
        database.Migrate();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        string[] prefixes = ["+62812", "+5255", "+55119", "+9198", "+3461", "+447911"];
        int[] lengths = [13, 13, 14, 13, 12, 13];
        for (var i = 0; i < 5_000; i++)
        {
            var country = i % prefixes.Length;
            var digits = lengths[country] - prefixes[country].Length;
            var raw = prefixes[country] + (i * 7919L % (long)Math.Pow(10, digits)).ToString().PadLeft(digits, '0');
            var phone = Phones.Normalise(raw)?.E164 ?? raw;
            var state = (i % 5, i % 7, i % 11) switch
            {
                (0, _, _) when i % 50 == 0 => TestFleet.Down(phone, NumberStatus.Banned, ReasonCategory.Banned, hoursAgo: 1 + i % 90),
                (0, _, _) => TestFleet.Down(phone, NumberStatus.Disconnected, WazzapDashboard.Demo.DemoFleet.Drops[i % WazzapDashboard.Demo.DemoFleet.Drops.Length], hoursAgo: 1 + i % 90),
                (_, 1, _) => TestFleet.Connected(phone, daysSinceSeen: 9),
                (_, _, 2) => TestFleet.Connected(phone, daysSinceSeen: 15),
                _ => TestFleet.Connected(phone),
            };
            FleetWriter.Save(connection, transaction, state);
            connection.Execute("UPDATE numbers SET client = @client, runs_campaign = @campaign WHERE phone = @phone",
                new { client = $"Client {i % 23:D2}", campaign = i % 4 == 0, phone }, transaction);
        }
        transaction.Commit();
    }
}
