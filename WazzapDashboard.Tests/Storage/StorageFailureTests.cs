using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

/// <summary>
/// A database that refuses writes (disk full, read-only) answers 503 with Retry-After, acknowledges nothing,
/// says so once in the log and on /healthz, and recovers by itself. The "disk" is the writer's own
/// connection: PRAGMA max_page_count caps the file where it is (SQLITE_FULL), query_only makes it read-only.
/// </summary>
[Trait("Store", "Sqlite")] // SQLite's own failures (full, read-only, unopenable file)
public class StorageFailureTests
{
    public static TheoryData<string, string, string> Failures => new()
    {
        { "PRAGMA max_page_count = 1", "PRAGMA max_page_count = 4294967294", "full" },
        { "PRAGMA query_only = 1", "PRAGMA query_only = 0", "readonly" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AFullOrReadOnlyDatabaseAnswers503UntilItTakesWritesAgain(string fail, string recover, string says)
    {
        var path = TestStore.NewDatabase();
        SqliteConnection? writer = null;
        var database = new Database($"Data Source={path}") { WriterOpened = c => writer = (SqliteConnection)c };
        database.Migrate();
        var log = new LogCapture();
        await using var app = new WazzapApplication(path, services: s =>
        {
            s.AddSingleton(database);
            s.AddSingleton<ILoggerProvider>(log);
        });
        var client = app.CreateClient();
        await app.RiskPassDone(); // the writer is open and idle
        Assert.Equal(HttpStatusCode.OK, (await app.PostWazzapi(Delivery(0))).StatusCode);

        var disk = writer!;
        disk.Execute(fail);
        var refused = new List<HttpResponseMessage>();
        for (var i = 1; i <= 5; i++) refused.Add(await app.PostWazzapi(Delivery(i)));
        refused.Add(await client.PostAsJsonAsync("/api/numbers", new { phone = "+6281111111111", notes = new string('n', 4000) }));
        refused.Add(await client.PostAsJsonAsync("/api/numbers/+6281234567890/check-in", new { note = new string('n', 4000) }));

        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(r.Headers.RetryAfter);
        });
        Assert.Equal(1, app.Count("events"));
        Assert.Equal(1, app.Count("numbers"));
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains($"Unhealthy: Writes fail since {app.Time.GetUtcNow():O}", await health.Content.ReadAsStringAsync());
        Assert.Contains(says, await health.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Single(log.Lines, l => l.Contains("refuses writes", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && !l.Contains("refuses writes", StringComparison.Ordinal));

        disk.Execute(recover);
        var after = await app.PostWazzapi(Delivery(6));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, app.Count("events"));
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Single(log.Lines, l => l.Contains("takes writes again", StringComparison.Ordinal));

        // A second episode is logged again.
        disk.Execute(fail);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.PostWazzapi(Delivery(7))).StatusCode);
        Assert.Equal(2, log.Lines.Count(l => l.Contains("refuses writes", StringComparison.Ordinal)));
        disk.Execute(recover);
    }

    [Fact]
    public async Task ADatabaseThatCannotBeOpenedAnswers503AndTheWriterKeepsTrying()
    {
        var path = TestStore.NewDatabase();
        var failing = true;
        var database = new Database($"Data Source={path}")
        {
            WriterOpened = c => { if (failing) throw new SqliteException("unable to open database file", 14); },
        };
        database.Migrate();
        await using var app = new WazzapApplication(path, services: s => s.AddSingleton(database));

        var refused = await app.PostWazzapi(Delivery(1));
        var again = await app.PostWazzapi(Delivery(2));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (refused.StatusCode, again.StatusCode));
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.StartsWith("Unhealthy", await (await app.CreateClient().GetAsync("/healthz")).Content.ReadAsStringAsync());

        failing = false;
        Assert.Equal(HttpStatusCode.OK, (await app.PostWazzapi(Delivery(3))).StatusCode);
        Assert.Equal(1, app.Count("events"));
    }

    /// <summary>A delivery big enough to need new pages in the database (payloads are kept whole).</summary>
    private static string Delivery(int i) =>
        Fixtures.Wazzapi("device.connected", timestamp: $"2026-05-15T11:00:{i:D2}Z", reason: new string('r', 100_000));
}
