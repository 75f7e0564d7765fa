using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using Bunit;
using MudBlazor.Services;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

public class WallTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly TestFleet _fleet = new();
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    public WallTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddLocalization();
        _context.Services.AddTransient<MudBlazor.MudLocalizer, WazzapDashboard.Localization.MudTextsLocalizer>();
        _fleet.AddTo(_context.Services);
        _context.Services.AddSingleton<WazzapDashboard.Access.AccessKeyStore>();
        _authorization = _context.AddAuthorization();
        _authorization.SetAuthorized("wall");
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static string[] TilePhones(IRenderedComponent<Wall> wall) =>
        wall.FindAll(".wall-tile").Select(t => t.GetAttribute("data-phone")!).ToArray();

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
        }, TimeSpan.FromSeconds(5));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _fleet.Dispose();
    }
}
