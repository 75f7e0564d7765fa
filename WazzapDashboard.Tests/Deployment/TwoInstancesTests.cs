using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Deployment;

/// <summary>
/// Two instances of the built app, each its own process, on one PostgreSQL database and one Redis, as
/// behind a load balancer: deliveries go to either, a hub client and a browser on A see them all, and
/// when A is killed (kill -9) under load nothing it acknowledged is lost and B takes its jobs over.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoInstancesTests(Browser browser) : IAsyncLifetime
{
    private readonly string _database = TestStore.NewDatabase(DatabaseProvider.Postgres);
    private TestRedis? _redis;
    private AppProcess? _a;
    private AppProcess? _b;

    public async Task InitializeAsync()
    {
        _redis = await TestRedis.Connect();
        // A first: it migrates the database and makes the admin; then B.
        _a = await Start("A");
        _b = await Start("B");
    }

    /// <summary>The app's build output, on a free loopback port.</summary>
    private Task<AppProcess> Start(string name) => AppProcess.Start(Path.Combine(AppContext.BaseDirectory, "WazzapDashboard.dll"),
        AppContext.BaseDirectory, new Uri($"http://127.0.0.1:{WazzapApplication.FreePort()}"), Settings(name));

    private Dictionary<string, string> Settings(string name) => new()
    {
        ["Instance__Name"] = name,
        // Each its own keys folder, as on two machines: sign-in works on both only through Redis.
        ["DataProtection__KeysFolder"] = Path.Combine(Path.GetTempPath(), $"wazzap-test-keys-{name}-{Guid.NewGuid():N}"),
        // The shortest lease: a dead holder's jobs move within seconds, not the default 40.
        ["Instance__LeaseDuration"] = "00:00:03",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Fleet"] = TestStore.ConnectionString(_database),
        ["Redis__Configuration"] = TestRedis.Configuration,
        ["Redis__Prefix"] = _redis!.Prefix,
        ["Wazzapi__WebhookSecrets__0"] = WazzapApplication.Secret,
        ["Dashboard__ApiKeys__0"] = WazzapApplication.ApiKey,
        ["Dashboard__AdminUser"] = WazzapApplication.AdminUser,
        ["Dashboard__AdminPassword"] = WazzapApplication.AdminPassword,
        // Every delivery comes from 127.0.0.1: the per-address webhook limit would stop the load.
        ["RateLimits__WebhooksPerSecond"] = "1000000",
    };

    [Fact]
    public async Task DeliveriesToEitherReachAAndWhenAIsKilledNothingAcknowledgedIsLostAndBTakesItsJobs()
    {
        var a = _a!;
        var b = _b!;
        // A hub client and a browser on A.
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(a.Url, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", WazzapApplication.ApiKey))
            .Build();
        var seen = new ConcurrentDictionary<string, string>();
        hub.On<JsonElement>("NumbersChanged", batch =>
        {
            foreach (var view in batch.EnumerateArray()) seen[view.GetProperty("phone").GetString()!] = view.GetProperty("status").GetString()!;
        });
        await hub.StartAsync();
        var grid = await browser.Open(a.Url);

        // Deliveries sent alternately to A and B: every change reaches A's hub client, and the grid on A.
        using var client = new HttpClient();
        var phones = Enumerable.Range(0, 20).Select(i => $"+6281300000{i:D3}").ToList();
        for (var i = 0; i < phones.Count; i++)
        {
            var to = i % 2 == 0 ? a : b;
            var answer = await client.SendAsync(Delivery(to, phones[i], "device.disconnected", $"2026-05-15T10:00:{i:D2}Z"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        await Poll.Until(() => phones.All(p => seen.GetValueOrDefault(p) == "disconnected"), "A's hub client to see every change");
        await Expect(grid.Page.Locator("[data-counter=disconnected] .counter-value")).ToHaveTextAsync(phones.Count.ToString());
        var fromB = grid.Page.Locator("tbody tr", new PageLocatorOptions { HasText = "+62 813-0000-0001" });
        await Expect(fromB.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "Disconnected");
        grid.AssertNoProblems();
        await grid.Page.CloseAsync(); // before A dies under it

        // A, started first, holds the jobs that run once.
        using var connection = TestStore.Open(_database);
        await Poll.Until(() => connection.Query<string>("SELECT holder FROM leases").Contains("A"), "A to hold a job's lease");

        // Load on both, and A killed in the middle of it.
        var acknowledged = new ConcurrentBag<string>();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                var id = $"load-{worker}-{n}";
                var to = n % 2 == 0 ? a : b;
                try
                {
                    var answer = await client.SendAsync(Delivery(to, phones[n % phones.Count], "message.sent", "2026-05-15T10:30:00Z", id));
                    if (answer.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                }
                catch (HttpRequestException)
                {
                    // A is gone: what it never answered was never promised.
                }
            }
        })));
        await Poll.Until(() => acknowledged.Count >= 300, "300 deliveries acknowledged before the kill");
        a.Kill();
        var atKill = acknowledged.Count;
        await Poll.Until(() => acknowledged.Count >= atKill + 300, "B to go on acknowledging after A died");
        await stopLoad.CancelAsync();
        await load;

        var stored = connection.Query<string>("SELECT dedupe_key FROM events WHERE event_type = 'message.sent'").ToHashSet();
        var lost = acknowledged.Where(id => !stored.Contains("wazzapi:" + id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged deliveries were not stored: {string.Join(", ", lost.Take(5))}");

        // Every job A held moves to B.
        await Poll.Until(() => connection.Query<string>("SELECT holder FROM leases").ToList() is { Count: > 0 } holders && holders.All(h => h == "B"),
            "B to hold every job's lease");
    }

    private static HttpRequestMessage Delivery(AppProcess to, string phone, string type, string timestamp, string? id = null)
    {
        var request = WazzapApplication.WazzapiRequest(Fixtures.Wazzapi(type, phone: phone.TrimStart('+'), timestamp: timestamp,
            reason: type == "device.disconnected" ? "Logged out" : null, accountId: null, id: id ?? Guid.NewGuid().ToString()));
        request.RequestUri = new Uri(to.Url, request.RequestUri!);
        return request;
    }

    public async Task DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        TestStore.Delete(_database);
    }
}
