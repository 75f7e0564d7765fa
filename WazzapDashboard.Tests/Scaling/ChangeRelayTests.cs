using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Scaling;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Scaling;

public class ChangeRelayTests
{
    private const string First = "+6281234567890";
    private const string Second = "+6281234567891";

    [Fact]
    public async Task AWebhookTakenByOneInstanceReachesTheOthersPagesAndHubSummary()
    {
        await using var pair = await TwoInstances.Start(realServers: true);
        using var feedA = FeedRecorder.On(pair.A);

        await Stored(pair.B.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: First[1..], reason: "phone offline")));

        var view = await feedA.WaitFor(v => v.Phone == First);
        Assert.Equal(NumberStatus.Disconnected, view.Status);
        var snapshot = pair.A.Services.GetRequiredService<LiveSnapshot>();
        await Poll.Until(() => snapshot.Current.WorstFirst.Any(n => n.Phone == First), "the number on A's grid");
        Assert.Equal(1, snapshot.Current.Summary.Disconnected);
        var broadcaster = pair.A.Services.GetRequiredService<HubBroadcaster>();
        await Poll.Until(() => broadcaster.Summary.Disconnected == 1, "A's hub summary");

        await using var hub = Connect(pair.A);
        var summary = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("FleetSummary", s => summary.TrySetResult(s));
        await hub.StartAsync();
        Assert.Equal(1, (await summary.Task.WaitAsync(Poll.Deadline)).GetProperty("disconnected").GetInt32());
    }

    [Fact]
    public async Task AHubClientOnOneInstanceGetsAChangeTakenByAnotherExactlyOnce()
    {
        await using var pair = await TwoInstances.Start(realServers: true);
        using var feedA = FeedRecorder.On(pair.A);
        var received = new ConcurrentQueue<JsonElement>();
        await using var hub = Connect(pair.A);
        hub.On<JsonElement>("NumbersChanged", batch => { foreach (var n in batch.EnumerateArray()) received.Enqueue(n); });
        await hub.StartAsync();

        await Stored(pair.B.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: First[1..], reason: "logged out")));
        await Poll.Until(() => received.Any(n => Phone(n) == First), "B's change at A's hub client");
        // A has it on its own feed too; had A sent it on, that would go out before A's next change.
        await feedA.WaitFor(v => v.Phone == First);
        await Stored(pair.A.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Second[1..], reason: "logged out")));
        await Poll.Until(() => received.Any(n => Phone(n) == Second), "A's own change at its hub client");

        var pushed = Assert.Single(received, n => Phone(n) == First);
        var api = await pair.B.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{First[1..]}");
        Assert.Equal(api.ToString(), pushed.ToString());
        Assert.Single(received, n => Phone(n) == Second);
    }

    [Fact]
    public async Task AnInstanceNeverSendsBackWhatAnotherSentIt()
    {
        await using var pair = await TwoInstances.Start();
        var sent = new ConcurrentQueue<RelayedChanges>();
        var listening = await pair.Redis.Connection.GetSubscriber().SubscribeAsync(Channel(pair));
        listening.OnMessage(m => sent.Enqueue(JsonSerializer.Deserialize<RelayedChanges>((byte[])m.Message!, WireNames.Json)!));
        using var feedB = FeedRecorder.On(pair.B);

        await Stored(pair.A.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: First[1..], reason: "logged out")));
        await feedB.WaitFor(v => v.Phone == First);
        // B's next message comes after anything it would have sent back on receiving A's.
        await Stored(pair.B.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Second[1..], reason: "logged out")));
        await Poll.Until(() => sent.Any(m => m.Views.Any(v => v.Phone == Second)), "B's own change on Redis");

        var fromA = Assert.Single(sent, m => m.Views.Any(v => v.Phone == First));
        var fromB = Assert.Single(sent, m => m.Views.Any(v => v.Phone == Second));
        Assert.NotEqual(fromA.From, fromB.From);
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public async Task AnOlderViewFromAnotherInstanceDoesNotReplaceANewerOne()
    {
        await using var pair = await TwoInstances.Start(realServers: true);
        await Stored(pair.A.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: First[1..], timestamp: "2026-05-10T09:00:00Z", reason: "logged out")));
        var snapshot = pair.A.Services.GetRequiredService<LiveSnapshot>();
        await Poll.Until(() => snapshot.Current.WorstFirst.Any(n => n.Phone == First), "the drop on A's grid");
        var newer = snapshot.Current.WorstFirst.Single(n => n.Phone == First);
        var broadcaster = pair.A.Services.GetRequiredService<HubBroadcaster>();
        await Poll.Until(() => broadcaster.Summary.Disconnected == 1, "A's hub summary");
        await using var hub = Connect(pair.A);
        var summaries = new ConcurrentQueue<JsonElement>();
        hub.On<JsonElement>("FleetSummary", s => summaries.Enqueue(s));
        await hub.StartAsync();

        // Another instance's view from before the drop arrives late, then one of another number.
        var older = newer with { Status = NumberStatus.Connected, Reason = null, ReasonCategory = null, LastEventAt = newer.LastEventAt!.Value.AddHours(-1) };
        var other = newer with { Phone = Second, LastEventAt = newer.LastEventAt.Value.AddHours(1) };
        var publisher = pair.Redis.Connection.GetSubscriber();
        await publisher.PublishAsync(Channel(pair), JsonSerializer.SerializeToUtf8Bytes(new RelayedChanges("elsewhere", [older]), WireNames.Json));
        await publisher.PublishAsync(Channel(pair), JsonSerializer.SerializeToUtf8Bytes(new RelayedChanges("elsewhere", [other]), WireNames.Json));
        await Poll.Until(() => snapshot.Current.WorstFirst.Any(n => n.Phone == Second), "the later message on A's grid");

        Assert.Equal(newer, snapshot.Current.WorstFirst.Single(n => n.Phone == First));
        Assert.Equal(2, snapshot.Current.Summary.Disconnected);
        await Poll.Until(() => broadcaster.Summary.Disconnected == 2, "the other number in A's hub summary");
        // Another instance's changes are that instance's to send its hub clients: A sends none of them, so
        // the next summary A's client gets comes with A's own next change.
        await Stored(pair.A.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: "6281234567892", reason: "logged out")));
        await Poll.Until(() => summaries.Any(s => Disconnected(s) == 3), "the summary after A's own change");
        Assert.DoesNotContain(summaries, s => Disconnected(s) == 2);
    }

    [Fact]
    public async Task WhenTheirConnectionComesBackInstancesCatchUpOnWhatTheyMissed()
    {
        var client = $"wazzap-test-{Guid.NewGuid():N}";
        await using var pair = await TwoInstances.Start(settings: new Dictionary<string, string?> { ["Redis:Configuration"] = $"{TestRedis.Configuration},name={client}" });
        var snapshots = new[] { pair.A, pair.B }.Select(app => app.Services.GetRequiredService<LiveSnapshot>()).ToList();
        Assert.All(snapshots, s => Assert.Empty(s.Current.WorstFirst)); // loaded: from now on they follow the feeds
        var server = pair.Redis.Connection.GetServers().Single();
        await Poll.Until(() => server.SubscriptionSubscriberCount(Channel(pair)) == 2, "both instances listening");

        // A change committed while the instances could not hear each other: stored, never relayed.
        TestFleet.Seed(TestStore.Database(pair.A.DatabaseId), [TestFleet.Down(First, NumberStatus.Banned, ReasonCategory.Banned)]);
        foreach (var listening in server.ClientList().Where(c => c.Name == client && c.ClientType == ClientType.PubSub))
        {
            await server.ClientKillAsync(listening.Id);
        }

        await Poll.Until(() => snapshots.All(s => s.Current.WorstFirst.Any(n => n.Phone == First && n.Status == NumberStatus.Banned)),
            "both instances to show the change once their connections came back");
    }

    [Fact]
    public async Task IngestionGoesOnWhileRedisIsAway()
    {
        var logs = new LogCapture();
        var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = $"127.0.0.1:{WazzapApplication.FreePort()},connectTimeout=200" };
        await using var app = new WazzapApplication(settings: settings, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        using var feed = FeedRecorder.On(app);

        await Stored(app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: First[1..], reason: "logged out")));
        await Stored(app.PostWazzapi(Fixtures.Wazzapi("device.connected", phone: Second[1..])));

        await feed.WaitFor(v => v.Phone == Second);
        var api = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{First[1..]}");
        Assert.Equal("disconnected", api.GetProperty("status").GetString());
        await Poll.Until(() => logs.Lines.Count(l => l.Contains("Sending changes to the other instances over Redis fails")) == 1, "the failure, logged once");
        var ready = await app.CreateClient().GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("Degraded", ready.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        // Only the fleet hub goes through Redis: the pages' circuits (Blazor's own hub) stay on their instance.
        Assert.IsType<RedisHubLifetimeManager<FleetHub>>(app.Services.GetRequiredService<HubLifetimeManager<FleetHub>>());
        var componentHub = typeof(Microsoft.AspNetCore.Components.Server.Circuits.Circuit).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var circuits = app.Services.GetRequiredService(typeof(HubLifetimeManager<>).MakeGenericType(componentHub));
        Assert.Equal(typeof(DefaultHubLifetimeManager<>), circuits.GetType().GetGenericTypeDefinition());
    }

    [Fact]
    public async Task WithoutRedisTheAppIsOneInstanceAsBefore()
    {
        await using var app = new WazzapApplication();

        Assert.Null(app.Services.GetService<ChangeRelay>());
        Assert.IsType<DefaultHubLifetimeManager<FleetHub>>(app.Services.GetRequiredService<HubLifetimeManager<FleetHub>>());
        var ready = await app.CreateClient().GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.False(ready.GetProperty("checks").TryGetProperty("redis", out _));
    }

    [Fact]
    public void ANumberViewSurvivesTheJsonRoundTripExactly()
    {
        var at = new DateTimeOffset(2026, 5, 15, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        var full = new NumberView("+6281234567890", NumberStatus.Banned, "spam reports", ReasonCategory.Banned, "ID", "Sales 1",
            at, at.AddMinutes(-1), at.AddDays(-2), true, -3, true, "Acme", "Desk 4", "Ana", "blue phone", true,
            at.AddSeconds(1), "Bruno", at.AddSeconds(2), true, at.AddHours(-5));
        var empty = new NumberView("+6281234567891", NumberStatus.Unknown, null, null, null, null, null, null, null, false, null);

        foreach (var view in new[] { full, empty })
        {
            var relayed = JsonSerializer.Deserialize<RelayedChanges>(JsonSerializer.SerializeToUtf8Bytes(new RelayedChanges("a", [view]), WireNames.Json), WireNames.Json)!;
            var back = Assert.Single(relayed.Views);
            Assert.Equal(view, back);
            Assert.Equal(view.LastEventAt?.UtcTicks, back.LastEventAt?.UtcTicks);
        }
        // Every field set, so a field added later without a round trip shows up here.
        Assert.All(typeof(NumberView).GetProperties(), p => Assert.NotEqual(Default(p.PropertyType), p.GetValue(full)));
    }

    private static object? Default(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;

    private static RedisChannel Channel(TwoInstances pair) => RedisChannel.Literal($"{pair.Redis.Prefix}:changes");

    private static string? Phone(JsonElement n) => n.GetProperty("phone").GetString();

    private static int Disconnected(JsonElement summary) => summary.GetProperty("disconnected").GetInt32();

    private static async Task Stored(Task<HttpResponseMessage> posted)
    {
        var response = await posted;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HubConnection Connect(WazzapApplication app) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.ClientOptions.BaseAddress, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", WazzapApplication.ApiKey))
        .Build();
}
