using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

[Trait("Store", "Sqlite")] // SQLite's write-ahead log
public class WalTests
{
    [Fact]
    public async Task DeliveriesKeepTheWalUnderItsLimitWhileReadersNeverPause()
    {
        // With a reader always on an older snapshot the automatic checkpoints never let the WAL start over:
        // unchecked, it grows with every commit (to 18 MB here).
        const long limit = 512 * 1024;
        await using var app = WazzapApplication.WithWalLimit(limit);
        var database = app.Services.GetRequiredService<Database>();

        var deliveries = Post(app, 600);
        var largest = await Readers.OverlapUntil(database, deliveries);

        Assert.All(await deliveries, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(largest < 2 * limit, $"the WAL reached {largest:N0} bytes with a limit of {limit:N0}");
    }

    /// <summary>Messages from 50 numbers, one at a time, so each is its own commit.</summary>
    private static async Task<List<HttpStatusCode>> Post(WazzapApplication app, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var body = Fixtures.Wazzapi("message.sent", phone: $"62812345{i % 50:D5}", id: Guid.NewGuid().ToString());
            statuses.Add((await app.PostWazzapi(body)).StatusCode);
        }
        return statuses;
    }
}
