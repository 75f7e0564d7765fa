using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
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
    private Instance? _a;
    private Instance? _b;

    public async Task InitializeAsync()
    {
        _redis = await TestRedis.Connect();
        // A first: it migrates the database and makes the admin; then B.
        _a = await Instance.Start("A", Settings("A"));
        _b = await Instance.Start("B", Settings("B"));
    }

    private Dictionary<string, string> Settings(string name) => new()
    {
        ["Instance__Name"] = name,
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

    private static HttpRequestMessage Delivery(Instance to, string phone, string type, string timestamp, string? id = null)
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

    /// <summary>The app's build output, started with <c>dotnet WazzapDashboard.dll</c> in Production on a free loopback port.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Instance(Process process, Uri url)
        {
            _process = process;
            Url = url;
        }

        public Uri Url { get; }

        public static async Task<Instance> Start(string name, Dictionary<string, string> settings)
        {
            var url = new Uri($"http://127.0.0.1:{WazzapApplication.FreePort()}");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WazzapDashboard.dll"));
            foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(inherited);
            }
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
            // Each its own keys folder, as on two machines: sign-in works on both only through Redis.
            start.Environment["DataProtection__KeysFolder"] = Path.Combine(Path.GetTempPath(), $"wazzap-test-keys-{name}-{Guid.NewGuid():N}");
            foreach (var (key, value) in settings) start.Environment[key] = value;

            var instance = new Instance(Process.Start(start)!, url);
            instance._process.OutputDataReceived += (_, e) => { lock (instance._output) instance._output.AppendLine(e.Data); };
            instance._process.ErrorDataReceived += (_, e) => { lock (instance._output) instance._output.AppendLine(e.Data); };
            instance._process.BeginOutputReadLine();
            instance._process.BeginErrorReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
                await Poll.Until(() =>
                {
                    if (instance._process.HasExited) throw new InvalidOperationException($"Instance {name} exited:\n{instance.Output}");
                    try
                    {
                        return client.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false; // not listening yet
                    }
                }, $"instance {name} to answer /healthz", within: 2 * Poll.Deadline);
                return instance;
            }
            catch
            {
                await instance.DisposeAsync();
                throw;
            }
        }

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        /// <summary>kill -9: no shutdown, no lease given back.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
