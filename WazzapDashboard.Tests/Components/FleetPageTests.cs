using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

public class FleetPageTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly TestFleet _fleet = new();

    public FleetPageTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        _fleet.AddTo(_context.Services);
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _fleet.Seed(
            TestFleet.Connected("+6281100000001", name: "Sunrise Sales"),
            TestFleet.Connected("+6281100000002", daysSinceSeen: 10, name: "Sunrise Promo"),
            TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.SlotReused, name: "Kopi Support"),
            TestFleet.Down("+6281100000004", NumberStatus.Banned, ReasonCategory.Banned, name: "Kopi Leads"),
            TestFleet.Unknown("+6281100000005"));
    }

    private IRenderedComponent<FleetPage> Render() => _context.Render<FleetPage>();

    private static string[] Statuses(IRenderedComponent<FleetPage> page) =>
        page.FindAll(".fleet-grid .status-chip").Select(chip => chip.GetAttribute("data-status")!).ToArray();

    [Fact]
    public void RendersEveryNumberWorstFirst()
    {
        var page = Render();

        Assert.Equal(["Banned", "Disconnected", "At risk · 4 days left", "Unknown", "Connected"], Statuses(page));
        Assert.Contains("+62 811-0000-0003", page.Markup);
        Assert.Contains("Linked-device slot taken", page.Markup);
    }

    [Fact]
    public void CountersShowTotalsAndFilter()
    {
        var page = Render();
        Assert.Equal("1", page.Find("[data-counter=banned] .counter-value").TextContent);

        page.Find("[data-counter=atrisk]").Click();
        Assert.Equal(["At risk · 4 days left"], Statuses(page));

        page.Find("[data-counter=atrisk]").Click();
        Assert.Equal(5, Statuses(page).Length);
    }

    [Fact]
    public void SearchMatchesPhoneDigitsOrAccountName()
    {
        var page = Render();

        page.Find("input").Input("kopi");
        page.WaitForAssertion(() => Assert.Equal(["Banned", "Disconnected"], Statuses(page)), TimeSpan.FromSeconds(5));

        page.Find("input").Input("811 0000 0001");
        page.WaitForAssertion(() => Assert.Equal(["Connected"], Statuses(page)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void PublishedChangeUpdatesTheRowInPlace()
    {
        var page = Render();

        _fleet.Feed.Publish([_fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.PhoneOffline, name: "Sunrise Sales"))]);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["Banned", "Disconnected", "Disconnected", "At risk · 4 days left", "Unknown"], Statuses(page));
            Assert.Single(page.FindAll("tr.row-changed"));
            Assert.Equal("2", page.Find("[data-counter=disconnected] .counter-value").TextContent);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void TheClientPanelCountsEachClientAndFiltersTheGridAndCounters()
    {
        _fleet.Seed(
            TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.SlotReused, name: "Kopi Support") with { Client = "Kopi Kita", RunsCampaign = true },
            TestFleet.Down("+6281100000004", NumberStatus.Banned, ReasonCategory.Banned, name: "Kopi Leads") with { Client = "Kopi Kita" },
            TestFleet.Connected("+6281100000001", name: "Sunrise Sales") with { Client = "Sunrise" });
        var page = Render();

        // Clients with the most trouble first; numbers without a client form a group of their own.
        Assert.Equal(["*", "Kopi Kita", "", "Sunrise"], page.FindAll(".client-item").Select(b => b.GetAttribute("data-client")));
        string Badge(string client, string badge) => page.Find($"[data-client='{client}'] [data-badge={badge}]").TextContent.Trim();
        Assert.Equal(("1", "2", "2"), (Badge("Kopi Kita", "campaign"), Badge("Kopi Kita", "down"), Badge("Kopi Kita", "total")));
        Assert.Equal(("1", "2"), (Badge("", "atrisk"), Badge("", "total")));
        Assert.Equal("5", Badge("*", "total"));

        page.Find("[data-client='Kopi Kita']").Click();

        Assert.Equal(["Disconnected", "Banned"], Statuses(page));
        Assert.Equal(("1", "1", "0"), (page.Find("[data-counter=banned] .counter-value").TextContent,
            page.Find("[data-counter=disconnected] .counter-value").TextContent, page.Find("[data-counter=healthy] .counter-value").TextContent));
        Assert.Contains("campaign-down", page.FindAll("tbody tr.mud-table-row")[0].ClassName);
        Assert.DoesNotContain("campaign-down", page.FindAll("tbody tr.mud-table-row")[1].ClassName);

        page.Find("[data-client='*']").Click();
        Assert.Equal(5, Statuses(page).Length);
    }

    [Fact]
    public void TheAddressCanOpenOneClient()
    {
        _fleet.Seed(TestFleet.Connected("+6281100000001", name: "Sunrise Sales") with { Client = "Sunrise" });
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/?client=sunrise");

        var page = Render();

        Assert.Equal(["Connected"], Statuses(page));
        Assert.Equal("true", page.Find("[data-client='Sunrise']").GetAttribute("aria-pressed"));
    }

    private NavigationManager Navigation => _context.Services.GetRequiredService<NavigationManager>();

    private string Counter(IRenderedComponent<FleetPage> page, string health) => page.Find($"[data-counter={health}] .counter-value").TextContent;

    [Fact]
    public void ExpiredIsCountedOnItsOwnNotUnderAtRisk()
    {
        _fleet.Seed(TestFleet.Connected("+6281100000006", daysSinceSeen: 20, name: "Sunrise Old") with { Client = "Sunrise" });

        var page = Render();

        Assert.Equal(("1", "1"), (Counter(page, "atrisk"), Counter(page, "expired")));
        Assert.Equal(["Banned", "Disconnected", "Expired", "At risk · 4 days left", "Unknown", "Connected"], Statuses(page));
        var sunrise = page.Find("[data-client='Sunrise']");
        Assert.Contains("1 expired", sunrise.QuerySelector("[data-badge=expired]")!.GetAttribute("title"));
        Assert.Null(sunrise.QuerySelector("[data-badge=atrisk]"));

        page.Find("[data-counter=expired]").Click();

        Assert.Equal(["Expired"], Statuses(page));
    }

    [Fact]
    public void FiltersSearchAndClientLiveInTheAddress()
    {
        _fleet.Seed(TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.SlotReused, name: "Kopi Support") with { Client = "Kopi Kita" });
        var page = Render();

        page.Find("[data-counter=disconnected]").Click();
        Assert.EndsWith("/?status=disconnected", Navigation.Uri);

        page.Find("[data-client='Kopi Kita']").Click();
        Assert.EndsWith("/?client=Kopi%20Kita&status=disconnected", Navigation.Uri);
        Assert.Equal(["Disconnected"], Statuses(page));

        page.Find("input").Input("kopi");
        page.WaitForAssertion(() => Assert.EndsWith("/?client=Kopi%20Kita&status=disconnected&q=kopi", Navigation.Uri));
        Assert.Equal("/api/numbers.csv?client=Kopi%20Kita&status=disconnected&q=kopi", page.Find("a.csv-download").GetAttribute("href"));

        // Going back (or opening a bookmark) is just another address: the page follows it.
        Navigation.NavigateTo("/?status=banned");
        page.WaitForAssertion(() => Assert.Equal(["Banned"], Statuses(page)));
        Assert.Equal("true", page.Find("[data-counter=banned]").GetAttribute("aria-pressed"));
        Assert.Equal("true", page.Find("[data-client='*']").GetAttribute("aria-pressed"));
    }

    [Theory]
    [InlineData("/?client=Nope")]                  // a mistyped client
    [InlineData("/?client=Kopi%20Kitaa")]
    [InlineData("/?status=expired")]               // nothing in that state
    [InlineData("/?q=no-such-number")]
    public void AnEmptySelectionSaysNoNumbersMatchNeverAllClear(string address)
    {
        Navigation.NavigateTo(address);

        var page = Render();

        Assert.Contains("No numbers match", page.Find("[data-no-match]").TextContent);
        Assert.Empty(page.FindAll(".fleet-grid"));
        Assert.DoesNotContain("healthy", page.Find("[data-no-match]").TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mud-success", page.Find("[data-no-match]").InnerHtml);
    }

    [Fact]
    public void TheTabTitleCountsTheNumbersDown()
    {
        var page = Render();
        Assert.Equal("(2 down) WazzapDashboard", page.Instance.TabTitle);

        _fleet.Feed.Publish([_fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.PhoneOffline))]);

        page.WaitForAssertion(() => Assert.Equal("(3 down) WazzapDashboard", page.Instance.TabTitle), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void RowClickOpensTheNumberPage()
    {
        var page = Render();

        page.FindAll("tbody tr.mud-table-row")[0].Click();

        Assert.EndsWith("/numbers/%2B6281100000004", _context.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task UnsubscribesWhenDisposed()
    {
        Render();
        var live = _context.Services.GetRequiredService<LiveSnapshot>();
        Assert.Equal(1, live.SubscriberCount);

        await _context.DisposeComponentsAsync();

        Assert.Equal(0, live.SubscriberCount);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _fleet.Dispose();
    }
}
