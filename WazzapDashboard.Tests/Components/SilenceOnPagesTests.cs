using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using WazzapDashboard.Localization;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>What the grid and the wall show of silent numbers and silent gateways.</summary>
public class SilenceOnPagesTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly TestFleet _fleet = new();

    public SilenceOnPagesTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        _fleet.AddTo(_context.Services);
        _context.Services.AddSingleton<WazzapDashboard.Access.AccessKeyStore>();
        _context.AddAuthorization().SetAuthorized("wall");
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _fleet.Seed(
            TestFleet.Connected("+6281100000001", name: "Sunrise Sales") with { SilentSince = TestFleet.Now.AddHours(-9) },
            TestFleet.Connected("+6281100000002", name: "Sunrise Promo"));
    }

    [Fact]
    public void TheGridMarksASilentNumberAndCountsItAmongThoseNeedingAttention()
    {
        var page = _context.Render<FleetPage>();

        var mark = page.Find("[data-silent]");
        Assert.Equal("+6281100000001", mark.GetAttribute("data-silent"));
        Assert.Contains("silent since 15 May 03:00", mark.TextContent);
        Assert.Contains("Silent", page.FindAll(".status-chip").Select(c => c.GetAttribute("data-status")));
        Assert.Equal("1", page.Find("[data-counter=atrisk] .counter-value").TextContent);
    }

    [Fact]
    public void TheWallShowsASilentNumberAsATile()
    {
        var wall = _context.Render<Wall>();

        var tile = wall.Find(".wall-tile");
        Assert.Equal("+6281100000001", tile.GetAttribute("data-phone"));
        Assert.Contains("Silent", tile.QuerySelector(".tile-status")!.TextContent);
        Assert.Contains("Connected, but no messages", tile.TextContent);
        Assert.Contains("silent 9 h", tile.QuerySelector("[data-silent]")!.TextContent);
    }

    [Fact]
    public void ASilentGatewayPutsABannerOnTheGridAndTheWallUntilDeliveriesResume()
    {
        GatewayDeliveries.Delivered(_fleet.Database, Sources.Wazzapi, GatewayDeliveries.AllDay.Select(t => t.AddMinutes(-55)));
        var grid = _context.Render<FleetPage>();
        var wall = _context.Render<Wall>();
        Assert.Empty(grid.FindAll("[data-gateway-silent]"));

        _fleet.Gateways.Check();

        grid.WaitForAssertion(() => Assert.Equal("No webhooks from Wazzapi since 11:05", grid.Find("[data-gateway-silent=wazzapi] span").TextContent));
        wall.WaitForAssertion(() => Assert.Contains("No webhooks from Wazzapi since 11:05", wall.Find("[data-gateway-silent=wazzapi]").TextContent));

        GatewayDeliveries.Delivered(_fleet.Database, Sources.Wazzapi, [_fleet.Time.GetUtcNow()]);
        _fleet.Gateways.Check();

        grid.WaitForAssertion(() => Assert.Empty(grid.FindAll("[data-gateway-silent]")));
        wall.WaitForAssertion(() => Assert.Empty(wall.FindAll("[data-gateway-silent]")));
    }

    [Fact]
    public void TheBannerSaysTheDayWhenTheSilenceBeganBeforeToday()
    {
        GatewayDeliveries.Delivered(_fleet.Database, Sources.Wazzapi, GatewayDeliveries.AllDay.Select(t => t.AddHours(-13)));
        _fleet.Gateways.Check();

        var banner = _context.Render<GatewayBanner>();

        Assert.Equal("No webhooks from Wazzapi since 14 May 23:00", banner.Find("[data-gateway-silent] span").TextContent);
    }

    [Fact]
    public void SilenceIsSaidInTheReadersLanguageAndZone()
    {
        GatewayDeliveries.Delivered(_fleet.Database, Sources.Wazzapi, GatewayDeliveries.AllDay.Select(t => t.AddMinutes(-55)));
        _fleet.Gateways.Check();
        using var spanish = new CultureScope(System.Globalization.CultureInfo.GetCultureInfo("es"));
        var mexico = new Viewer(Cultures.Zone("America/Mexico_City")!); // UTC-6: 11:05 UTC is 05:05 there

        var grid = _context.Render<FleetPage>(p => p.AddCascadingValue(mexico));
        var wall = _context.Render<Wall>(p => p.AddCascadingValue(mexico));

        Assert.Equal("Sin webhooks de Wazzapi desde 05:05", grid.Find("[data-gateway-silent=wazzapi] span").TextContent);
        Assert.Equal("en silencio desde 14 may 21:00", grid.Find("[data-silent]").TextContent.Trim());
        var tile = wall.Find(".wall-tile");
        Assert.Contains("Silencioso", tile.QuerySelector(".tile-status")!.TextContent);
        Assert.Contains("Conectado, pero sin mensajes", tile.TextContent);
        Assert.Equal("en silencio 9 h", tile.QuerySelector("[data-silent]")!.TextContent.Trim());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _fleet.Dispose();
    }
}
