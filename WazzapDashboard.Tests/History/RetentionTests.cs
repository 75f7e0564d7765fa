using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.History;

public class RetentionTests
{
    private const string Phone = "+6281234567890";

    private static async Task<string> Post(WazzapApplication app, string type, DateTimeOffset at, string? id = null, string phone = "6281234567890", string? reason = null)
    {
        var response = await app.PostWazzapi(Fixtures.Wazzapi(type, phone: phone, id: id, reason: reason,
            timestamp: at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString()!;
    }

    private static Task<PruneReport> Prune(WazzapApplication app) => app.Services.GetRequiredService<Pruner>().PruneNow();

    private static List<(string Type, long At)> Events(WazzapApplication app)
    {
        using var connection = app.OpenDatabase();
        return connection.Query<(string, long)>("SELECT event_type, occurred_at FROM events ORDER BY occurred_at").ToList();
    }

    private static List<(long Hour, long Sent, long Delivered, long Read, long Received, long Failed)> Counts(WazzapApplication app)
    {
        using var connection = app.OpenDatabase();
        return connection.Query<(long, long, long, long, long, long)>(
            "SELECT hour_start, sent, delivered, read, received, failed FROM message_counts ORDER BY hour_start").ToList();
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    [Theory]
    [InlineData("History:StatusEventDays", "0")]
    [InlineData("History:ActivityDays", "0")]
    [InlineData("History:RawPayloadDays", "401")] // more than ActivityDays
    [InlineData("History:PruneBatchSize", "0")]
    [InlineData("Ingest:DedupeWindow", "00:10:00")]
    [InlineData("Backup:Keep", "0")]
    [InlineData("Backup:Interval", "00:00:10")]
    public async Task AnOutOfRangeSettingStopsTheStart(string key, string value)
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { [key] = value });

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(key.Split(':')[1], refused.ToString());
    }

    [Fact]
    public async Task RawMessageRowsGoAfterRawPayloadDaysAndTheTimelineShowsTheirHourFromTheCounters()
    {
        await using var app = new WazzapApplication();
        var now = app.Time.GetUtcNow(); // 15 May 12:00
        await Post(app, "message.sent", now.AddDays(-8).AddMinutes(-30));
        await Post(app, "message.failed", now.AddDays(-8).AddMinutes(-20));
        await Post(app, "message.failed", now.AddDays(-30), reason: "Account banned by WhatsApp"); // says banned: a status event
        await Post(app, "device.disconnected", now.AddDays(-40), reason: "phone offline");
        await Post(app, "message.sent", now.AddDays(-6));

        var report = await Prune(app);

        Assert.Equal(2, report.RawMessages);
        Assert.Equal(
            [("device.disconnected", Ms(now.AddDays(-40))), ("message.failed", Ms(now.AddDays(-30))), ("message.sent", Ms(now.AddDays(-6)))],
            Events(app));
        var timeline = app.Services.GetRequiredService<TimelineQueries>().Page(Phone, 10);
        // The banned failure is both a status event and a counted message.
        Assert.Equal(["message.sent", null, "message.failed", null, "device.disconnected"], timeline.Select(e => e.Event?.EventType));
        Assert.Equal(
            [(new DateTimeOffset(2026, 5, 7, 11, 0, 0, TimeSpan.Zero), "1 sent, 1 failed"), (now.AddDays(-30), "1 failed")],
            timeline.Where(e => e.Activity is not null).Select(e => (e.Activity!.HourStart, e.Activity.Describe())));
    }

    [Fact]
    public async Task StatusEventsGoAfterStatusEventDays()
    {
        await using var app = new WazzapApplication();
        var now = app.Time.GetUtcNow();
        await Post(app, "device.connected", now.AddDays(-731));
        await Post(app, "device.disconnected", now.AddDays(-729), reason: "phone offline");
        await Post(app, "device.connected", now.AddDays(-10));

        var report = await Prune(app);

        Assert.Equal(1, report.StatusEvents);
        Assert.Equal([("device.disconnected", Ms(now.AddDays(-729))), ("device.connected", Ms(now.AddDays(-10)))], Events(app));
    }

    [Fact]
    public async Task ActivityCountersGoAfterActivityDays()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["History:ActivityDays"] = "30" });
        var now = app.Time.GetUtcNow();
        await Post(app, "message.sent", now.AddDays(-31));
        await Post(app, "message.read", now.AddDays(-29));

        var report = await Prune(app);

        Assert.Equal(1, report.ActivityHours);
        Assert.Equal([(Ms(now.AddDays(-29)), 0L, 0L, 1L, 0L, 0L)], Counts(app));
        Assert.Empty(Events(app)); // both raw rows are past RawPayloadDays
    }

    [Fact]
    public async Task NotesGoAfterStatusEventDays()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["History:StatusEventDays"] = "10" });
        await Post(app, "device.connected", app.Time.GetUtcNow());
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/numbers/6281234567890/notes", new { text = "old" })).StatusCode);
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/numbers/6281234567890/notes", new { text = "new" })).StatusCode);
        app.Time.Advance(TimeSpan.FromDays(9));

        await Prune(app);

        var notes = await client.GetFromJsonAsync<JsonElement[]>("/api/numbers/6281234567890/notes");
        Assert.Equal(["new"], notes!.Select(n => n.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task HourlyCountersCountEachKindOnceAndDuplicatesNotAtAll()
    {
        await using var app = new WazzapApplication();
        var hour = new DateTimeOffset(2026, 5, 15, 9, 0, 0, TimeSpan.Zero);
        var kinds = new[] { ("message.sent", 3), ("message.delivered", 2), ("message.read", 1), ("message.received", 4), ("message.failed", 2), ("message.deleted", 1) };
        var minute = 0;
        foreach (var (type, count) in kinds)
        {
            for (var i = 0; i < count; i++) await Post(app, type, hour.AddMinutes(minute++));
        }
        Assert.Equal("stored", await Post(app, "message.sent", hour.AddHours(1), id: "11111111-1111-4111-8111-111111111111"));
        Assert.Equal("duplicate", await Post(app, "message.sent", hour.AddHours(1), id: "11111111-1111-4111-8111-111111111111"));
        await Post(app, "device.connected", hour); // not a message

        Assert.Equal([(Ms(hour), 3L, 2L, 1L, 4L, 2L), (Ms(hour.AddHours(1)), 1L, 0L, 0L, 0L, 0L)], Counts(app));
    }

    [Theory]
    [InlineData("00:00:00", "duplicate")]
    [InlineData("71:59:59.999", "duplicate")]
    [InlineData("72:00:00", "duplicate")]
    [InlineData("72:00:00.001", "stored")]
    [InlineData("240:00:00", "stored")]
    public async Task AReplayIsADuplicateWithinTheDedupeWindowAndStoredAgainAfter(string after, string expected)
    {
        await using var app = new WazzapApplication();
        const string id = "22222222-2222-4222-8222-222222222222";
        var at = app.Time.GetUtcNow();
        Assert.Equal("stored", await Post(app, "device.connected", at, id));

        app.Time.Advance(ParseHours(after));

        Assert.Equal(expected, await Post(app, "device.connected", at, id));
    }

    [Theory]
    [InlineData("72:00:00", 1)]
    [InlineData("72:00:00.001", 0)]
    public async Task ThePrunerKeepsKeysForTheDedupeWindow(string after, int kept)
    {
        await using var app = new WazzapApplication();
        await Post(app, "device.connected", app.Time.GetUtcNow());
        app.Time.Advance(ParseHours(after));

        await Prune(app);

        Assert.Equal(kept, app.Count("dedupe_keys"));
    }

    private static TimeSpan ParseHours(string hours)
    {
        var parts = hours.Split(':');
        return TimeSpan.FromHours(int.Parse(parts[0], CultureInfo.InvariantCulture))
               + TimeSpan.Parse("00:" + parts[1] + ":" + parts[2], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task AvailabilityOverNinetyDaysIsTheSameAfterPruning()
    {
        await using var app = new WazzapApplication();
        var now = app.Time.GetUtcNow();
        for (var day = 100; day > 0; day -= 3)
        {
            await Post(app, day % 2 == 0 ? "device.connected" : "device.disconnected", now.AddDays(-day), reason: "phone offline");
            await Post(app, "message.sent", now.AddDays(-day).AddHours(1));
        }
        var history = app.Services.GetRequiredService<HistoryQueries>();
        var since = now.AddDays(-90);
        var before = Availability.Compute(history.StatusChanges(Phone, since), since, now);

        var report = await Prune(app);

        var after = Availability.Compute(history.StatusChanges(Phone, since), since, now);
        Assert.True(report.RawMessages > 30);
        Assert.Equal(before with { Segments = [] }, after with { Segments = [] });
        Assert.Equal(before.Segments, after.Segments);
        Assert.NotNull(after.UptimePercent);
    }

    /// <summary>Expired raw rows straight into the table, as months of traffic would have left them.</summary>
    private static async Task SeedExpiredMessages(WazzapApplication app, int count, int payloadBytes)
    {
        using var connection = TestStore.Open(app.DatabaseId);
        using var transaction = connection.BeginTransaction();
        const string sql = """
            INSERT INTO events (dedupe_key, source, event_type, phone, occurred_at, received_at, payload)
            VALUES ('seed:' || @i, 'wazzapi', 'message.sent', '+6281234567890', @at, @at, @payload)
            """;
        var at = app.Time.GetUtcNow().AddDays(-30).ToUnixTimeMilliseconds();
        var payload = new string('x', payloadBytes);
        for (var i = 0; i < count; i++) connection.Execute(sql, new { i = $"{Guid.NewGuid()}", at, payload }, transaction);
        transaction.Commit();
        if (!TestStore.IsPostgres) await Checkpoint(connection); // into the database file, to measure it
    }

    /// <summary>
    /// Copies the WAL into the database file and empties it. The app's own passes read at start, and a checkpoint
    /// cannot empty a WAL a reader still uses: asked again until none does.
    /// </summary>
    private static Task Checkpoint(DbConnection connection) =>
        Poll.Until(() => connection.QuerySingle<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)").Busy == 0, "a full checkpoint");

    [Fact]
    [Trait("Store", "Sqlite")] // SQLite's file and incremental vacuum
    public async Task PruningHandsFreedPagesBackSoTheFileStopsGrowing()
    {
        await using var app = new WazzapApplication();
        await Post(app, "device.connected", app.Time.GetUtcNow());
        var sizes = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            await SeedExpiredMessages(app, 3_000, 1_000);
            var grown = new FileInfo(app.DatabaseId).Length;
            var report = await Prune(app);
            Assert.Equal(3_000, report.RawMessages); // ids are never reused: the cursor finds every round
            using var connection = app.OpenDatabase();
            Assert.Equal(0, connection.ExecuteScalar<long>("PRAGMA freelist_count"));
            // The pass's record, written after its last checkpoint, is still in the WAL: copy it in, to measure the file.
            await Checkpoint(connection);
            Assert.True(report.PagesFreed > 700, $"freed {report.PagesFreed} pages");
            sizes.Add(new FileInfo(app.DatabaseId).Length);
            Assert.True(sizes[^1] < grown / 4, $"{sizes[^1]} bytes after pruning, {grown} before");
        }
        Assert.Equal(sizes[0], sizes[^1]);
    }

    [Fact]
    [Trait("Store", "Sqlite")] // SQLite's write-ahead log
    public async Task PruningKeepsTheWalUnderItsLimitWhileReadersNeverPause()
    {
        // Unchecked, the WAL would grow by all the pass deletes (17 MB here).
        const long limit = 1024 * 1024;
        await using var app = WazzapApplication.WithWalLimit(limit, new Dictionary<string, string?> { ["History:PruneBatchSize"] = "100" });
        var database = app.Services.GetRequiredService<Database>();
        await Post(app, "device.connected", app.Time.GetUtcNow());
        await SeedExpiredMessages(app, 20_000, 500);

        var prune = Prune(app);
        var largest = await Readers.OverlapUntil(database, prune);
        var report = await prune;

        Assert.Equal(20_000, report.RawMessages);
        Assert.True(largest < 2 * limit, $"the WAL reached {largest:N0} bytes with a limit of {limit:N0}");
    }

    [Fact]
    public async Task PruningWhileDeliveriesArriveLosesNothingAcknowledged()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["History:PruneBatchSize"] = "50" });
        await Post(app, "device.connected", app.Time.GetUtcNow());
        await SeedExpiredMessages(app, 5_000, 200);
        var client = app.CreateClient();
        var now = app.Time.GetUtcNow();

        var prune = Prune(app);
        var deliveries = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            var id = Guid.NewGuid().ToString();
            var body = Fixtures.Wazzapi("message.sent", phone: $"62812345{i % 30:D5}", id: id,
                timestamp: now.AddSeconds(-i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            var response = await client.SendAsync(WazzapApplication.WazzapiRequest(body));
            return (id, response.StatusCode);
        }));
        var report = await prune;

        Assert.All(deliveries, d => Assert.Equal(HttpStatusCode.OK, d.StatusCode));
        Assert.Equal(5_000, report.RawMessages);
        Assert.True(report.Batches > 100, $"{report.Batches} batches");
        using var connection = app.OpenDatabase();
        var stored = connection.Query<string>("SELECT dedupe_key FROM events WHERE event_type = 'message.sent'").ToHashSet();
        Assert.Equal(deliveries.Select(d => "wazzapi:" + d.id).ToHashSet(), stored);
        Assert.Equal(300, connection.ExecuteScalar<long>("SELECT sum(sent) FROM message_counts"));
    }
}
