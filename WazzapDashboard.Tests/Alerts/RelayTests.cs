using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WazzapDashboard.Alerts.Channels;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Webhooks;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

public class RelayTests
{
    private static Dictionary<string, string?> Relay(FakeReceiver receiver, string mode = "all", params (string, string?)[] extra) =>
        Settings([.. Channel(0, "crm", "webhook", ("Url", receiver.Url()), ("Secret", "relay-secret"), ("Relay", mode)), .. extra]);

    [Fact]
    public async Task EveryAcceptedEventIsRelayedNormalisedAndSigned()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Relay(receiver));
        (await app.CreateClient().PostAsJsonAsync("/api/numbers", new { phone = "+6281234567890", client = "Acme" })).EnsureSuccessStatusCode();

        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        await app.PostWazzapi(Fixtures.WazzapiDisconnected, eventId: "a-retry");   // duplicate: not stored, not relayed
        await app.PostWazzap("""{"phone": "+62 812-3456-7890"}""");

        await Eventually(() => Assert.Equal(3, receiver.Accepted.Count));
        await app.Settle();
        Assert.Equal(3, receiver.Requests.Count);

        var events = receiver.Accepted.Select(r => r.Json).ToList();
        Assert.Equal(["device.connected", "device.disconnected", "disconnected"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.All(receiver.Accepted, r =>
        {
            Assert.True(WebhookSignature.IsValid(r.BodyBytes, r.Header(WebhookChannel.SignatureHeader), ["relay-secret"]));
            Assert.Equal("event", r.Header(WebhookChannel.EventHeader));
            Assert.StartsWith("event-", r.Header(WebhookChannel.DeliveryHeader));
        });

        var drop = events[1];
        Assert.Equal("event", drop.GetProperty("type").GetString());
        Assert.Equal("wazzapi", drop.GetProperty("source").GetString());
        Assert.Equal("+6281234567890", drop.GetProperty("phone").GetString());
        Assert.Equal("ID", drop.GetProperty("country").GetString());
        Assert.Equal("disconnected", drop.GetProperty("status").GetString());
        Assert.Equal("Acme", drop.GetProperty("client").GetString());
        Assert.False(string.IsNullOrEmpty(drop.GetProperty("reasonCategory").GetString()));
        Assert.Equal(JsonDocument.Parse(Fixtures.WazzapiDisconnected).RootElement.GetProperty("timestamp").GetString(),
            drop.GetProperty("payload").GetProperty("timestamp").GetString());
        Assert.Equal(JsonDocument.Parse(Fixtures.WazzapiDisconnected).RootElement.GetProperty("id").GetString(),
            drop.GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal("2026-05-15T12:00:00+00:00", drop.GetProperty("receivedAt").GetString());
    }

    [Fact]
    public async Task StatusModeRelaysOnlyEventsThatSayWhatANumbersStatusIs()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Relay(receiver, "status"));

        await app.PostWazzapi(Fixtures.Wazzapi("message.sent", timestamp: "2026-05-15T11:00:00Z"));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-15T11:01:00Z", reason: "logged out"));
        await app.PostWazzapi(Fixtures.Wazzapi("message.received", timestamp: "2026-05-15T11:02:00Z"));

        await Eventually(() => Assert.Single(receiver.Accepted));
        await app.Settle();
        Assert.Single(receiver.Requests);
        Assert.Equal("logged_out", receiver.Accepted[0].Json.GetProperty("reasonCategory").GetString());
    }

    [Fact]
    public async Task EventsAcceptedWhileTheReceiverIsDownAreRelayedInOrderAfterARestart()
    {
        var path = TestStore.NewDatabase();
        try
        {
            await using var receiver = await FakeReceiver.Start();
            receiver.Answer = HttpStatusCode.BadGateway;

            await using (var first = new WazzapApplication(path, settings: Relay(receiver)))
            {
                for (var i = 0; i < 5; i++)
                {
                    await first.PostWazzapi(Fixtures.Wazzapi("message.sent", timestamp: $"2026-05-15T11:00:0{i}Z"));
                }
                await Eventually(() => Assert.NotEmpty(receiver.Requests));
            }
            receiver.Answer = HttpStatusCode.OK;

            await using var second = new WazzapApplication(path, settings: Relay(receiver));
            await second.CreateClient().GetAsync("/healthz");
            second.Time.Advance(TimeSpan.FromSeconds(30));

            await Eventually(() => Assert.Equal(5, receiver.Accepted.Count));
            Assert.Equal(
                Enumerable.Range(0, 5).Select(i => $"2026-05-15T11:00:0{i}+00:00"),
                receiver.Accepted.Select(r => r.Json.GetProperty("occurredAt").GetString()));
            await Eventually(() => Assert.Equal(0, second.Count("relay_queue")));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task NothingIsQueuedForRelayWhileNoChannelRelays()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(Channel(0, "crm", "webhook", ("Url", receiver.Url()))));

        await app.PostWazzapi(Fixtures.WazzapiConnected);

        Assert.Equal(0, app.Count("relay_queue"));
        Assert.Equal(0, app.Count("alert_relays"));
    }
}
