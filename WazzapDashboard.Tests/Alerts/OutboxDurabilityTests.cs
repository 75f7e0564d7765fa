using System.Net;
using WazzapDashboard.Alerts;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

public class OutboxDurabilityTests
{
    [Fact]
    public async Task AnUndeliveredAlertSurvivesARestartAndKeepsItsBackoff()
    {
        var path = TestStore.NewDatabase();
        try
        {
            await using var receiver = await FakeReceiver.Start();
            receiver.Answer = HttpStatusCode.ServiceUnavailable;
            var settings = Settings([.. Channel(0, "n8n", "webhook", ("Url", receiver.Url())), .. Rule(0, "n8n", "disconnected")]);

            await using (var first = new WazzapApplication(path, settings: settings))
            {
                await first.PostWazzapi(Disconnected());
                await Eventually(() => Assert.Equal(1, Assert.Single(first.Outbox()).Attempts));
            }
            receiver.Answer = HttpStatusCode.OK;

            await using var second = new WazzapApplication(path, settings: settings);
            await second.CreateClient().GetAsync("/healthz");
            await second.Settle();
            // The stored next attempt (12:00:30) is still ahead of the new process's clock (12:00).
            Assert.Single(receiver.Requests);
            Assert.Equal("HTTP 503 Service Unavailable: receiver is down", second.Outbox()[0].LastError);

            second.Time.Advance(TimeSpan.FromSeconds(30));

            await Eventually(() => Assert.Single(receiver.Accepted));
            await Eventually(() => Assert.Equal(OutboxState.Sent, second.Outbox()[0].State));
            await second.Settle();
            // The restart's reconcile remembers the outage: no second alert for it.
            Assert.Single(second.Outbox());
            Assert.Equal(2, receiver.Requests.Count);
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task ChangesWaitingForTheirGroupSurviveARestart()
    {
        var path = TestStore.NewDatabase();
        try
        {
            await using var receiver = await FakeReceiver.Start();
            var settings = Settings([.. Channel(0, "n8n", "webhook", ("Url", receiver.Url())), .. Rule(0, "n8n", "disconnected")],
                ("Alerts:GroupWait", "00:01:00"));

            await using (var first = new WazzapApplication(path, settings: settings))
            {
                await first.PostWazzapi(Disconnected());
                await Eventually(() => Assert.Equal(1, first.Count("alert_pending")));
            }

            await using var second = new WazzapApplication(path, settings: settings);
            await second.CreateClient().GetAsync("/healthz");
            second.Time.Advance(TimeSpan.FromMinutes(1));

            await Eventually(() => Assert.Single(receiver.Accepted));
            Assert.Equal("disconnected", receiver.Accepted[0].Json.GetProperty("change").GetString());
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }
}
