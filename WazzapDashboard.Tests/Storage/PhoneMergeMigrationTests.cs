using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

/// <summary>Migration 008 on a database written before it, holding one Mexican phone under two spellings.</summary>
[Trait("Store", "Sqlite")] // SQLite's migration 8
public class PhoneMergeMigrationTests
{
    private const string Legacy = "+5215511112222";
    private const string Canonical = "+525511112222";
    private static readonly DateTimeOffset T = new(2026, 5, 15, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A database at version 7: migrated, then 008 taken back out, with the phone stored twice.</summary>
    private static string DatabaseHoldingAPhoneTwice(bool legacyIsNewer = true)
    {
        var path = TestStore.NewDatabase();
        TestStore.Database(path).Migrate();
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Execute("""
            ALTER TABLE numbers DROP COLUMN silent_since;
            DROP INDEX events_source_received;
            DELETE FROM schema_version WHERE version = 8;
            """);
        long Ms(double hours) => T.AddHours(hours).ToUnixTimeMilliseconds();
        // The canonical spelling: on the roster with a client, connected an hour in.
        connection.Execute("""
            INSERT INTO numbers (phone, country, account_name, status, state_event_at, status_changed_at, last_event_at, phone_last_seen_at, client, owner)
            VALUES (@Canonical, 'MX', 'Ventas', 'connected', @c, @c, @c, @c, 'Acme', NULL)
            """, new { Canonical, c = Ms(legacyIsNewer ? 1 : 3) });
        // The legacy spelling, as a WhatsApp id wrote it: dropped two hours in, with a label and an owner.
        connection.Execute("""
            INSERT INTO numbers (phone, country, account_name, status, reason, reason_category, state_event_at, status_changed_at, last_event_at, phone_last_seen_at, label, owner)
            VALUES (@Legacy, 'MX', NULL, 'disconnected', 'Phone offline', 'phone_offline', @d, @d, @d, @seen, 'Front desk', 'José')
            """, new { Legacy, d = Ms(2), seen = Ms(-5) });
        var events = new[]
        {
            ("e1", Canonical, "device.connected", (string?)"connected", Ms(1)),
            ("e2", Legacy, "device.connected", "connected", Ms(0)),
            ("e3", Legacy, "device.disconnected", "disconnected", Ms(2)),
        };
        foreach (var (key, phone, type, status, at) in events)
        {
            connection.Execute("""
                INSERT INTO events (dedupe_key, source, event_type, phone, status, occurred_at, received_at, payload)
                VALUES (@key, 'wazzapi', @type, @phone, @status, @at, @at, '{}')
                """, new { key, phone, type, status, at });
        }
        // Hourly message counters under both spellings, one hour in common.
        connection.Execute("""
            INSERT INTO message_counts (hour_start, phone, sent, delivered, read, received, failed)
            VALUES (@h1, @Canonical, 10, 8, 5, 2, 1), (@h1, @Legacy, 4, 4, 0, 0, 2), (@h2, @Legacy, 1, 0, 0, 0, 0)
            """, new { Canonical, Legacy, h1 = Ms(0), h2 = Ms(1) });
        connection.Execute("INSERT INTO incident_notes (phone, author, text, created_at) VALUES (@Legacy, 'Ana', 'Called the shop', @at)",
            new { Legacy, at = Ms(2.5) });
        connection.Execute("INSERT INTO incidents (phone, acknowledged_by, acknowledged_at, outage_since) VALUES (@Legacy, 'Ana', @at, @d)",
            new { Legacy, at = Ms(2.5), d = Ms(2) });
        return path;
    }

    [Fact]
    public async Task APhoneStoredTwiceBecomesOneNumberWithBothHistoriesAndTheNewestState()
    {
        var path = DatabaseHoldingAPhoneTwice();
        try
        {
            await using var app = new WazzapApplication(path);
            var client = app.CreateClient();

            var numbers = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers"))!;
            var number = Assert.Single(numbers);
            Assert.Equal(Canonical, number.GetProperty("phone").GetString());
            // The legacy row's drop is the newer status event: it wins.
            Assert.Equal("disconnected", number.GetProperty("status").GetString());
            Assert.Equal("phone_offline", number.GetProperty("reasonCategory").GetString());
            // Roster details from both, the canonical row's first; the account name from whichever had one.
            Assert.Equal(("Acme", "Front desk", "José", "Ventas"), (number.GetProperty("client").GetString(),
                number.GetProperty("label").GetString(), number.GetProperty("owner").GetString(), number.GetProperty("accountName").GetString()));
            Assert.Equal("Ana", number.GetProperty("acknowledgedBy").GetString());

            var history = (await client.GetFromJsonAsync<JsonElement[]>($"/api/numbers/{Uri.EscapeDataString(Legacy)}/events"))!;
            Assert.Equal(["device.disconnected", "device.connected", "device.connected"], history.Select(e => e.GetProperty("eventType").GetString()));
            var notes = (await client.GetFromJsonAsync<JsonElement[]>($"/api/numbers/{Canonical}/notes"))!;
            Assert.Equal("Called the shop", Assert.Single(notes).GetProperty("text").GetString());
            Assert.Equal(1, app.Count("numbers"));
            using var db = new SqliteConnection($"Data Source={path}");
            var counts = db.Query<(string Phone, long Sent, long Failed)>("SELECT phone, sent, failed FROM message_counts ORDER BY hour_start").ToList();
            Assert.Equal([(Canonical, 14L, 3L), (Canonical, 1L, 0L)], counts);
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task WhenTheCanonicalSpellingIsNewerItsStateWinsAndTheOlderAcknowledgementGoes()
    {
        var path = DatabaseHoldingAPhoneTwice(legacyIsNewer: false);
        try
        {
            await using var app = new WazzapApplication(path);

            var number = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{Canonical}");
            Assert.Equal("connected", number.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, number.GetProperty("acknowledgedBy").ValueKind);
            // The phone was seen by whichever spelling saw it last.
            Assert.Equal(T.AddHours(3), number.GetProperty("phoneLastSeenAt").GetDateTimeOffset());
            Assert.Equal(0, app.Count("incidents"));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task ANumberStoredOnlyUnderItsLegacySpellingIsRenamed()
    {
        var path = TestStore.NewDatabase();
        try
        {
            TestStore.Database(path).Migrate();
            using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                connection.Execute("""
                    ALTER TABLE numbers DROP COLUMN silent_since;
                    DROP INDEX events_source_received;
                    DELETE FROM schema_version WHERE version = 8;
                    INSERT INTO numbers (phone, status, client) VALUES ('+551187654321', 'unknown', 'Loja');
                    """);
            }

            await using var app = new WazzapApplication(path);

            var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/+5511987654321");
            Assert.Equal(("+5511987654321", "Loja"), (number.GetProperty("phone").GetString(), number.GetProperty("client").GetString()));
            Assert.Equal(1, app.Count("numbers"));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }
}
