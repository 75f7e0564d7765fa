using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

[Trait("Store", "Sqlite")] // SQLite databases of earlier versions
public class UpgradeTests : IDisposable
{
    private readonly string _path = TestStore.NewDatabase();

    public void Dispose() => WazzapApplication.DeleteDatabase(_path);

    private static readonly long T0 = new DateTimeOffset(2026, 5, 14, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Every kind of event the schema before retention held, with the columns as they were.</summary>
    private static readonly (string Key, string? Attempt, string Source, string Type, string? Phone, string? Account, string? Status, string? Reason, string? Category, long At, string? Actor)[] History =
    [
        ("wazzapi:a1", "att-1", "wazzapi", "device.connected", "+6281234567890", "acc-1", "connected", null, null, T0, null),
        ("wazzapi:a2", "att-2", "wazzapi", "message.sent", "+6281234567890", "acc-1", null, null, null, T0 + 60_000, null),
        ("wazzapi:a3", "att-3", "wazzapi", "message.delivered", "+6281234567890", "acc-1", null, null, null, T0 + 120_000, null),
        ("wazzapi:a4", "att-4", "wazzapi", "message.read", "+6281234567890", "acc-1", null, null, null, T0 + 180_000, null),
        ("wazzapi:a5", "att-5", "wazzapi", "message.received", "+6281234567890", "acc-1", null, null, null, T0 + 3_600_000, null),
        ("wazzapi:a6", "att-6", "wazzapi", "message.failed", "+6281234567890", "acc-1", null, "Recipient not on WhatsApp", null, T0 + 3_660_000, null),
        ("wazzapi:a7", "att-7", "wazzapi", "device.disconnected", "+6281234567890", "acc-1", "disconnected", "phone offline", "phone_offline", T0 + 7_200_000, null),
        ("wazzapi:a8", "att-8", "wazzapi", "message.failed", "+6281234567891", "acc-2", "banned", "Account banned by WhatsApp", "banned", T0 + 7_300_000, null),
        ("wazzap:+6281234567892|disconnected|1", null, "wazzap", "disconnected", "+6281234567892", null, "disconnected", null, "unknown", T0 + 7_400_000, null),
        ("manual:m1", null, "manual", "check_in", "+6281234567890", null, null, null, null, T0 + 7_500_000, "anna"),
        ("manual:m2", null, "manual", "reconnected", "+6281234567890", null, "connected", null, null, T0 + 7_600_000, "anna"),
        ("wazzapi:a9", "att-9", "wazzapi", "session.disconnected", null, "acc-orphan", "disconnected", "Connection closed", "unknown", T0 + 7_700_000, null),
    ];

    /// <summary>The database as today's version left it: migrations 001 to 005 and their version rows.</summary>
    private void CreateWithTheSchemaBeforeRetention()
    {
        using var connection = TestStore.Open(_path);
        connection.Execute("PRAGMA journal_mode = WAL; CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
        foreach (var (version, sql) in Database.Migrations().Where(m => m.Version <= 5))
        {
            connection.Execute(sql);
            connection.Execute("INSERT INTO schema_version (version, applied_at) VALUES (@version, 0)", new { version });
        }
        foreach (var e in History)
        {
            connection.Execute("""
                INSERT INTO events (dedupe_key, attempt_id, source, event_type, phone, account_id, status, reason, reason_category,
                                    occurred_at, received_at, payload, actor)
                VALUES (@Key, @Attempt, @Source, @Type, @Phone, @Account, @Status, @Reason, @Category, @At, @At, '{"kept":true}', @Actor)
                """, new { e.Key, e.Attempt, e.Source, e.Type, e.Phone, e.Account, e.Status, e.Reason, e.Category, e.At, e.Actor });
        }
        connection.Execute("""
            INSERT INTO numbers (phone, status, last_event_at) VALUES ('+6281234567890', 'connected', @T0), ('+6281234567891', 'banned', @T0),
                                                                      ('+6281234567892', 'disconnected', @T0);
            INSERT INTO incident_notes (phone, author, text, created_at) VALUES ('+6281234567890', 'anna', 'rescanned', @T0);
            INSERT INTO incidents (phone, acknowledged_by, acknowledged_at) VALUES ('+6281234567891', 'anna', @T0);
            INSERT INTO alert_relays (channel, last_seq) VALUES ('relay', 0);
            """, new { T0 });
        Assert.Equal(0, connection.ExecuteScalar<long>("PRAGMA auto_vacuum"));
    }

    private static List<object> Rows(SqliteConnection connection) => connection.Query(
        """
        SELECT id, dedupe_key, attempt_id, source, event_type, phone, account_id, status, reason, reason_category,
               occurred_at, received_at, payload, actor FROM events ORDER BY id
        """).Select(r => (object)JsonSerializer.Serialize(r)).ToList();

    [Fact]
    public void ADatabaseFromTheVersionBeforeRetentionIsMigratedWithItsWholeHistory()
    {
        CreateWithTheSchemaBeforeRetention();
        List<object> before;
        using (var connection = new SqliteConnection($"Data Source={_path}")) before = Rows(connection);

        TestStore.Database(_path).Migrate();

        using var migrated = new SqliteConnection($"Data Source={_path}");
        Assert.Equal(before, Rows(migrated));
        Assert.Equal(2, migrated.ExecuteScalar<long>("PRAGMA auto_vacuum")); // switched to incremental by the one-off VACUUM
        Assert.Equal(3, migrated.ExecuteScalar<long>("SELECT count(*) FROM numbers"));
        Assert.Equal(1, migrated.ExecuteScalar<long>("SELECT count(*) FROM incident_notes"));
        Assert.Equal(1, migrated.ExecuteScalar<long>("SELECT count(*) FROM incidents"));
        Assert.Equal(History.Length, migrated.ExecuteScalar<long>("SELECT count(*) FROM dedupe_keys"));
        Assert.Equal(
            [(T0, 1L, 1L, 1L, 0L, 0L), (T0 + 3_600_000, 0L, 0L, 0L, 1L, 1L), (T0 + 7_200_000, 0L, 0L, 0L, 0L, 1L)],
            migrated.Query<(long, long, long, long, long, long)>(
                "SELECT hour_start, sum(sent), sum(delivered), sum(read), sum(received), sum(failed) FROM message_counts GROUP BY hour_start ORDER BY hour_start").ToList());
        Assert.Equal(
            ["events_orphans", "events_phone_history_type", "events_phone_status_time", "events_phone_time", "events_source_received"],
            migrated.Query<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name"));
        // The relay trigger came back with the table: a new event is queued for the relaying channel.
        migrated.Execute("INSERT INTO events (dedupe_key, source, event_type, occurred_at, received_at, payload) VALUES ('k', 'wazzap', 'disconnected', 0, 0, '{}')");
        Assert.Equal(1, migrated.ExecuteScalar<long>("SELECT count(*) FROM relay_queue"));
    }

    [Fact]
    public async Task TheUpgradedAppShowsTheOldHistoryAndKnowsItsDeliveries()
    {
        CreateWithTheSchemaBeforeRetention();

        await using var app = new WazzapApplication(_path);
        var client = app.CreateClient();

        var events = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers/6281234567890/events?limit=100"))!;
        Assert.Equal(9, events.Length);
        var replay = await app.PostWazzapi(Fixtures.Wazzapi("message.sent", id: "a2"));
        Assert.Equal("duplicate", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
    }
}
