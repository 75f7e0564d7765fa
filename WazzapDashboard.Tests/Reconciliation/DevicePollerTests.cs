using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WazzapDashboard.Fleet;
using WazzapDashboard.Reconciliation;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Reconciliation;

/// <summary>The poller against an in-process fake of Wazzapi's device API, the whole app around it.</summary>
public class DevicePollerTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private const string Phone = "+6281234567890";

    private sealed class Harness : IAsyncDisposable
    {
        public Harness(Action<FakeDeviceApi>? arrange = null, NumberState[]? seed = null, params (string Key, string? Value)[] settings)
            : this(arrange, seed, null, settings)
        {
        }

        /// <param name="services">Replaces app services before start, such as a change feed recorded from the first poll.</param>
        public Harness(Action<FakeDeviceApi>? arrange, NumberState[]? seed, Action<IServiceCollection>? services, params (string Key, string? Value)[] settings)
        {
            Time = new FakeTimeProvider(Now);
            Api = new FakeDeviceApi(Time);
            arrange?.Invoke(Api);
            var path = TestStore.NewDatabase();
            if (seed is { Length: > 0 })
            {
                var database = TestStore.Database(path);
                database.Migrate();
                using var connection = database.Open();
                foreach (var number in seed) FleetWriter.Save(connection, null, number);
            }
            var all = new Dictionary<string, string?>
            {
                ["Wazzapi:ApiKey"] = FakeDeviceApi.ApiKey,
                ["Wazzapi:ApiBaseUrl"] = "https://wazzapi.test",
                ["Wazzapi:RequestTimeout"] = "00:00:10",
            };
            foreach (var (key, value) in settings) all[key] = value;
            App = new WazzapApplication(path, settings: all, time: Time,
                services: s =>
                {
                    s.AddHttpClient<WazzapiDevices>().ConfigurePrimaryHttpMessageHandler(() => Api);
                    services?.Invoke(s);
                });
            _path = path;
            _settings = all;
        }

        private readonly string _path;
        private readonly Dictionary<string, string?> _settings;

        /// <summary>A second instance on the same database, device API and clock, as behind a load balancer.</summary>
        public WazzapApplication AnotherInstance() => new(_path, settings: _settings, time: Time,
            services: s => s.AddHttpClient<WazzapiDevices>().ConfigurePrimaryHttpMessageHandler(() => Api));
        public FakeTimeProvider Time { get; }
        public FakeDeviceApi Api { get; }
        public WazzapApplication App { get; }
        public ReconciliationStatus Status => App.Services.GetRequiredService<ReconciliationStatus>();
        public PollResult Last => Status.Snapshot().Last!;

        /// <summary>Waits for poll number <paramref name="count"/> to finish, moving the fake clock by <paramref name="step"/> meanwhile (zero: not at all).</summary>
        public Task Polled(int count = 1, TimeSpan step = default)
        {
            _ = App.Services;
            return Poll.Until(() =>
            {
                if (Status.Completed >= count) return true;
                if (step > TimeSpan.Zero) Time.Advance(step);
                return false;
            }, $"poll {count} to finish");
        }

        public async Task<JsonElement> Number(string phone = Phone) =>
            await App.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{Uri.EscapeDataString(phone)}");

        public async Task<JsonElement[]> Events(string phone = Phone) =>
            (await App.CreateClient().GetFromJsonAsync<JsonElement[]>($"/api/numbers/{Uri.EscapeDataString(phone)}/events"))!;

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            WazzapApplication.DeleteDatabase(_path);
        }
    }

    private static NumberState Connected(string phone = Phone, double minutesAgo = 10) =>
        new(phone, "ID", "Sales 1", null, NumberStatus.Connected, null, null,
            Now.AddMinutes(-minutesAgo), Now.AddMinutes(-minutesAgo), Now.AddMinutes(-minutesAgo), Now.AddMinutes(-minutesAgo));

    [Fact]
    public async Task EveryInstanceShowsThePollTheLeaseHolderMade()
    {
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", Phone.TrimStart('+'), "logged_out")), [Connected()]);
        await h.Polled();
        await using var other = h.AnotherInstance();

        // The first instance polled, holding the lease; the other shows its poll.
        var (last, lastSucceeded, next, failures) = other.Services.GetRequiredService<ReconciliationStatus>().Snapshot();

        Assert.NotNull(last);
        Assert.True(last.Succeeded);
        Assert.Equal((h.Last.FinishedAt, 1), (last.FinishedAt, last.Devices));
        var difference = Assert.Single(last.Differences);
        Assert.Equal((Phone, (NumberStatus?)NumberStatus.Connected, "logged_out"), (difference.Phone, difference.Ours, difference.DeviceStatus));
        Assert.Equal(last.FinishedAt, lastSucceeded?.FinishedAt);
        Assert.Equal(last.FinishedAt + new ReconciliationOptions().PollInterval, next);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task APollTheDatabaseCannotKeepIsLoggedAndPollingGoesOn()
    {
        var logs = new LogCapture();
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", Phone.TrimStart('+'), "connected")), null,
            s => s.AddSingleton<ILoggerProvider>(logs));
        await h.Polled();
        using (var connection = h.App.OpenDatabase()) connection.Execute("DROP TABLE reconciliation_status");

        await h.Polled(3, step: TimeSpan.FromMinutes(1));

        Assert.Equal(2, logs.Lines.Count(l => l.Contains("Reconciliation poll could not be kept for the admin page")));
        Assert.Equal(3, h.Api.Requests.Count);
    }

    [Fact]
    public async Task ReadsEveryPageWithTheKeyAndEveryDeviceAppears()
    {
        await using var h = new Harness(api =>
        {
            for (var i = 1; i <= 250; i++) api.Devices.Add(FakeDeviceApi.Device($"d{i}", $"62811{i:D8}", "connected"));
        });

        await h.Polled();

        Assert.True(h.Last.Succeeded, h.Last.Error);
        Assert.Equal(250, h.Last.Devices);
        Assert.Equal([0, 100, 200], h.Api.Requests.Select(r => r.Offset));
        Assert.All(h.Api.Requests, r => Assert.Equal((100, $"Bearer {FakeDeviceApi.ApiKey}"), (r.Limit, r.Authorization)));
        var numbers = (await h.App.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers"))!;
        Assert.Equal(250, numbers.Length);
        Assert.All(numbers, n => Assert.Equal("connected", n.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AStatusChangeFoundByPollingGoesThroughTheWriterAndTheLiveFeed()
    {
        var (changes, feed) = FeedRecorder.BeforeStart();
        using var _ = feed;
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "disconnected")), [Connected()],
            s => s.AddSingleton(changes));

        await h.Polled();

        var pushed = await feed.WaitFor(v => v.Phone == Phone);
        Assert.Equal(NumberStatus.Disconnected, pushed.Status);
        Assert.Equal(Now, pushed.StatusChangedAt); // the time of the API's answer
        var latest = (await h.Events())[0];
        Assert.Equal(("poll", "poll.disconnected", "disconnected"),
            (latest.GetProperty("source").GetString(), latest.GetProperty("eventType").GetString(), latest.GetProperty("status").GetString()));
        var difference = Assert.Single(h.Last.Differences);
        Assert.Equal((Phone, NumberStatus.Connected, "disconnected", false), (difference.Phone, difference.Ours, difference.DeviceStatus, difference.NewNumber));
    }

    [Fact]
    public async Task ADeviceThatAgreesRecordsNothing()
    {
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "connected")), [Connected()]);

        await h.Polled();

        Assert.Empty(h.Last.Differences);
        Assert.Equal(0, h.App.Count("events"));
    }

    [Fact]
    public async Task ADeviceMissingFromTheRosterAppearsWithItsStateAndReason()
    {
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d9", "+62 812-9999-0000", "logged_out", name: "Front desk")), [Connected()]);

        await h.Polled();

        var number = await h.Number("+6281299990000");
        Assert.Equal(("disconnected", "logged_out", "Front desk"), (number.GetProperty("status").GetString(),
            number.GetProperty("reasonCategory").GetString(), number.GetProperty("accountName").GetString()));
        Assert.True(Assert.Single(h.Last.Differences).NewNumber);
        Assert.Equal("poll", (await h.Events("+6281299990000"))[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task A429IsRetriedNoSoonerThanItsRetryAfter()
    {
        await using var h = new Harness(api =>
        {
            api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "connected"));
            api.Script.Enqueue(_ => Task.FromResult(FakeDeviceApi.Status(HttpStatusCode.TooManyRequests, ("Retry-After", "30"))));
        });

        await h.Polled(step: TimeSpan.FromSeconds(1));

        Assert.True(h.Last.Succeeded, h.Last.Error);
        var (first, second) = (h.Api.Requests[0], h.Api.Requests[1]);
        Assert.True(second.At - first.At >= TimeSpan.FromSeconds(30), $"retried after {second.At - first.At}");
        Assert.Equal(NumberStatus.Connected, (await h.Number()).GetProperty("status").Deserialize<NumberStatus>(WireNames.Json));
    }

    [Fact]
    public async Task WhenTheRateLimitWindowIsUsedUpTheNextPageWaitsForItsReset()
    {
        await using var h = new Harness(api =>
        {
            for (var i = 1; i <= 150; i++) api.Devices.Add(FakeDeviceApi.Device($"d{i}", $"62811{i:D8}", "connected"));
            api.Script.Enqueue(_ =>
            {
                var page = FakeDeviceApi.Status(HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "45"));
                page.Content = JsonContent.Create(new { devices = api.Devices.Take(100), total = 150, limit = 100, offset = 0 });
                return Task.FromResult(page);
            });
        });

        await h.Polled(step: TimeSpan.FromSeconds(1));

        Assert.True(h.Last.Succeeded, h.Last.Error);
        Assert.Equal(150, h.Last.Devices);
        Assert.True(h.Api.Requests[1].At - h.Api.Requests[0].At >= TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task A500IsRetriedAndThePollSucceeds()
    {
        await using var h = new Harness(api =>
        {
            api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "banned"));
            api.Script.Enqueue(_ => Task.FromResult(FakeDeviceApi.Status(HttpStatusCode.InternalServerError)));
            api.Script.Enqueue(_ => Task.FromResult(FakeDeviceApi.Status(HttpStatusCode.BadGateway)));
        }, [Connected()]);

        await h.Polled(step: TimeSpan.FromSeconds(1));

        Assert.True(h.Last.Succeeded, h.Last.Error);
        Assert.Equal(3, h.Api.Requests.Count);
        Assert.Equal("banned", (await h.Number()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task APollThatKeepsFailingIsShownAndTheNextOneWaitsLonger()
    {
        await using var h = new Harness(api =>
        {
            api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "disconnected"));
            for (var i = 0; i < 4; i++) api.Script.Enqueue(_ => Task.FromResult(FakeDeviceApi.Status(HttpStatusCode.ServiceUnavailable)));
        }, [Connected()]);

        await h.Polled(step: TimeSpan.FromSeconds(1));

        var (last, lastOk, next, failures) = h.Status.Snapshot();
        Assert.False(last!.Succeeded);
        Assert.Contains("503", last.Error);
        Assert.Null(lastOk);
        Assert.Equal(1, failures);
        Assert.Equal(last.FinishedAt + TimeSpan.FromMinutes(10), next); // twice the 5-minute interval
        Assert.Equal("connected", (await h.Number()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await h.App.CreateClient().GetAsync("/healthz")).StatusCode);

        // The API comes back: the next poll finds the drop.
        await h.Polled(2, step: TimeSpan.FromMinutes(1));
        Assert.True(h.Last.Succeeded, h.Last.Error);
        Assert.Equal("disconnected", (await h.Number()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ASlowAnswerTimesOutAndIsRetried()
    {
        FakeDeviceApi? fake = null;
        await using var h = new Harness(api =>
        {
            fake = api;
            api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "disconnected"));
        }, [Connected()]);
        fake!.Script.Enqueue(fake.Slow(TimeSpan.FromMinutes(2)));

        await h.Polled(step: TimeSpan.FromSeconds(1));

        Assert.True(h.Last.Succeeded, h.Last.Error);
        Assert.Equal(2, h.Api.Requests.Count);
        Assert.True(h.Api.Requests[1].At - h.Api.Requests[0].At >= TimeSpan.FromSeconds(10)); // Wazzapi:RequestTimeout
        Assert.Equal("disconnected", (await h.Number()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownStatusStringsChangeNothingAndAreListed()
    {
        await using var h = new Harness(api =>
        {
            api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "hibernating"));
            api.Devices.Add(FakeDeviceApi.Device("d2", "6281234567891", "hibernating"));
            api.Devices.Add(FakeDeviceApi.Device("d3", "6281234567892", "connecting"));
            api.Devices.Add(FakeDeviceApi.Device("d4", null, "qr_required"));
        }, [Connected()]);

        await h.Polled();

        Assert.True(h.Last.Succeeded, h.Last.Error);
        Assert.Empty(h.Last.Differences);
        Assert.Equal(2, h.Last.Unrecognised["hibernating"]);
        Assert.Equal(1, h.Last.WithoutPhone);
        Assert.Equal("connected", (await h.Number()).GetProperty("status").GetString());
        Assert.Equal(0, h.App.Count("events"));
    }

    [Fact]
    public async Task NewestWinsBetweenAPollAndALateWebhook()
    {
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "disconnected")), [Connected(minutesAgo: 10)]);
        await h.Polled();
        Assert.Equal("disconnected", (await h.Number()).GetProperty("status").GetString());

        // A "connected" from before the poll's answer, delivered late: history only.
        await h.App.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-15T11:59:00Z"));
        Assert.Equal("disconnected", (await h.Number()).GetProperty("status").GetString());
        Assert.Equal(2, (await h.Events()).Length);

        // One from after it wins.
        await h.App.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-15T12:00:01Z"));
        Assert.Equal("connected", (await h.Number()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task APollOlderThanTheNumbersStateIsHistoryOnly()
    {
        // The webhook's own clock runs ahead of the answer's: its state stays.
        var ahead = Connected(minutesAgo: -2);
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "offline")), [ahead]);

        await h.Polled();

        Assert.Equal("connected", (await h.Number()).GetProperty("status").GetString());
        Assert.Equal("poll.disconnected", Assert.Single(await h.Events()).GetProperty("eventType").GetString());
    }

    [Fact]
    public async Task WithoutAnApiKeyNothingIsPolled()
    {
        await using var h = new Harness(api => api.Devices.Add(FakeDeviceApi.Device("d1", "6281234567890", "connected")), null, ("Wazzapi:ApiKey", ""));
        await h.App.RiskPassDone();

        h.Time.Advance(TimeSpan.FromMinutes(30));

        var poller = h.App.Services.GetServices<IHostedService>().OfType<DevicePoller>().Single();
        Assert.True(poller.ExecuteTask?.IsCompleted, "the poller stops at once without a key");
        Assert.Empty(h.Api.Requests);
        Assert.Equal(0, h.Status.Completed);
    }
}
