using Bunit;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Pages;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>An acknowledgement shows on the grid and the wall, live, and goes when the number reconnects.</summary>
public class OnItTests : IAsyncLifetime
{
    private const string Down = "+6281100000003";

    private readonly BunitContext _context = new();
    private readonly TestFleet _fleet = new();

    public OnItTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        _fleet.AddTo(_context.Services);
        _context.Services.AddSingleton<AccessKeyStore>();
        _context.AddAuthorization().SetAuthorized("Anna");
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _fleet.Seed(
            TestFleet.Connected("+6281100000001"),
            TestFleet.Down("+6281100000002", NumberStatus.Banned, ReasonCategory.Banned),
            TestFleet.Down(Down, NumberStatus.Disconnected, ReasonCategory.SlotReused, hoursAgo: 2));
    }

    /// <summary>Anna took the number's current outage.</summary>
    private NumberView Acknowledged()
    {
        using var connection = _fleet.Database.Open();
        const string sql = """
            INSERT INTO incidents (phone, acknowledged_by, acknowledged_at, outage_since)
            SELECT phone, 'Anna', @now, status_changed_at FROM numbers WHERE phone = @phone
            """;
        connection.Execute(sql, new { phone = Down, now = TestFleet.Now.ToUnixTimeMilliseconds() });
        return _fleet.Queries.Find(Down)!;
    }

    /// <summary>The grid's rows (a phone shows cards instead, from the same data) or the wall's tiles.</summary>
    private static string[] Markers<T>(IRenderedComponent<T> page) where T : IComponent =>
        page.FindAll(typeof(T) == typeof(FleetPage) ? ".fleet-grid [data-on-it]" : "[data-on-it]").Select(m => m.GetAttribute("data-on-it")!).ToArray();

    [Fact]
    public void TheGridSaysWhoIsOnIt()
    {
        Acknowledged();

        var grid = _context.Render<FleetPage>();

        Assert.Equal(["Anna"], Markers(grid));
        var row = grid.FindAll("tbody tr").Single(r => r.TextContent.Contains("+62 811-0000-0003"));
        Assert.Contains("on it: Anna", row.QuerySelector(".on-it")!.TextContent);
    }

    [Fact]
    public void TheGridSaysWhoIsOnANumberAtRisk()
    {
        const string atRisk = "+6281100000009";
        _fleet.Seed(TestFleet.Connected(atRisk, daysSinceSeen: 10));
        using (var connection = _fleet.Database.Open())
        {
            const string sql = """
                INSERT INTO incidents (phone, acknowledged_by, acknowledged_at, outage_since)
                SELECT phone, 'Budi', @now, phone_last_seen_at FROM numbers WHERE phone = @phone
                """;
            connection.Execute(sql, new { phone = atRisk, now = TestFleet.Now.ToUnixTimeMilliseconds() });
        }

        var grid = _context.Render<FleetPage>();

        Assert.Equal(["Budi"], Markers(grid));
        Assert.Contains("At risk", grid.FindAll(".fleet-grid tbody tr").Single(r => r.TextContent.Contains("+62 811-0000-0009")).TextContent);
    }

    [Fact]
    public void TheWallTileSaysWhoIsOnIt()
    {
        Acknowledged();

        var wall = _context.Render<Wall>();

        var tile = wall.Find($".wall-tile[data-phone='{Down}']");
        Assert.Contains("on it: Anna", tile.QuerySelector(".on-it")!.TextContent);
        Assert.Equal(["Anna"], Markers(wall));
    }

    [Fact]
    public void ItAppearsLiveAndClearsWhenTheNumberReconnects()
    {
        var grid = _context.Render<FleetPage>();
        var wall = _context.Render<Wall>();
        Assert.Empty(Markers(grid));

        var view = Acknowledged();
        _fleet.Feed.Publish([view]);
        grid.WaitForAssertion(() => Assert.Equal(["Anna"], Markers(grid)), TimeSpan.FromSeconds(5));
        wall.WaitForAssertion(() => Assert.Equal(["Anna"], Markers(wall)), TimeSpan.FromSeconds(5));

        // The writer saves the reconnect; the acknowledgement no longer covers the number's state.
        var reconnected = TestFleet.Connected(Down, daysSinceSeen: 0);
        _fleet.Seed(reconnected);
        var after = _fleet.Queries.Find(Down)!;
        Assert.Null(after.AcknowledgedBy);
        _fleet.Feed.Publish([after]);

        grid.WaitForAssertion(() => Assert.Empty(Markers(grid)), TimeSpan.FromSeconds(5));
        wall.WaitForAssertion(() => Assert.Empty(Markers(wall)), TimeSpan.FromSeconds(5));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _fleet.Dispose();
    }
}
