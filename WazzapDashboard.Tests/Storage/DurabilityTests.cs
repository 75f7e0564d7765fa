using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

public class DurabilityTests
{
    [Fact]
    public async Task StateSurvivesARestart()
    {
        var path = TestStore.NewDatabase();
        try
        {
            await using (var first = new WazzapApplication(path))
            {
                await first.PostWazzapi(Fixtures.WazzapiConnected);
                await first.PostWazzapi(Fixtures.WazzapiDisconnected);
            }

            await using var second = new WazzapApplication(path);
            var number = await second.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/6281234567890");
            Assert.Equal("disconnected", number.GetProperty("status").GetString());
            Assert.Equal(2, second.Count("events"));
            var replay = await second.PostWazzapi(Fixtures.WazzapiConnected);
            Assert.Equal("duplicate", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task ConcurrentDeliveriesAreAllStored()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();
        const int count = 400;

        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.SendAsync(WazzapApplication.WazzapiRequest(
                Fixtures.Wazzapi("message.sent", phone: $"62812345{i % 40:D5}", timestamp: $"2026-05-10T08:{i / 40:D2}:{i % 60:D2}Z")))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(count, app.Count("events"));
        Assert.Equal(40, app.Count("numbers"));
    }

    [Fact]
    [Trait("Store", "Sqlite")] // holds SQLite's write lock to stall the writer
    public async Task FullQueueAnswers503WithRetryAfterAndAcknowledgesNothingUncommitted()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Ingest:QueueCapacity"] = "1" });
        var client = app.CreateClient();
        await client.GetAsync("/healthz"); // start the app and its writer
        await app.RiskPassDone(); // its start-up pass must not hold the one queue slot

        // Hold the database's write lock so the writer stalls on its first batch.
        using var blocker = TestStore.Open(app.DatabaseId);
        using (var begin = blocker.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; begin.ExecuteNonQuery(); }

        var posts = Enumerable.Range(0, 6)
            .Select(i => client.SendAsync(WazzapApplication.WazzapiRequest(Fixtures.Wazzapi("message.sent", timestamp: $"2026-05-10T08:00:0{i}Z"))))
            .ToList();
        var refused = await Task.WhenAny(posts);
        var refusal = await refused;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.StatusCode);
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refusal.Headers.RetryAfter);
        Assert.Equal(0, app.Count("events"));

        using (var rollback = blocker.CreateCommand()) { rollback.CommandText = "ROLLBACK"; rollback.ExecuteNonQuery(); }
        var all = await Task.WhenAll(posts);
        var accepted = all.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(accepted, 1, 2);
        Assert.Equal(accepted, app.Count("events"));
        Assert.All(all, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }
}
