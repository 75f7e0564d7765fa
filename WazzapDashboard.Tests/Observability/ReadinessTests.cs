using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Webhooks.Payloads;

namespace WazzapDashboard.Tests.Observability;

public class ReadinessTests
{
    [Fact]
    public async Task ReadinessFailsWhenTheDatabaseCannotBeWrittenWhileLivenessHolds()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
        await app.RiskPassDone();

        // SQLite's own read-only mark (file format write version 3), which holds for root too, unlike file modes:
        // move everything out of the WAL, set the mark in the file, and drop pooled connections that cached page 1.
        using (var connection = new SqliteConnection($"Data Source={app.DatabaseId}"))
        {
            connection.Open();
            // A checkpoint cannot empty a WAL a reader still uses (the app's own passes read): asked again until none does.
            await Poll.Until(() => connection.QuerySingle<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)").Busy == 0,
                "a full checkpoint");
        }
        using (var file = new FileStream(app.DatabaseId, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 18;
            file.WriteByte(3);
        }
        SqliteConnection.ClearAllPools();

        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var check = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("database-writable");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains("readonly", check.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task ReadinessFailsWhileTheWriteQueueIsFull()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Ingest:QueueCapacity"] = "1" });
        var client = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
        await app.RiskPassDone();
        var writer = app.Services.GetRequiredService<FleetWriter>();

        // Hold the write lock: the writer takes the first delivery and stalls on it; the second fills the queue.
        using var blocker = TestStore.Open(app.DatabaseId);
        using (var begin = blocker.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; begin.ExecuteNonQuery(); }
        var first = writer.TrySubmit(Event("2026-05-10T08:00:01Z"))!;
        await Poll.Until(() => Assert.Equal(0, writer.QueueDepth));
        var second = writer.TrySubmit(Event("2026-05-10T08:00:02Z"))!;

        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var check = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("writer");
        Assert.Equal("The write queue is full (1 of 1).", check.GetProperty("description").GetString());

        using (var rollback = blocker.CreateCommand()) { rollback.CommandText = "ROLLBACK"; rollback.ExecuteNonQuery(); }
        await Task.WhenAll(first, second);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
    }

    private static FleetEvent Event(string timestamp) =>
        PayloadParser.Wazzapi(new Delivery(Fixtures.Wazzapi("message.sent", timestamp: timestamp), null, DateTimeOffset.UtcNow)).Event!;
}
