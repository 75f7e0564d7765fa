using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WazzapDashboard.History;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>The Storage page, and the timeline's hourly message rows, in a real browser against the real app.</summary>
[Collection(BrowserCollection.Name)]
public class StoragePageBrowserTests(Browser browser)
{
    private static readonly (int Width, int Height)[] Screens = [(390, 844), (1366, 768), (960, 540), (1920, 1080), (3840, 2160)];

    private static async Task Seed(WazzapApplication app)
    {
        var now = app.Time.GetUtcNow();
        var at = new DateTimeOffset(2026, 5, 5, 14, 0, 0, TimeSpan.Zero); // ten days back: past History:RawPayloadDays
        (string Type, DateTimeOffset At)[] events =
        [
            ("device.connected", now.AddDays(-20)),
            ("message.sent", at.AddMinutes(5)), ("message.sent", at.AddMinutes(10)), ("message.sent", at.AddMinutes(20)),
            ("message.failed", at.AddMinutes(30)), ("message.sent", now.AddHours(-1)),
        ];
        foreach (var (type, when) in events) (await app.PostWazzapi(Fixtures.Wazzapi(type, timestamp: when.ToString("O")))).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<Pruner>().PruneNow();
    }

    /// <summary>
    /// Every screen size looked at (screenshots when WAZZAP_SCREENSHOTS is set), and axe finds nothing in
    /// <paramref name="part"/>: the layout around it (landmarks) and the number page's other cards are not this issue's.
    /// </summary>
    /// <param name="skipContrast">The status chips' colours are the shared StatusChip's, not this issue's.</param>
    private static async Task Check(WatchedPage watched, string name, string part, bool skipContrast = false)
    {
        foreach (var (width, height) in Screens)
        {
            await watched.Page.SetViewportSizeAsync(width, height);
            await watched.Screenshot($"{name}-{width}x{height}");
        }
        await watched.Page.SetViewportSizeAsync(1920, 1080);
        var options = skipContrast ? new AxeRunOptions { Rules = new Dictionary<string, RuleOptions> { ["color-contrast"] = new() { Enabled = false } } } : null;
        var axe = await watched.Page.Locator(part).RunAxe(options);
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    [Fact]
    public async Task AdminSeesWhatIsKeptAndBacksUpNow()
    {
        await using var app = new WazzapApplication(realServer: true);
        await Seed(app);

        var watched = await browser.Open(new Uri(app.ClientOptions.BaseAddress!, "admin/storage"));
        var page = watched.Page;

        await Assertions.Expect(page.Locator(".kinds")).ToContainTextAsync("Raw message events");
        await Assertions.Expect(page.Locator(".storage-page")).ToContainTextAsync("Write-ahead log");
        await Assertions.Expect(page.Locator(".free-pages")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".last-prune")).ToContainTextAsync("Removed 4 raw message rows");
        await Assertions.Expect(page.Locator(".last-backup")).ToContainTextAsync("No backup has been made yet.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-message]")).ToContainTextAsync("Backed up to wazzap-");
        await Assertions.Expect(page.Locator(".backups")).ToContainTextAsync("wazzap-20260515-120000-000.db");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Storage" })).ToBeVisibleAsync();
        await Check(watched, "storage-page", ".storage-page");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task OnPostgreSqlThePageSaysTheServerBacksTheDatabaseUp()
    {
        var id = TestStore.NewDatabase(DatabaseProvider.Postgres);
        try
        {
            await using var app = new WazzapApplication(id, realServer: true);
            await Seed(app);

            var watched = await browser.Open(new Uri(app.ClientOptions.BaseAddress!, "admin/storage"));
            var page = watched.Page;

            await Assertions.Expect(page.Locator(".last-prune")).ToContainTextAsync("Removed 4 raw message rows");
            await Assertions.Expect(page.Locator(".last-backup")).ToContainTextAsync("back it up with the server's own tools (pg_dump");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Back up now" })).ToBeDisabledAsync();
            // SQLite's write-ahead log and free pages mean nothing on a server.
            await Assertions.Expect(page.Locator(".database-size")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".storage-page")).Not.ToContainTextAsync("Write-ahead log");
            await Assertions.Expect(page.Locator(".free-pages")).ToHaveCountAsync(0);
            await Check(watched, "storage-page-postgres", ".storage-page");
            watched.AssertNoProblems();
        }
        finally
        {
            WazzapApplication.DeleteDatabase(id);
        }
    }

    [Fact]
    public async Task TheTimelineShowsAnHourOfMessagesFromItsCounters()
    {
        await using var app = new WazzapApplication(realServer: true);
        await Seed(app);

        var watched = await browser.Open(new Uri(app.ClientOptions.BaseAddress!, "numbers/+6281234567890"));

        await Assertions.Expect(watched.Page.Locator("td.activity")).ToHaveTextAsync("3 sent, 1 failed, 14:00–15:00");
        await Check(watched, "number-timeline-counters", ".timeline", skipContrast: true);
        watched.AssertNoProblems();
    }
}
