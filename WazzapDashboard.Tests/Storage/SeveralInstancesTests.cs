using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

/// <summary>
/// Two instances on one database, each with its own writer: the database, not one process, keeps
/// deliveries unique and the newest event in charge of a number's state.
/// </summary>
public class SeveralInstancesTests
{
    [Fact]
    public async Task DeliveriesSpreadOverTwoInstancesAreStoredOnceAndTheNewestEventWins()
    {
        var id = TestStore.NewDatabase();
        try
        {
            await using var a = new WazzapApplication(id);
            await using var b = new WazzapApplication(id, time: a.Time);
            const int numbers = 20, rounds = 10;
            // Each number connects and disconnects in turn; every delivery goes to both instances at once
            // (a retry racing its original), in shuffled order.
            var deliveries = (
                from round in Enumerable.Range(0, rounds)
                from n in Enumerable.Range(0, numbers)
                select (Body: Fixtures.Wazzapi(round % 2 == 0 ? "device.connected" : "device.disconnected",
                            phone: $"62812345{n:D5}", timestamp: $"2026-05-15T10:{round:D2}:00Z", id: $"evt-{round}-{n}",
                            reason: round % 2 == 0 ? "Connected" : "Logged out"),
                        Id: $"attempt-{round}-{n}")).ToList();
            var shuffled = deliveries.OrderBy(_ => Random.Shared.Next()).ToList();
            var clientA = a.CreateClient();
            var clientB = b.CreateClient();

            var answers = await Task.WhenAll(shuffled.SelectMany(d => new[]
            {
                Result(clientA, d.Body, d.Id),
                Result(clientB, d.Body, d.Id),
            }));

            Assert.Equal(deliveries.Count, answers.Count(r => r == "stored"));
            Assert.Equal(deliveries.Count, answers.Count(r => r == "duplicate"));
            Assert.Equal(deliveries.Count, a.Count("events"));
            using var connection = a.OpenDatabase();
            // The last round (9, odd) disconnected every number, whatever order the deliveries came in.
            var statuses = connection.Query<string>("SELECT status FROM numbers").ToList();
            Assert.Equal(numbers, statuses.Count);
            Assert.All(statuses, s => Assert.Equal("disconnected", s));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(id);
        }
    }

    [Fact]
    public async Task OnPostgreSqlTheAppMakesNoBackupsAndSaysSo()
    {
        var id = TestStore.NewDatabase(DatabaseProvider.Postgres);
        try
        {
            await using var app = new WazzapApplication(id);

            var response = await app.CreateClient().PostAsync("/api/admin/backup", null);

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("pg_dump", await response.Content.ReadAsStringAsync());
            Assert.Null(Maintenance.Read(app.Services.GetRequiredService<Database>(), Maintenance.Backup).LastStartedAt);
        }
        finally
        {
            WazzapApplication.DeleteDatabase(id);
        }
    }

    private static async Task<string> Result(HttpClient client, string body, string attemptId)
    {
        var response = await client.SendAsync(WazzapApplication.WazzapiRequest(body, attemptId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString()!;
    }
}
