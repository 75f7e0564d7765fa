using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Components;
using Bunit;
using MudBlazor.Services;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Components.Wall;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;
using Options = Microsoft.Extensions.Options.Options;

namespace WazzapDashboard.Tests.Components;

public class WallTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly TestFleet _fleet = new();
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;
    private readonly WallOptions _options = new();
    private readonly FleetOptions _fleetOptions = new();
    private readonly LogCapture _logs = new();

    public WallTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        _fleet.AddTo(_context.Services);
        _context.Services.AddSingleton<WazzapDashboard.Access.AccessKeyStore>();
        _context.Services.AddSingleton(Options.Create(_options));
        _context.Services.AddSingleton(Options.Create(_fleetOptions));
        _context.Services.AddSingleton<ILoggerFactory>(new LoggerFactory([_logs]));
        _authorization = _context.AddAuthorization();
        _authorization.SetAuthorized("wall");
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static string[] TilePhones(IRenderedComponent<Wall> wall) =>
        wall.FindAll(".wall-tile[data-phone]").Select(t => t.GetAttribute("data-phone")!).ToArray();

    [Fact]
    public void ShowsWhatNeedsAttentionBySeverityAndCountsTheHealthy()
    {
        _fleet.Seed(
            TestFleet.Connected("+6281100000001", daysSinceSeen: 12),
            TestFleet.Connected("+6281100000002"),
            TestFleet.Connected("+6281100000003"),
            TestFleet.Down("+6281100000004", NumberStatus.Disconnected, ReasonCategory.PhoneOffline),
            TestFleet.Connected("+6281100000005", daysSinceSeen: 8),
            TestFleet.Down("+6281100000006", NumberStatus.Banned, ReasonCategory.Banned));

        var wall = _context.Render<Wall>();

        Assert.Equal(["+6281100000006", "+6281100000004", "+6281100000001", "+6281100000005"], TilePhones(wall));
        Assert.Equal("2", wall.Find(".wall-healthy .n").TextContent);
        Assert.Contains("2 of 6 numbers healthy", wall.Find(".wall-footer").TextContent);
    }

    private void SeedTwoClients() => _fleet.Seed(
        TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.PhoneOffline) with { Client = "Kopi Kita" },
        TestFleet.Down("+6281100000002", NumberStatus.Banned, ReasonCategory.Banned) with { Client = "Sunrise" },
        TestFleet.Connected("+6281100000003") with { Client = "Sunrise" });

    [Fact]
    public void ShowsOneClientWhenTheAddressNamesIt()
    {
        SeedTwoClients();
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/wall?client=Sunrise");

        var wall = _context.Render<Wall>();

        Assert.Equal(["+6281100000002"], TilePhones(wall));
        Assert.Contains("Sunrise", wall.Find(".wall-title").TextContent);
        Assert.Contains("1 of 2 numbers healthy", wall.Find(".wall-footer").TextContent);
    }

    [Fact]
    public void AWallLinkLimitedToAClientShowsOnlyThatClientWhateverTheAddressSays()
    {
        SeedTwoClients();
        _authorization.SetClaims(new System.Security.Claims.Claim(WazzapDashboard.Access.WallLinks.ClientClaim, "Kopi Kita"));
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/wall?client=Sunrise");

        var wall = _context.Render<Wall>();

        Assert.Equal(["+6281100000001"], TilePhones(wall));
        Assert.Contains("Kopi Kita", wall.Find(".wall-title").TextContent);
    }

    [Fact]
    public void ADroppedCampaignNumberComesFirstAndSaysSo()
    {
        _fleet.Seed(
            TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned),
            TestFleet.Down("+6281100000002", NumberStatus.Disconnected, ReasonCategory.LoggedOut) with { RunsCampaign = true });

        var wall = _context.Render<Wall>();

        Assert.Equal(["+6281100000002", "+6281100000001"], TilePhones(wall));
        Assert.Contains("Campaign", wall.Find("[data-phone='+6281100000002'] .tile-campaign").TextContent);
        Assert.Empty(wall.FindAll("[data-phone='+6281100000001'] .tile-campaign"));
    }

    [Fact]
    public void SaysAllClearWhenNothingNeedsAttention()
    {
        _fleet.Seed(TestFleet.Connected("+6281100000001"));

        var wall = _context.Render<Wall>();

        Assert.Empty(TilePhones(wall));
        Assert.Contains("All 1 numbers healthy", wall.Markup);
    }

    [Fact]
    public void ANewDropAppearsAndStampsTheUpdate()
    {
        _fleet.Seed(TestFleet.Connected("+6281100000001"));
        var wall = _context.Render<Wall>();
        _fleet.Time.Advance(TimeSpan.FromMinutes(3));

        _fleet.Feed.Publish([_fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned))]);

        wall.WaitForAssertion(() =>
        {
            Assert.Equal(["+6281100000001"], TilePhones(wall));
            Assert.Contains(TimeZoneInfo.ConvertTime(TestFleet.Now.AddMinutes(3), _fleet.Time.LocalTimeZone).ToString("HH:mm:ss"), wall.Find(".wall-updated").TextContent);
        }, TimeSpan.FromSeconds(10));
    }


    // Never a false all-clear.

    [Theory]
    [InlineData("/wall?client=Nope")]
    [InlineData("/wall?client=Kopi%20Kitaa")]
    public void AnUnknownClientSaysNoNumbersMatchAndNeverShowsATick(string address)
    {
        SeedTwoClients();
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.NoNumbers, wall.Instance.Board.Mode);
        Assert.Contains("No numbers match", wall.Find(".wall-nomatch").TextContent);
        Assert.Contains("No client is called", wall.Find(".wall-nomatch").TextContent);
        Assert.Empty(wall.FindAll(".wall-allclear"));
        Assert.DoesNotContain("healthy", wall.Find(".wall-footer").TextContent.Replace("At risk", ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AWallLinkForAMistypedClientSaysNoNumbersMatch()
    {
        SeedTwoClients();
        _authorization.SetClaims(new Claim(WazzapDashboard.Access.WallLinks.ClientClaim, "Kopi Kitaa"));

        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.NoNumbers, wall.Instance.Board.Mode);
        Assert.Empty(wall.FindAll(".wall-allclear"));
        Assert.Contains("No numbers match", wall.Find(".wall-footer").TextContent);
    }

    [Fact]
    public void AnEmptyFleetIsNotHealthy()
    {
        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.NoNumbers, wall.Instance.Board.Mode);
        Assert.Contains("No numbers match", wall.Find(".wall-nomatch").TextContent);
        Assert.Empty(wall.FindAll(".wall-allclear"));
        Assert.Empty(wall.FindAll(".wall-healthbar"));
    }

    [Fact]
    public void NumbersThatNeverReportedAreNotAnAllClear()
    {
        _fleet.Seed(TestFleet.Connected("+6281100000001"), TestFleet.Unknown("+6281100000002"));

        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.NothingToDo, wall.Instance.Board.Mode);
        Assert.Empty(wall.FindAll(".wall-allclear"));
        Assert.Contains("1 of 2 numbers not reported yet", wall.Find(".wall-nothingtodo").TextContent);
    }

    // Expired on its own, help text from the settings.

    [Fact]
    public void ExpiredIsCountedOnItsOwnNotUnderAtRisk()
    {
        _fleet.Seed(
            TestFleet.Connected("+6281100000001", daysSinceSeen: 15),
            TestFleet.Connected("+6281100000002", daysSinceSeen: 9),
            TestFleet.Connected("+6281100000003"));

        var wall = _context.Render<Wall>();

        Assert.Equal("1", wall.Find("[data-counter=Expired] .n").TextContent);
        Assert.Equal("1", wall.Find("[data-counter=AtRisk] .n").TextContent);
        Assert.Contains("Expired", wall.Find("[data-phone='+6281100000001'] .tile-status").TextContent);
        Assert.Contains("standing-expired", wall.Find("[data-phone='+6281100000001']").ClassName);
        Assert.Contains("At risk", wall.Find("[data-phone='+6281100000002'] .tile-status").TextContent);
    }

    [Fact]
    public void TheHelpTextSaysWhatAtRiskAndExpiredMeanWithTheConfiguredDays()
    {
        _fleetOptions.AtRiskAfterDays = 5;
        _fleetOptions.ExpiryDays = 10;
        _fleet.Seed(TestFleet.Connected("+6281100000001"));

        var help = _context.Render<Wall>().Find(".wall-help").TextContent;

        Assert.Contains("At risk: phone not seen online for 5+ days, WhatsApp unlinks it at 10", help);
        Assert.Contains("Expired: phone offline 10+ days", help);
    }

    // Big fleets: paging and client summaries.

    private static NumberState[] Down(int count, string? client = null, int from = 0) => Enumerable.Range(from, count)
        .Select(i => TestFleet.Down($"+62811{i:D8}", NumberStatus.Disconnected, ReasonCategory.PhoneOffline, hoursAgo: 1 + i) with { Client = client })
        .ToArray();

    [Fact]
    public void MoreNumbersThanTilesPageEveryPageSecondsAndSayHowManyAreNotOnScreen()
    {
        _options.PageSeconds = 20;
        var numbers = Down(30, "Kopi Kita");
        _fleet.Seed(numbers);
        var wall = _context.Render<Wall>();
        var worstFirst = numbers.Select(n => n.Phone).ToArray(); // newest drop first: lowest index

        Assert.Equal(WallMode.Numbers, wall.Instance.Board.Mode);
        Assert.Equal(worstFirst[..12], TilePhones(wall));
        Assert.Contains("page 1 of 3, turns every 20 s", wall.Find(".wall-more").TextContent);
        Assert.Contains("18 not on screen", wall.Find(".wall-more").TextContent);

        _fleet.Time.Advance(TimeSpan.FromSeconds(19));
        wall.WaitForAssertion(() => Assert.Equal(worstFirst[..12], TilePhones(wall)), TimeSpan.FromSeconds(10));

        _fleet.Time.Advance(TimeSpan.FromSeconds(1));
        wall.WaitForAssertion(() =>
        {
            Assert.Equal(worstFirst[12..24], TilePhones(wall));
            Assert.Contains("page 2 of 3", wall.Find(".wall-more").TextContent);
        }, TimeSpan.FromSeconds(10));

        _fleet.Time.Advance(TimeSpan.FromSeconds(20));
        wall.WaitForAssertion(() =>
        {
            Assert.Equal(worstFirst[24..], TilePhones(wall));
            Assert.Contains("page 3 of 3", wall.Find(".wall-more").TextContent);
            Assert.Contains("24 not on screen", wall.Find(".wall-more").TextContent);
        }, TimeSpan.FromSeconds(10));

        _fleet.Time.Advance(TimeSpan.FromSeconds(20));
        wall.WaitForAssertion(() => Assert.Equal(worstFirst[..12], TilePhones(wall)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void NumbersThatFitDoNotPage()
    {
        _fleet.Seed(Down(12, "Kopi Kita"));
        var wall = _context.Render<Wall>();

        Assert.Equal(1, wall.Instance.Board.Pages);
        Assert.Equal("", wall.Find(".wall-more").TextContent.Trim());
    }

    [Fact]
    public void MoreNumbersThanTilesAcrossClientsShowOneTilePerClientWorstFirst()
    {
        _fleet.Seed([
            .. Down(40, "Atlas"),
            TestFleet.Down("+6281200000001", NumberStatus.Banned, ReasonCategory.Banned) with { Client = "Bella" },
            TestFleet.Connected("+6281200000002", daysSinceSeen: 15) with { Client = "Bella" },
            TestFleet.Connected("+6281200000003", daysSinceSeen: 9) with { Client = "Verde", RunsCampaign = true },
            TestFleet.Connected("+6281200000004", daysSinceSeen: 15) with { Client = "Verde" },
            TestFleet.Connected("+6281200000005", daysSinceSeen: 15) with { Client = "Verde" },
            TestFleet.Connected("+6281200000006") with { Client = "Sunrise" },
        ]);

        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.Clients, wall.Instance.Board.Mode);
        Assert.Empty(TilePhones(wall));
        // More than three pages of numbers. Bella has the only ban; Atlas the most disconnected; Verde only expired and at risk; Sunrise is healthy.
        Assert.Equal(["Bella", "Atlas", "Verde"], wall.FindAll(".client-tile").Select(t => t.GetAttribute("data-client")!));
        var bella = wall.Find("[data-client=Bella]").TextContent;
        Assert.Contains("1 banned", bella);
        Assert.Contains("1 expired", bella);
        Assert.Contains("40 disconnected", wall.Find("[data-client=Atlas]").TextContent);
        Assert.Contains("45 need attention, too many for a tile each: by client", wall.Find(".wall-more").TextContent);
    }

    [Fact]
    public void AnOutageOfAFewPagesShowsTheNumbersNotTheClients()
    {
        _fleet.Seed([.. Down(20, "Atlas"), .. Down(16, "Bella", from: 20)]);

        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.Numbers, wall.Instance.Board.Mode);
        Assert.Equal(3, wall.Instance.Board.Pages);
        Assert.Equal(12, TilePhones(wall).Length);
    }

    [Fact]
    public void ClientTilesPageToo()
    {
        _options.PageSeconds = 10;
        _fleet.Seed(Enumerable.Range(0, 14).SelectMany(i => Down(3, $"Client {i:D2}", from: 3 * i)).ToArray());
        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.Clients, wall.Instance.Board.Mode);
        Assert.Equal(12, wall.FindAll(".client-tile").Count);
        Assert.Contains("page 1 of 2, turns every 10 s · 2 more clients not on screen", wall.Find(".wall-more").TextContent);

        _fleet.Time.Advance(TimeSpan.FromSeconds(10));

        wall.WaitForAssertion(() => Assert.Equal(["Client 12", "Client 13"], wall.FindAll(".client-tile").Select(t => t.GetAttribute("data-client")!)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void OneClientsBigOutagePagesItsNumbersInsteadOfOneClientTile()
    {
        _fleet.Seed([.. Down(40, "Atlas"), .. Down(3, "Bella", from: 40)]);
        _context.Services.GetRequiredService<NavigationManager>().NavigateTo("/wall?client=Atlas");

        var wall = _context.Render<Wall>();

        Assert.Equal(WallMode.Numbers, wall.Instance.Board.Mode);
        Assert.Equal(4, wall.Instance.Board.Pages);
    }

    // A new drop.

    [Fact]
    public void ANewDropIsMarkedNewForAMinute()
    {
        _fleet.Seed(TestFleet.Connected("+6281100000001"), TestFleet.Down("+6281100000002", NumberStatus.Disconnected, ReasonCategory.PhoneOffline));
        var wall = _context.Render<Wall>();
        Assert.Empty(wall.FindAll("[data-new]"));

        _fleet.Feed.Publish([_fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned))]);

        wall.WaitForAssertion(() => Assert.Single(wall.FindAll("[data-phone='+6281100000001'] [data-new]")), TimeSpan.FromSeconds(10));
        Assert.Empty(wall.FindAll("[data-phone='+6281100000002'] [data-new]"));

        // Half a minute on, a second drop re-renders the wall: the first is still new.
        _fleet.Time.Advance(TimeSpan.FromSeconds(30));
        _fleet.Feed.Publish([_fleet.View(TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.LoggedOut))]);
        wall.WaitForAssertion(() => Assert.Equal(2, wall.FindAll("[data-new]").Count), TimeSpan.FromSeconds(10));

        _fleet.Time.Advance(TimeSpan.FromSeconds(30));
        wall.WaitForAssertion(() => Assert.Equal(["+6281100000003"], wall.FindAll("[data-new]").Select(e => e.Closest(".wall-tile")!.GetAttribute("data-phone")!)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ADropThatJustHappenedIsNewAfterAReloadToo()
    {
        _fleet.Seed(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.PhoneOffline, hoursAgo: 0.005));

        var wall = _context.Render<Wall>();

        Assert.Single(wall.FindAll("[data-phone='+6281100000001'] [data-new]"));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void ANewDropChimesOnlyWhenTheChimeIsOn(bool chime, int chimes)
    {
        _options.Chime = chime;
        var browser = _context.JSInterop.SetupModule("http://localhost/Components/Pages/Wall.razor.js");
        browser.SetupModule("watch", _ => true);
        browser.SetupVoid("chime").SetVoidResult();
        _fleet.Seed(TestFleet.Connected("+6281100000001"));
        var wall = _context.Render<Wall>();

        _fleet.Feed.Publish([_fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned))]);

        wall.WaitForAssertion(() => Assert.Single(TilePhones(wall)), TimeSpan.FromSeconds(10));
        Assert.Equal(chimes, browser.Invocations.Count(i => i.Identifier == "chime"));
    }

    [Fact]
    public void TheBrowserPingGetsTheWallsTime()
    {
        var wall = _context.Render<Wall>();

        Assert.Equal(TimeZoneInfo.ConvertTime(TestFleet.Now, _fleet.Time.LocalTimeZone).ToString("HH:mm"), wall.Instance.Ping());
    }

    [Fact]
    public async Task AFailingClockIsLoggedNotSwallowed()
    {
        // A wall link whose id cannot be read makes the minute's link check throw.
        _authorization.SetClaims(new Claim(WazzapDashboard.Access.WallLinks.KeyIdClaim, "not-a-number"));
        _context.Render<Wall>();

        _fleet.Time.Advance(TimeSpan.FromSeconds(60));

        await Poll.Until(() => _logs.Lines.Any(l => l.StartsWith("Error") && l.Contains("The wall's clock failed") && l.Contains("FormatException")),
            "the clock's failure in the log");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _fleet.Dispose();
    }
}
