using System.Net.Http.Json;
using WazzapDashboard.Alerts;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

public class NoiseControlTests
{
    private static (string, string?)[] Webhook(FakeReceiver receiver, params string[] changes) =>
        [.. Channel(0, "n8n", "webhook", ("Url", receiver.Url())), .. Rule(0, "n8n", changes)];

    private static string Phone(int n) => $"62811000000{n:D2}";

    [Fact]
    public async Task DuplicatesRetriesAndSecondReportsOfOneDropAlertOnce()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(Webhook(receiver, "disconnected", "banned")));
        var drop = Disconnected(id: "11111111-1111-1111-1111-111111111111");

        await app.PostWazzapi(drop);
        await app.PostWazzapi(drop, eventId: "another-attempt");                    // the gateway retrying the delivery
        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T11:59:05Z"));     // the same drop re-sent with a new id
        await app.PostWazzap("""{"phone": "+62 812-3456-7890", "event": "disconnected", "timestamp": "2026-05-15T11:59:10Z"}""");
        await app.Settle();

        await Eventually(() => Assert.Single(receiver.Accepted));
        await app.Settle();
        Assert.Single(receiver.Requests);
        Assert.Single(app.Outbox());
    }

    [Fact]
    public async Task FlappingCollapsesIntoOneAlertAndOneRecovery()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(Webhook(receiver, "disconnected", "reconnected")));

        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T11:50:00Z"));
        await Eventually(() => Assert.Single(receiver.Accepted));
        await app.PostWazzapi(Connected(timestamp: "2026-05-15T11:51:00Z"));
        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T11:52:00Z"));
        await app.PostWazzapi(Connected(timestamp: "2026-05-15T11:53:00Z"));
        await app.Settle();
        Assert.Single(receiver.Requests);

        app.Time.Advance(TimeSpan.FromMinutes(10));

        await Eventually(() => Assert.Equal(2, receiver.Accepted.Count));
        var recovery = receiver.Accepted[1].Json;
        Assert.Equal("reconnected", recovery.GetProperty("change").GetString());
        Assert.Contains("dropped and came back 2 times", recovery.GetProperty("text").GetString());
        await app.Settle();
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task ManyNumbersDroppingTogetherAreOneFleetIncident()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(Webhook(receiver, "disconnected"), ("Alerts:GroupWait", "00:00:30")));

        for (var n = 1; n <= 8; n++)
        {
            await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Phone(n), timestamp: $"2026-05-15T11:59:{n:D2}Z",
                reason: "Connection lost", accountId: null));
        }
        await Eventually(() => Assert.Equal(8, app.Count("alert_pending")));
        await app.Settle();
        Assert.Empty(receiver.Requests);

        app.Time.Advance(TimeSpan.FromSeconds(30));

        await Eventually(() => Assert.Single(receiver.Accepted));
        var incident = receiver.Accepted[0].Json;
        Assert.Equal("incident", incident.GetProperty("kind").GetString());
        Assert.Equal(8, incident.GetProperty("numbers").GetArrayLength());
        Assert.StartsWith("Fleet incident: 8 numbers dropped", incident.GetProperty("title").GetString());

        // A straggler while the incident is open joins it as one update after the incident window.
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Phone(9), timestamp: "2026-05-15T12:00:40Z", accountId: null));
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await app.Settle();
        Assert.Single(receiver.Requests);

        app.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually(() => Assert.Equal(2, receiver.Accepted.Count));
        Assert.Equal("Fleet incident continues: 1 more number dropped", receiver.Accepted[1].Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task QuietHoursHoldAlertsForOneDigestAfterwards()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
        [
            .. Channel(0, "ops", "webhook", ("Url", receiver.Url()), ("QuietFrom", "22:00"), ("QuietTo", "07:00"), ("TimeZone", "UTC")),
            .. Rule(0, "ops", "disconnected", "reconnected"),
        ], ("Alerts:FlapWindow", "00:00:00")));
        await app.CreateClient().GetAsync("/healthz");
        app.Time.SetUtcNow(new DateTimeOffset(2026, 5, 15, 23, 0, 0, TimeSpan.Zero));

        await app.PostWazzapi(Disconnected(phone: Phone(1), timestamp: "2026-05-15T23:00:00Z"));
        await app.PostWazzapi(Disconnected(phone: Phone(2), timestamp: "2026-05-15T23:10:00Z"));
        await app.PostWazzapi(Connected(phone: Phone(1), timestamp: "2026-05-16T02:00:00Z"));
        await Eventually(() => Assert.Equal(3, app.Count("alert_pending")));
        app.Time.SetUtcNow(new DateTimeOffset(2026, 5, 16, 6, 59, 0, TimeSpan.Zero));
        await app.Settle();
        Assert.Empty(receiver.Requests);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 5, 16, 7, 0, 0, TimeSpan.Zero));

        await Eventually(() => Assert.Single(receiver.Accepted));
        var digest = receiver.Accepted[0].Json;
        Assert.Equal("digest", digest.GetProperty("kind").GetString());
        Assert.Equal("Quiet-hours digest: 2 numbers changed", digest.GetProperty("title").GetString());
        Assert.Contains("15 May 23:00 disconnected — Linked-device slot taken (WhatsApp Web) → 16 May 02:00 back online",
            digest.GetProperty("text").GetString());
        Assert.Equal(0, app.Count("alert_pending"));
    }

    [Fact]
    public async Task RulesRouteEachNumberToItsClientsChannels()
    {
        await using var acme = await FakeReceiver.Start();
        await using var everyone = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
        [
            .. Channel(0, "acme-hook", "webhook", ("Url", acme.Url())),
            .. Channel(1, "ops", "slack", ("Url", everyone.Url())),
            ("Alerts:Rules:0:Name", "Acme's numbers"), ("Alerts:Rules:0:Changes:0", "disconnected"),
            ("Alerts:Rules:0:Clients:0", "acme"), ("Alerts:Rules:0:Channels:0", "acme-hook"),
            .. Rule(1, "ops", "banned"),
        ]));
        var api = app.CreateClient();
        (await api.PostAsJsonAsync("/api/numbers", new { phone = "+" + Phone(1), client = "Acme" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/numbers", new { phone = "+" + Phone(2), client = "Kopi" })).EnsureSuccessStatusCode();

        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Phone(1), timestamp: "2026-05-15T11:59:00Z", accountId: null));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Phone(2), timestamp: "2026-05-15T11:59:00Z", accountId: null));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Phone(3), timestamp: "2026-05-15T11:59:00Z", reason: "banned", accountId: null));

        await Eventually(() => Assert.Single(acme.Accepted));
        await Eventually(() => Assert.Single(everyone.Accepted));
        await app.Settle();
        Assert.Equal("+6281100000001", acme.Accepted[0].Json.GetProperty("phone").GetString());
        Assert.Equal("Acme", acme.Accepted[0].Json.GetProperty("client").GetString());
        Assert.Contains("+62 811-0000-0003", everyone.Accepted[0].Json.GetProperty("text").GetString());
        Assert.Single(acme.Requests);
        Assert.Single(everyone.Requests);
    }

    [Fact]
    public async Task AtRiskAndExpiredAlertsComeFromTheRiskMonitorsPushes()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(Webhook(receiver, "at_risk", "expired")));
        await app.RiskPassDone();
        var seen = app.Time.GetUtcNow() - TimeSpan.FromDays(7) + TimeSpan.FromMinutes(30);
        await app.PostWazzapi(Connected(timestamp: seen.ToString("O")));
        await Eventually(() => Assert.Equal("healthy", app.AlertCondition("+6281234567890")));

        app.Time.Advance(TimeSpan.FromHours(1));   // over the 7-day line, with no webhook

        await Eventually(() => Assert.Single(receiver.Accepted));
        Assert.Equal("at_risk", receiver.Accepted[0].Json.GetProperty("change").GetString());
        Assert.Equal(6, receiver.Accepted[0].Json.GetProperty("numbers")[0].GetProperty("daysUntilExpiry").GetInt32());

        app.Time.Advance(TimeSpan.FromDays(1));    // the countdown moves a day: pushed, but nothing new to say
        await app.RiskPassDone(upTo: app.Time.GetUtcNow());
        await app.Settle();
        Assert.Single(receiver.Requests);

        app.Time.Advance(TimeSpan.FromDays(6));    // over the 14-day line

        await Eventually(() => Assert.Equal(2, receiver.Accepted.Count));
        Assert.Equal("expired", receiver.Accepted[1].Json.GetProperty("change").GetString());
        await app.Settle();
        Assert.Equal(2, receiver.Requests.Count);
    }
}
