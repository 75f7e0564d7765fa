using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Fleet;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Tests.Storage;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

/// <summary>Two instances on one database and one fake clock: the alerts run on one of them at a time.</summary>
public class AlertLeasesTests
{
    private static readonly TimeSpan LeaseDuration = new InstanceOptions().LeaseDuration;

    private static string Change(FakeReceiver.ReceivedRequest request) => request.Json.GetProperty("change").GetString()!;

    private static string? Holder(Database database, string lease) => LeasesTests.Row(database, lease)?.Holder;

    private static Database Migrated(string path)
    {
        var database = TestStore.Database(path);
        database.Migrate();
        return database;
    }

    [Fact]
    public async Task AGatewaySilenceBothInstancesSeeIsAlertedOnceAndTheOtherInstanceCarriesOnWhenTheHolderStops()
    {
        var path = TestStore.NewDatabase();
        WazzapApplication? a = null, b = null;
        try
        {
            var database = Migrated(path);
            GatewayDeliveries.Delivered(database, Sources.Wazzapi, GatewayDeliveries.AllDay);
            await using var receiver = await FakeReceiver.Start();
            // Silent a minute after the last delivery; the leases outlast the minute, so a holds them throughout.
            var settings = Settings([.. Channel(0, "ops", "webhook", ("Url", receiver.Url())), .. Rule(0, "ops", "gateway_silent", "disconnected")],
                ("Ingest:GatewaySilentAfter", "00:01:00"), ("Instance:LeaseDuration", "00:05:00"));
            var time = new FakeTimeProvider(TestFleet.Now);
            a = new WazzapApplication(path, settings: settings, time: time);
            await a.RiskPassDone();
            await a.Settle(); // a takes the alerts' lease
            b = new WazzapApplication(path, settings: settings, time: time);
            await b.Settle(); // b's engine and sender have looked, and wait
            Assert.Equal(a.Services.GetRequiredService<Leases>().Holder, Holder(database, AlertEngine.Lease));

            // Both instances watch the gateways, and both see it fall silent.
            time.Advance(TimeSpan.FromMinutes(1));
            a.Services.GetRequiredService<GatewayWatch>().Check();
            b.Services.GetRequiredService<GatewayWatch>().Check();
            time.Advance(AlertEngine.Tick); // the alerts' next pass

            await Eventually(() => Assert.Single(receiver.Accepted));
            await a.Settle();
            await b.Settle();
            Assert.Equal(["gateway_silent"], receiver.Requests.Select(Change));

            // a stops (a rolling restart): it hands the alerts over at once, and b alerts from then on.
            await a.DisposeAsync();
            await b.PostWazzapi(Disconnected(timestamp: time.GetUtcNow().AddSeconds(-1).ToString("O")));
            time.Advance(AlertEngine.Tick); // b's alerts, on standby, look again at their next tick

            await Eventually(() => Assert.Equal(["gateway_silent", "disconnected"], receiver.Accepted.Select(Change)));
            Assert.Equal(b.Services.GetRequiredService<Leases>().Holder, Holder(database, AlertEngine.Lease));
            await b.Settle();
            Assert.Equal(2, receiver.Requests.Count);
        }
        finally
        {
            if (a is not null) await a.DisposeAsync();
            if (b is not null) await b.DisposeAsync();
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task ADeadInstancesAlertsMoveToAnotherOnceItsLeaseRunsOut()
    {
        var path = TestStore.NewDatabase();
        try
        {
            var database = Migrated(path);
            // A drop the dead instance committed but never alerted, and its lease, renewed just before it died.
            TestFleet.Seed(database, [TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut)]);
            using (var connection = database.Open())
            {
                connection.Execute("INSERT INTO leases (name, holder, expires_at) VALUES (@name, 'dead', @expiresAt)",
                    new { name = AlertEngine.Lease, expiresAt = (TestFleet.Now + LeaseDuration).ToUnixTimeMilliseconds() });
            }
            await using var receiver = await FakeReceiver.Start();
            await using var app = new WazzapApplication(path, settings: Settings([.. Channel(0, "ops", "webhook", ("Url", receiver.Url())), .. Rule(0, "ops", "disconnected")]));

            await app.Settle();
            Assert.Empty(receiver.Requests); // the lease is still the dead instance's

            app.Time.Advance(LeaseDuration);
            await app.Settle();

            await Eventually(() => Assert.Equal(["disconnected"], receiver.Accepted.Select(Change)));
            Assert.Equal(app.Services.GetRequiredService<Leases>().Holder, Holder(database, AlertEngine.Lease));
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task AChangeAnotherInstanceCommittedBeforeOneAlreadyTakenIsNotARecovery()
    {
        const string phone = "+6281234567890";
        await using var app = new WazzapApplication(settings: Settings());
        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T11:59:00Z"));
        await app.Settle();
        var dropped = app.Services.GetRequiredService<FleetQueries>().Find(phone)!;
        var condition = app.AlertCondition(phone);
        var feed = app.Services.GetRequiredService<ChangeFeed>();

        // Another instance's view from before the drop, relayed after it: the number was connected then.
        var before = dropped with { Status = NumberStatus.Connected, Reason = null, ReasonCategory = null, LastEventAt = dropped.LastEventAt!.Value.AddMinutes(-1) };
        feed.Publish([before], Committed.Elsewhere);
        await app.Settle();
        Assert.Equal(condition, app.AlertCondition(phone));

        // A later one is news.
        feed.Publish([before with { LastEventAt = dropped.LastEventAt.Value.AddMinutes(1) }], Committed.Elsewhere);
        await app.Settle();
        Assert.NotEqual(condition, app.AlertCondition(phone));
    }
}
