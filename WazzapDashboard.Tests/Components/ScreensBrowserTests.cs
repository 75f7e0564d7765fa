using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Components;

/// <summary>
/// The grid and the number page on the screens agencies use (a phone to a 4K TV), by keyboard alone,
/// and against axe-core's WCAG 2.2 AA rules.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ScreensBrowserTests(Browser browser)
{
    private const string Down = "+6281100000003";

    public static readonly TheoryData<int, int> Viewports = new()
    {
        { 390, 844 }, { 960, 540 }, { 1366, 768 }, { 1920, 1080 }, { 3840, 2160 },
    };

    /// <summary>A small fleet with every state, long names, clients, an owner on it and a campaign down.</summary>
    internal static void SeedFleet(WazzapApplication app)
    {
        var numbers = new List<NumberState>
        {
            TestFleet.Down(Down, NumberStatus.Disconnected, ReasonCategory.SlotReused, name: "Kopi Kita Customer Support Jakarta Selatan")
                with { Client = "Kopi Kita Franchise Group", RunsCampaign = true, Label = "Support line 1" },
            TestFleet.Down("+6281100000004", NumberStatus.Banned, ReasonCategory.Banned, hoursAgo: 30, name: "Kopi Leads") with { Client = "Kopi Kita Franchise Group" },
            TestFleet.Connected("+6281100000002", daysSinceSeen: 10, name: "Sunrise Promo") with { Client = "Sunrise" },
            TestFleet.Connected("+6281100000006", daysSinceSeen: 20, name: "Sunrise Old Phone") with { Client = "Sunrise" },
            TestFleet.Unknown("+6281100000005"),
        };
        for (var i = 10; i < 40; i++)
        {
            numbers.Add(TestFleet.Connected($"+62811000000{i}", daysSinceSeen: i % 6, name: $"Sales agent {i}") with { Client = i % 3 == 0 ? "Acme" : "Sunrise", Owner = "Budi" });
        }
        TestFleet.Seed(TestStore.Database(app.DatabaseId), numbers);
    }

    internal static async Task<WazzapApplication> StartWithFleet()
    {
        var app = new WazzapApplication(realServer: true);
        await app.RiskPassDone();
        SeedFleet(app);
        return app;
    }

    /// <summary>Empty when nothing scrolls sideways; otherwise what sticks out, to say why.</summary>
    internal static Task<string> WiderThanTheScreen(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const d = document.documentElement;
            // The grid's own scroll box may not scroll sideways either.
            const boxes = [d, ...document.querySelectorAll('.mud-table-container')].filter(b => b === d || b.offsetParent !== null);
            if (boxes.every(b => b.scrollWidth <= b.clientWidth)) return '';
            const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1);
            return `scrollWidth ${d.scrollWidth} > ${d.clientWidth}: ` + wide.slice(-5).map(e => e.tagName + '.' + e.className).join(', ');
        }
        """);

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task TheGridAndTheNumberPageFitTheScreen(int width, int height)
    {
        await using var app = await StartWithFleet();
        var watched = await browser.Open(app.ClientOptions.BaseAddress);
        var page = watched.Page;
        await page.SetViewportSizeAsync(width, height);

        if (width < 700)
        {
            // A phone: cards, worst first, a client picker above them, the menu behind a button.
            await Expect(page.Locator(".number-card").First).ToHaveAttributeAsync("data-card", Down);
            await Expect(page.Locator(".fleet-grid")).ToBeHiddenAsync();
            await Expect(page.GetByLabel("Client", new() { Exact = true })).ToBeVisibleAsync();
            var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
            await toggle.ClickAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true"); // the circuit has the click
            var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" });
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Alerts" })).ToBeInViewportAsync(new() { Ratio = 1 });
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeInViewportAsync(new() { Ratio = 1 });
            await watched.Screenshot($"fleet-menu-{width}x{height}");
            await page.Locator(".mud-overlay").ClickAsync(new() { Position = new() { X = width - 10, Y = height / 2 } });
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Alerts" })).Not.ToBeInViewportAsync();
        }
        else
        {
            await Expect(page.Locator(".fleet-grid tbody tr.mud-table-row").First).ToContainTextAsync("+62 811-0000-0003");
            await Expect(page.Locator(".number-cards")).ToBeHiddenAsync();
        }
        await watched.Screenshot($"fleet-{width}x{height}");
        Assert.Equal("", await WiderThanTheScreen(page));

        await page.GotoAsync(new Uri(app.ClientOptions.BaseAddress, $"/numbers/{Uri.EscapeDataString(Down)}").ToString());
        await page.Locator("[data-interactive=true]").First.WaitForAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("+62 811-0000-0003");
        await watched.Screenshot($"number-{width}x{height}");
        Assert.Equal("", await WiderThanTheScreen(page));
        watched.AssertNoProblems();
    }

    /// <summary>
    /// The fleet page at <paramref name="width"/>×<paramref name="height"/>, settled for keys: once live, Blazor moves
    /// the focus to the page's heading, and a key pressed before then lands wherever the focus was; the
    /// virtualised grid slides its window a row at a time while it measures, re-rendering a focused row away.
    /// </summary>
    private async Task<IPage> OpenForKeys(WazzapApplication app, int width, int height)
    {
        var page = (await browser.Open(app.ClientOptions.BaseAddress)).Page;
        await page.SetViewportSizeAsync(width, height);
        await Expect(page.Locator("h1")).ToBeFocusedAsync();
        await Expect(page.Locator(".fleet-grid a.number-link").First).ToHaveTextAsync("+62 811-0000-0003");
        return page;
    }

    [Fact]
    public async Task ANumberOpensFromTheGridByKeyboardAlone()
    {
        await using var app = await StartWithFleet();
        var page = await OpenForKeys(app, 1366, 768);

        // Tab through the clients, the counters and the search until a number is focused. Which one is read
        // just before Enter: while the virtualised grid still measures, the focused link can change rows.
        const string focusedNumber = "() => document.activeElement?.matches('.fleet-grid a.number-link') ? document.activeElement.textContent.trim() : null";
        string? number = null;
        for (var i = 0; i < 200 && (number = await page.EvaluateAsync<string?>(focusedNumber)) is null; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.NotNull(number);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(u => u.Contains("/numbers/", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToHaveTextAsync(number);
    }

    [Fact]
    public async Task ACounterAndAClientFilterByKeyboardAndTheAddressKeepsThem()
    {
        await using var app = await StartWithFleet();
        var page = await OpenForKeys(app, 1920, 1080);

        await page.Locator("[data-counter=expired]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.EndsWith("/?status=expired", StringComparison.Ordinal));
        await Expect(page.Locator(".fleet-grid tbody tr.mud-table-row")).ToHaveCountAsync(1);

        await page.Locator("[data-client='Acme']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("client=Acme", StringComparison.Ordinal));
        await Expect(page.Locator("[data-no-match]")).ToContainTextAsync("No numbers match");

        // Back undoes the client, and the tab title counts what is down.
        await page.GoBackAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/?status=expired", StringComparison.Ordinal));
        await Expect(page.Locator(".fleet-grid tbody tr.mud-table-row")).ToHaveCountAsync(1);
        await Expect(page).ToHaveTitleAsync("(2 down) WazzapDashboard");
    }

    /// <summary>
    /// Each page with what shows it has settled. A virtualised list has once its first number shows: until
    /// then it slides its window a row at a time while it measures, with a scroll box and nothing in it yet.
    /// </summary>
    public static readonly TheoryData<string, string> Pages = new()
    {
        { "/login", "h1" },
        { "/", NumberLink(Down) },
        { $"/numbers/{Uri.EscapeDataString(Down)}", "h1" },
        { "/roster", NumberLink("+6281100000012") },
        { "/admin/access", "h1" },
        { "/admin/alerts", "h1" },
    };

    private static string NumberLink(string phone) => $"a[href='/numbers/{Uri.EscapeDataString(phone)}'] >> visible=true";

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task NoSeriousAccessibilityProblems(string path, string settled)
    {
        await using var app = await StartWithFleet();
        var url = new Uri(app.ClientOptions.BaseAddress, path);
        var watched = path == "/login" ? await browser.OpenSignedOut(url) : await browser.Open(url);
        var page = watched.Page;

        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Expect(page.Locator(settled).First).ToBeVisibleAsync();
            // Colours are judged at rest: a row that just changed flashes, and a chip fades in with its card.
            await page.WaitForFunctionAsync(
                "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)");
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
            });
            await watched.Screenshot($"axe{path.Replace('/', '-')}-{width}x{height}");
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{path} at {width}x{height}:\n" + string.Join("\n", serious.Select(Describe)));
        }
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal(1, await page.Locator("main").CountAsync());
    }

    private static string Describe(AxeResultItem v) =>
        $"{v.Id} ({v.Impact}): {v.Help} — " + string.Join(" | ", v.Nodes.Take(5).Select(n => n.Html));
}
