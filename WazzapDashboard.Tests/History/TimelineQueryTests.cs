using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.History;

[Trait("Store", "Sqlite")] // SQLite's query plans
public sealed class TimelineQueryTests : IDisposable
{
    private const string Phone = "+6281234567890";
    private static readonly long T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly string _path = TestStore.NewDatabase();
    private readonly Database _database;

    public TimelineQueryTests()
    {
        _database = TestStore.Database(_path);
        _database.Migrate();
    }

    public void Dispose() => WazzapApplication.DeleteDatabase(_path);

    private FleetQueries Fleet => new(_database, TimeProvider.System, Options.Create(new FleetOptions()));

    /// <summary>Straight into the events table, in one transaction: seeding through HTTP would test the writer, not the reads.</summary>
    private void Seed(IEnumerable<(string Type, long OccurredAt, string? Status)> events, string phone = Phone)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        const string sql = """
            INSERT INTO events (dedupe_key, source, event_type, phone, status, occurred_at, received_at, payload)
            VALUES (@key, 'wazzapi', @Type, @phone, @Status, @OccurredAt, @OccurredAt, '{}')
            """;
        using var command = new SqliteCommand(sql, (SqliteConnection)connection, (SqliteTransaction)transaction);
        var key = command.Parameters.Add("@key", SqliteType.Text);
        var type = command.Parameters.Add("@Type", SqliteType.Text);
        command.Parameters.AddWithValue("@phone", phone);
        var status = command.Parameters.Add("@Status", SqliteType.Text);
        var at = command.Parameters.Add("@OccurredAt", SqliteType.Integer);
        foreach (var e in events)
        {
            key.Value = Guid.NewGuid().ToString();
            type.Value = e.Type;
            status.Value = (object?)e.Status ?? DBNull.Value;
            at.Value = e.OccurredAt;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private List<EventView> AllPages(int pageSize, string? type = null)
    {
        var all = new List<EventView>();
        while (true)
        {
            var page = Fleet.Events(Phone, pageSize, all.Count > 0 ? all[^1].Id : null, type);
            all.AddRange(page);
            if (page.Count < pageSize) return all;
        }
    }

    [Fact]
    public void PagesNeitherSkipNorRepeatEventsThatShareATime()
    {
        Seed(Enumerable.Range(0, 20).Select(i => (i % 3 == 0 ? "device.connected" : "message.sent", T0 + i / 4 * 1000, (string?)null)));

        var paged = AllPages(pageSize: 3);

        var expected = Fleet.Events(Phone, 100);
        Assert.Equal(20, paged.Count);
        Assert.Equal(expected.Select(e => e.Id), paged.Select(e => e.Id));
        Assert.Equal(paged.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Select(e => e.Id), paged.Select(e => e.Id));
    }

    [Fact]
    public void TheTypeFilterPagesThroughOneTypeOnly()
    {
        Seed(Enumerable.Range(0, 20).Select(i => (i % 3 == 0 ? "device.connected" : "message.sent", T0 + i / 4 * 1000, (string?)null)));

        var connected = AllPages(pageSize: 2, type: "device.connected");

        Assert.Equal(7, connected.Count);
        Assert.All(connected, e => Assert.Equal("device.connected", e.EventType));
        Assert.Equal(AllPages(50).Where(e => e.EventType == "device.connected").Select(e => e.Id), connected.Select(e => e.Id));
    }

    [Fact]
    public void ACursorFromAnotherNumberGivesAnEmptyPage()
    {
        Seed([("message.sent", T0, null)], phone: "+6281200000000");
        var foreignId = Fleet.Events("+6281200000000", 1)[0].Id;
        Seed([("message.sent", T0, null)]);

        Assert.Empty(Fleet.Events(Phone, 10, foreignId));
    }

    [Fact]
    public async Task TheApiFiltersByType()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-10T08:00:00Z", reason: "phone offline"));
        await app.PostWazzapi(Fixtures.Wazzapi("message.sent", timestamp: "2026-05-10T08:01:00Z"));
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-10T08:02:00Z"));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-10T08:03:00Z", reason: "phone offline"));
        var client = app.CreateClient();

        var first = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers/6281234567890/events?type=device.disconnected&limit=1"))!;
        var second = (await client.GetFromJsonAsync<JsonElement[]>($"/api/numbers/6281234567890/events?type=device.disconnected&limit=1&before={first[0].GetProperty("id").GetInt64()}"))!;

        Assert.Equal(["08:03", "08:00"], first.Concat(second).Select(e => e.GetProperty("occurredAt").GetDateTimeOffset().ToString("HH:mm")));
    }

    [Fact]
    public void AHundredThousandEventsOnOneNumberAreReadByIndexRangeScans()
    {
        // Mostly message traffic, a status change every 500 events, a minute apart (~70 days).
        using (var connection = _database.Open())
        {
            const string seed = """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
                INSERT INTO events (dedupe_key, source, event_type, phone, status, occurred_at, received_at, payload)
                SELECT 'seed-' || i, 'wazzapi',
                       CASE i % 500 WHEN 0 THEN 'device.disconnected' WHEN 250 THEN 'device.connected' ELSE 'message.sent' END,
                       @phone,
                       CASE i % 500 WHEN 0 THEN 'disconnected' WHEN 250 THEN 'connected' END,
                       @t0 + i * 60000, @t0 + i * 60000, '{}'
                FROM n
                """;
            connection.Execute(seed, new { phone = Phone, t0 = T0 });
        }
        Seed([("message.sent", T0, null)], phone: "+6281200000000");

        var deep = Fleet.Events(Phone, 50, beforeId: 60_000);
        var connected = Fleet.Events(Phone, 50, beforeId: 60_000, eventType: "device.connected");
        var changes = new HistoryQueries(_database).StatusChanges(Phone, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 90_000 * 60_000L));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => 59_999L - i), deep.Select(e => e.Id));
        Assert.Equal(50, connected.Count);
        Assert.All(connected, e => Assert.Equal("device.connected", e.EventType));
        Assert.Equal(41, changes.Count); // 40 in the window + the one in force when it opens
        // Seeded straight into events, so no counters: message kinds come from the counters.
        Assert.Equal(["device.connected", "device.disconnected"], new HistoryQueries(_database).EventTypes(Phone));

        var parameters = new { phone = Phone, eventType = "device.connected", at = T0 + 60_000 * 60_000L, id = 60_000L, limit = 51, since = T0, cutoff = T0 };
        AssertIndexRange(FleetQueries.EventsSql, parameters, "events_phone_time");
        AssertIndexRange(FleetQueries.EventsOfTypeSql, parameters, "events_phone_history_type");
        AssertIndexRange(FleetQueries.StatusEventsSql, parameters, "events_phone_status_time");
        AssertIndexRange(HistoryQueries.StatusChangesSql, parameters, "events_phone_status_time");
        AssertIndexRange(HistoryQueries.EventTypesSql, parameters, "events_phone_history_type");
        // The timeline: a page of events and a page of hourly counters, each read by its index; only
        // those two pages (at most twice the limit) are sorted together.
        using var reader = _database.Open();
        var plan = reader.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + TimelineQueries.AllSql, parameters)
            .Select(p => p.Detail).ToList();
        Assert.Contains(plan, step => step.StartsWith("SEARCH events USING INDEX events_phone_time (phone=?", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH message_counts USING", StringComparison.Ordinal) && step.Contains("message_counts_phone (phone=?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN events", StringComparison.Ordinal) || step.StartsWith("SCAN message_counts", StringComparison.Ordinal));
    }

    /// <summary>The plan searches <paramref name="index"/> and never scans the table or sorts in a temporary b-tree.</summary>
    private void AssertIndexRange(string sql, object parameters, string index)
    {
        using var connection = _database.Open();
        var plan = connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)
            .Select(p => p.Detail).ToList();

        Assert.Contains(plan, step => step.StartsWith("SEARCH events USING", StringComparison.Ordinal) && step.Contains($"INDEX {index} (phone=?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN events", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
