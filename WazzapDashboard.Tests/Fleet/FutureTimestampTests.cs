using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

/// <summary>An event time far ahead of its receipt counts at its receipt, so it cannot freeze a number.</summary>
public class FutureTimestampTests
{
    private const string Number = "/api/numbers/+6281234567890";

    private static async Task<JsonElement> Get(WazzapApplication app, string path = Number) =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>(path);

    [Fact]
    public async Task AnEventDatedInTheYear9999DoesNotFreezeTheNumber()
    {
        await using var app = new WazzapApplication();
        var received = app.Time.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, (await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "9999-12-31T23:59:59Z", reason: "phone offline"))).StatusCode);
        var frozen = await Get(app);
        Assert.Equal("disconnected", frozen.GetProperty("status").GetString());
        Assert.Equal(received, frozen.GetProperty("lastEventAt").GetDateTimeOffset());

        // Real events after it still move the number: connected, then disconnected again.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: app.Time.GetUtcNow().ToString("O")));
        Assert.Equal("connected", (await Get(app)).GetProperty("status").GetString());

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: app.Time.GetUtcNow().ToString("O"), reason: "logged out"));
        var number = await Get(app);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal("logged_out", number.GetProperty("reasonCategory").GetString());
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("lastEventAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task TheHistoryKeepsTheClaimedTimeAndSaysItWasInTheFuture()
    {
        await using var app = new WazzapApplication();
        var received = app.Time.GetUtcNow();

        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "9999-12-31T23:59:59Z"));
        await app.PostWazzap("""{"phone":"6281234567890","event":"disconnected","timestamp":"253402300799000"}""");

        var events = await Get(app, $"{Number}/events");
        Assert.Equal(2, events.GetArrayLength());
        Assert.All(events.EnumerateArray(), e =>
        {
            Assert.Equal(received, e.GetProperty("occurredAt").GetDateTimeOffset());
            Assert.Equal(DateTimeOffset.Parse("9999-12-31T23:59:59Z"), e.GetProperty("claimedAt").GetDateTimeOffset());
        });
        // The CSV export carries it too.
        var csv = await app.CreateClient().GetStringAsync($"{Number}/events.csv");
        Assert.Contains("9999-12-31T23:59:59.0000000+00:00", csv);
    }

    [Fact]
    public async Task AClockAheadByLessThanTheToleranceIsBelieved()
    {
        await using var app = new WazzapApplication();
        var ahead = app.Time.GetUtcNow().AddMinutes(4);

        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: ahead.ToString("O")));

        var e = (await Get(app, $"{Number}/events"))[0];
        Assert.Equal(ahead, e.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("claimedAt").ValueKind);
    }

    [Fact]
    public async Task TheToleranceIsASetting()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Ingest:FutureTolerance"] = "00:00:30" });
        var received = app.Time.GetUtcNow();

        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: received.AddMinutes(1).ToString("O")));

        var e = (await Get(app, $"{Number}/events"))[0];
        Assert.Equal(received, e.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(received.AddMinutes(1), e.GetProperty("claimedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("2.00:00:00")]
    [InlineData("soon")]
    public async Task AnUnusableToleranceStopsStartUp(string tolerance)
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Ingest:FutureTolerance"] = tolerance });

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("FutureTolerance", failure is OptionsValidationException ? failure.Message : failure.ToString());
    }

    [Fact]
    [Trait("Store", "Sqlite")] // migration 6 is SQLite's
    public void TheMigrationThawsANumberFrozenBeforeTheRule()
    {
        var path = TestStore.NewDatabase();
        try
        {
            var database = TestStore.Database(path);
            database.Migrate();
            using (var connection = database.Open())
            {
                // The database as it was before migration 6, holding a number frozen by a 9999 event.
                connection.Execute("""
                    ALTER TABLE events DROP COLUMN claimed_at;
                    DELETE FROM schema_version WHERE version = 6;
                    INSERT INTO events (dedupe_key, source, event_type, phone, status, occurred_at, received_at, payload)
                    VALUES ('a', 'wazzapi', 'device.connected', '+6281234567890', 'connected', 1000, 1000, '{}'),
                           ('b', 'wazzapi', 'device.disconnected', '+6281234567890', 'disconnected', 253402300799000, 2000, '{}');
                    INSERT INTO numbers (phone, status, state_event_at, status_changed_at, last_event_at, phone_last_seen_at)
                    VALUES ('+6281234567890', 'disconnected', 253402300799000, 253402300799000, 253402300799000, 1000),
                           ('+6281111111111', 'unknown', NULL, NULL, NULL, NULL);
                    """);
            }

            database.Migrate();

            using var after = database.Open();
            Assert.Equal([(1000L, (long?)null), (2000L, 253402300799000L)],
                after.Query<(long, long?)>("SELECT occurred_at, claimed_at FROM events ORDER BY dedupe_key"));
            Assert.Equal((2000L, 2000L, 2000L, 1000L),
                after.QuerySingle<(long, long, long, long)>("SELECT state_event_at, status_changed_at, last_event_at, phone_last_seen_at FROM numbers WHERE phone = '+6281234567890'"));
            Assert.Equal(2, after.ExecuteScalar<long>("SELECT count(*) FROM numbers"));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }
}
