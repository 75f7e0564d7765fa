using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WazzapDashboard.Alerts;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

public class SecretsTests
{
    private const string SlackPath = "/services/T000/B000/slack-url-secret";
    private const string SigningSecret = "webhook-signing-secret";
    private const string SmtpPassword = "smtp-password-secret";

    [Fact]
    public async Task NoSecretReachesTheLogsWhetherDeliverySucceedsOrFails()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var sink = new SmtpSink();
        var logs = new LogCapture();
        receiver.Answer = HttpStatusCode.InternalServerError;
        await using var app = new WazzapApplication(services: s => s.AddSingleton<ILoggerProvider>(logs), settings: Settings(
        [
            .. Channel(0, "slack", "slack", ("Url", receiver.Url(SlackPath))),
            .. Channel(1, "hook", "webhook", ("Url", receiver.Url("/hook")), ("Secret", SigningSecret), ("Relay", "all")),
            .. Channel(2, "mail", "email", ("SmtpHost", "127.0.0.1"), ("SmtpPort", sink.Port.ToString()), ("SmtpSecurity", "none"),
                ("SmtpUser", "fleet"), ("SmtpPassword", SmtpPassword), ("MailFrom", "fleet@agency.test"), ("MailTo", "owner@agency.test")),
            ("Alerts:Rules:0:Name", "all"), ("Alerts:Rules:0:Changes:0", "disconnected"),
            ("Alerts:Rules:0:Channels:0", "slack"), ("Alerts:Rules:0:Channels:1", "hook"), ("Alerts:Rules:0:Channels:2", "mail"),
        ], ("Logging:LogLevel:Default", "Trace")));

        await app.PostWazzapi(Disconnected());
        await Eventually(() => Assert.Single(sink.Messages));
        await Eventually(() => Assert.All(app.Outbox().Where(e => e.Channel != "mail"), e => Assert.Equal(1, e.Attempts)));
        receiver.Answer = HttpStatusCode.OK;
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually(() => Assert.All(app.Outbox(), e => Assert.Equal(OutboxState.Sent, e.State)));
        await Eventually(() => Assert.Contains(receiver.Accepted, r => r.Header("X-WazzapDashboard-Event") == "event"));

        Assert.Equal([("fleet", SmtpPassword)], sink.Logins);
        Assert.Contains(logs.Lines, l => l.Contains("failed (attempt 1"));
        Assert.Contains(logs.Lines, l => l.Contains("Delivered alert"));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("slack-url-secret") || l.Contains(SigningSecret) || l.Contains(SmtpPassword));
    }
}
