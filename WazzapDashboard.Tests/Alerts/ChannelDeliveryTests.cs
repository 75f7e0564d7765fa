using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Alerts;
using WazzapDashboard.Alerts.Channels;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Webhooks;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

public class ChannelDeliveryTests
{
    [Fact]
    public async Task SlackChannelGetsTheAlertAsText()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "ops", "slack", ("Url", receiver.Url("/services/T000/B000/XXXX"))), .. Rule(0, "ops", "disconnected")]));

        await app.PostWazzapi(Disconnected());

        await Eventually(() => Assert.Single(receiver.Accepted));
        var request = receiver.Accepted[0];
        Assert.Equal("/services/T000/B000/XXXX", request.Path);
        var text = request.Json.GetProperty("text").GetString()!;
        Assert.StartsWith("*Primary Device (+62 812-3456-7890) disconnected*\nReason: Linked-device slot taken (WhatsApp Web)", text);
    }

    [Fact]
    public async Task EmailChannelSendsThroughSmtp()
    {
        await using var sink = new SmtpSink();
        await using var app = new WazzapApplication(settings: Settings(
        [
            .. Channel(0, "owner-mail", "email", ("SmtpHost", "127.0.0.1"), ("SmtpPort", sink.Port.ToString()), ("SmtpSecurity", "none"),
                ("MailFrom", "fleet@agency.test"), ("MailTo", "owner@agency.test; ops@agency.test")),
            .. Rule(0, "owner-mail", "banned"),
        ]));

        await app.PostWazzapi(Disconnected(reason: "Account banned for spam"));

        await Eventually(() => Assert.Single(sink.Messages));
        var mail = sink.Messages[0];
        Assert.Equal("<fleet@agency.test>", mail.From);
        Assert.Equal(["<owner@agency.test>", "<ops@agency.test>"], mail.To);
        Assert.Contains("Subject: Primary Device (+62 812-3456-7890) banned by WhatsApp", mail.Data);
        Assert.Contains("Reason: Banned by WhatsApp", mail.Data);
        Assert.Contains("X-WazzapDashboard-Delivery: alert-1", mail.Data);
    }

    [Fact]
    public async Task WebhookChannelSignsItsBodyWithTheChannelSecret()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "n8n", "webhook", ("Url", receiver.Url()), ("Secret", "channel-secret")), .. Rule(0, "n8n", "disconnected")]));

        await app.PostWazzapi(Disconnected());

        await Eventually(() => Assert.Single(receiver.Accepted));
        var request = receiver.Accepted[0];
        var signature = request.Header(WebhookChannel.SignatureHeader);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("channel-secret"), request.BodyBytes)), signature);
        Assert.True(WebhookSignature.IsValid(request.BodyBytes, signature, ["channel-secret"]));
        Assert.False(WebhookSignature.IsValid(request.BodyBytes, signature, ["another-secret"]));
        Assert.Equal("alert-1", request.Header(WebhookChannel.DeliveryHeader));
        Assert.Equal("alert", request.Header(WebhookChannel.EventHeader));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal("+6281234567890", request.Json.GetProperty("phone").GetString());
        Assert.Equal("disconnected", request.Json.GetProperty("change").GetString());
    }

    [Fact]
    public async Task WebhookWithoutASecretIsNotSigned()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "zapier", "webhook", ("Url", receiver.Url())), .. Rule(0, "zapier", "disconnected")]));

        await app.PostWazzapi(Disconnected());

        await Eventually(() => Assert.Single(receiver.Accepted));
        Assert.Null(receiver.Accepted[0].Header(WebhookChannel.SignatureHeader));
    }

    [Fact]
    public async Task AFailedDeliveryIsRetriedAfterItsBackoffWithTheSameDeliveryId()
    {
        await using var receiver = await FakeReceiver.Start();
        receiver.Answer = HttpStatusCode.InternalServerError;
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "n8n", "webhook", ("Url", receiver.Url())), .. Rule(0, "n8n", "disconnected")]));

        await app.PostWazzapi(Disconnected());

        await Eventually(() => Assert.Equal(1, Assert.Single(app.Outbox()).Attempts));
        var failed = Assert.Single(app.Outbox());
        Assert.Equal(OutboxState.Retrying, failed.State);
        Assert.StartsWith("HTTP 500 Internal Server Error: receiver is down", failed.LastError);
        Assert.Equal(app.Time.GetUtcNow().AddSeconds(30), failed.NextAttemptAt);

        receiver.Answer = HttpStatusCode.OK;
        app.Time.Advance(TimeSpan.FromSeconds(29));
        await app.Settle();
        Assert.Single(receiver.Requests);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => Assert.Single(receiver.Accepted));
        await Eventually(() => Assert.Equal(OutboxState.Sent, Assert.Single(app.Outbox()).State));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal("alert-1", r.Header(WebhookChannel.DeliveryHeader)));
        Assert.Equal(2, app.Outbox()[0].Attempts);
    }

    [Fact]
    public async Task AFailingMailServerIsRetriedToo()
    {
        await using var sink = new SmtpSink { Failing = true };
        await using var app = new WazzapApplication(settings: Settings(
        [
            .. Channel(0, "mail", "email", ("SmtpHost", "127.0.0.1"), ("SmtpPort", sink.Port.ToString()),
                ("MailFrom", "fleet@agency.test"), ("MailTo", "owner@agency.test")),
            .. Rule(0, "mail", "disconnected"),
        ]));

        await app.PostWazzapi(Disconnected());

        await Eventually(() => Assert.Equal(1, Assert.Single(app.Outbox()).Attempts));
        Assert.Contains("try again later", app.Outbox()[0].LastError);

        sink.Failing = false;
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually(() => Assert.Single(sink.Messages));
    }

    [Fact]
    public async Task AnUndeliverableAlertIsGivenUpAfterADayAndCanBeRetried()
    {
        await using var receiver = await FakeReceiver.Start();
        receiver.Answer = HttpStatusCode.BadGateway;
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "n8n", "webhook", ("Url", receiver.Url())), .. Rule(0, "n8n", "disconnected")],
            ("Alerts:Delivery:GiveUpAfter", "00:10:00")));

        await app.PostWazzapi(Disconnected());
        await Eventually(() => Assert.Equal(1, Assert.Single(app.Outbox()).Attempts));
        for (var i = 0; i < 5 && app.Outbox()[0].State != OutboxState.GaveUp; i++)
        {
            var attempts = app.Outbox()[0].Attempts;
            app.Time.SetUtcNow(app.Outbox()[0].NextAttemptAt);
            await Eventually(() => Assert.True(app.Outbox()[0].Attempts > attempts));
        }
        Assert.Equal(OutboxState.GaveUp, app.Outbox()[0].State);
        Assert.StartsWith("HTTP 502", app.Outbox()[0].LastError);

        receiver.Answer = HttpStatusCode.OK;
        app.Services.GetRequiredService<Outbox>().RetryNow(app.Outbox()[0].Id, app.Time.GetUtcNow());
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => Assert.Single(receiver.Accepted));
    }

    [Fact]
    public async Task SendTestReportsSuccessOrTheReceiversAnswer()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings());
        var sender = app.Services.GetRequiredService<AlertSender>();
        var channel = new AlertChannel { Name = "hl", Type = ChannelType.Webhook, Url = receiver.Url() };

        Assert.Null(await sender.SendTest(channel, CancellationToken.None));
        Assert.Equal("test", receiver.Accepted[0].Json.GetProperty("kind").GetString());

        receiver.Answer = HttpStatusCode.NotFound;
        Assert.Equal("HTTP 404 Not Found: receiver is down", await sender.SendTest(channel, CancellationToken.None));
    }
}
