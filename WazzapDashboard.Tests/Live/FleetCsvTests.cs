using System.Net;
using CsvHelper;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Live;

/// <summary><c>GET /api/numbers.csv</c>: the grid's current view for a spreadsheet.</summary>
public class FleetCsvTests
{
    private static List<Dictionary<string, string>> Parse(byte[] csv, string zone = "UTC")
    {
        using var reader = CsvReader.Create(csv, null);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read()) rows.Add(reader.Headers.ToDictionary(h => h, reader.GetString));
        Assert.Equal(FleetCsv.Header(Cultures.Zone(zone)!), reader.Headers);
        return rows;
    }

    private static async Task<WazzapApplication> StartWithFleet()
    {
        var app = new WazzapApplication();
        await app.RiskPassDone();
        TestFleet.Seed(TestStore.Database(app.DatabaseId),
        [
            TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.SlotReused, name: "=HYPERLINK(\"http://evil\")") with { Client = "Kopi Kita" },
            TestFleet.Down("+6281100000004", NumberStatus.Banned, ReasonCategory.Banned, hoursAgo: 30) with { Client = "Kopi Kita" },
            TestFleet.Connected("+6281100000006", daysSinceSeen: 20) with { Client = "Sunrise" },
            TestFleet.Connected("+6281100000001") with { Client = "Sunrise" },
        ]);
        return app;
    }

    [Fact]
    public async Task TheWholeFleetComesWorstFirstWithTimesInUtc()
    {
        await using var app = await StartWithFleet();

        var response = await app.CreateClient().GetAsync("/api/numbers.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["+6281100000004", "+6281100000003", "+6281100000006", "+6281100000001"], rows.Select(r => r["phone"]));
        Assert.Equal(["banned", "disconnected", "expired", "healthy"], rows.Select(r => r["health"]));
        Assert.Equal("2026-05-15T11:00:00.0000000+00:00", rows[1]["status_changed_at"]);
        Assert.Equal("slot_reused", rows[1]["reason_category"]);
        Assert.StartsWith("'=", rows[1]["account_name"]); // a spreadsheet would run it as a formula
        Assert.Equal("-6", rows[2]["days_until_expiry"]); // 20 days offline, expiry at 14
    }

    [Fact]
    public async Task OneMoreColumnGivesTheStatusChangeInTheReadersZone()
    {
        await using var app = await StartWithFleet();

        var rows = Parse(await app.CreateClient().GetByteArrayAsync("/api/numbers.csv?tz=America/Sao_Paulo"), "America/Sao_Paulo");

        Assert.Equal("2026-05-15T11:00:00.0000000+00:00", rows[1]["status_changed_at"]);
        Assert.Equal("2026-05-15 08:00:00", rows[1]["status_changed_at_local (America/Sao_Paulo)"]);
    }

    [Theory]
    [InlineData("?client=kopi%20kita", new[] { "+6281100000004", "+6281100000003" })]
    [InlineData("?status=expired", new[] { "+6281100000006" })]
    [InlineData("?client=Sunrise&q=0001", new[] { "+6281100000001" })]
    [InlineData("?client=Nope", new string[0])]
    public async Task TheGridsFiltersApply(string query, string[] phones)
    {
        await using var app = await StartWithFleet();

        var rows = Parse(await app.CreateClient().GetByteArrayAsync("/api/numbers.csv" + query));

        Assert.Equal(phones, rows.Select(r => r["phone"]));
    }

    [Fact]
    public async Task ItNeedsSignInOrAKey()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/api/numbers.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
