using Dapper;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Fleet;

/// <summary>Gateway deliveries written straight into a database's history.</summary>
public static class GatewayDeliveries
{

    /// <summary>Deliveries from <paramref name="source"/> received at each of these times.</summary>
    public static void Delivered(Database database, string source, IEnumerable<DateTimeOffset> times)
    {
        using var connection = database.Open();
        foreach (var at in times) TestFleet.Message(connection, "+6281234567890", at, source: source);
    }

    /// <summary>Every 20 minutes for two days, the last one at <see cref="TestFleet.Now"/>.</summary>
    public static IEnumerable<DateTimeOffset> AllDay => Enumerable.Range(0, 144).Select(i => TestFleet.Now.AddMinutes(-20 * i));
}

/// <summary>Silent gateways on a fake clock: no deliveries for <c>Ingest:GatewaySilentAfter</c> while the gateway usually sends.</summary>
public class GatewayWatchTests
{
    private static readonly DateTimeOffset Now = TestFleet.Now;
    private static void Delivered(Database database, string source, IEnumerable<DateTimeOffset> times) => GatewayDeliveries.Delivered(database, source, times);
    private static IEnumerable<DateTimeOffset> AllDay => GatewayDeliveries.AllDay;

    [Fact]
    public void AGatewayThatUsuallySendsIsSilentOnceItHasSentNothingForTheSetting()
    {
        using var fleet = new TestFleet();
        Delivered(fleet.Database, Sources.Wazzapi, AllDay);
        var watch = fleet.Gateways;
        var changes = 0;
        using var _ = watch.Subscribe(() => changes++);

        fleet.Time.Advance(TimeSpan.FromMinutes(29));
        watch.Check();
        Assert.Empty(watch.Silent);

        fleet.Time.Advance(TimeSpan.FromMinutes(1));
        watch.Check();
        Assert.Equal([new SilentGateway(Sources.Wazzapi, Now)], watch.Silent);
        Assert.Equal("Wazzapi", watch.Silent[0].Name);
        Assert.Equal(1, changes);

        fleet.Time.Advance(TimeSpan.FromMinutes(1));
        watch.Check();
        Assert.Equal(1, changes); // still the same silence: no new notice
    }

    [Fact]
    public void ItClearsWhenDeliveriesResume()
    {
        using var fleet = new TestFleet();
        Delivered(fleet.Database, Sources.Wazzapi, AllDay);
        var watch = fleet.Gateways;
        fleet.Time.Advance(TimeSpan.FromHours(1));
        watch.Check();
        Assert.Single(watch.Silent);

        Delivered(fleet.Database, Sources.Wazzapi, [fleet.Time.GetUtcNow()]);
        watch.Check();

        Assert.Empty(watch.Silent);
    }

    [Fact]
    public void AGatewayThatRarelySendsOrNeverSentIsNotSilent()
    {
        using var fleet = new TestFleet();
        // Wazzap: two deliveries in two weeks, no pattern to fall silent from; Wazzapi: nothing at all.
        Delivered(fleet.Database, Sources.Wazzap, [Now.AddDays(-10), Now.AddDays(-2)]);
        var watch = fleet.Gateways;

        fleet.Time.Advance(TimeSpan.FromDays(1));
        watch.Check();

        Assert.Empty(watch.Silent);
    }

    [Fact]
    public void AGatewayQuietEveryNightIsNotSilentAtNight()
    {
        using var fleet = new TestFleet();
        // Busy 08:00–20:00 for a week, the last delivery at 20:00 today; then it is 06:00 tomorrow.
        var today = new DateTimeOffset(Now.Date, TimeSpan.Zero);
        Delivered(fleet.Database, Sources.Wazzapi, Enumerable.Range(0, 7).SelectMany(d => Enumerable.Range(8, 13).Select(h => today.AddDays(-d).AddHours(h))));
        fleet.Time.SetUtcNow(today.AddDays(1).AddHours(6));

        fleet.Gateways.Check();

        Assert.Empty(fleet.Gateways.Silent);
    }

    [Fact]
    public async Task AGatewayFallingSilentIsAnAlertOnce()
    {
        var path = TestStore.NewDatabase();
        try
        {
            var database = TestStore.Database(path);
            database.Migrate();
            Delivered(database, Sources.Wazzapi, AllDay.Select(t => t.AddMinutes(-5)));
            await using var receiver = await FakeReceiver.Start();
            await using var app = new WazzapApplication(path,
                settings: Settings([.. Channel(0, "ops", "webhook", ("Url", receiver.Url())), .. Rule(0, "ops", "gateway_silent")]));
            var watch = app.Services.GetRequiredService<GatewayWatch>();
            await app.RiskPassDone();

            app.Time.Advance(TimeSpan.FromMinutes(30));
            watch.Check();
            app.Time.Advance(WazzapDashboard.Alerts.AlertEngine.Tick); // the alerts' next pass

            await Eventually(() => Assert.Single(receiver.Accepted));
            var alert = receiver.Accepted[0].Json;
            Assert.Equal(("gateway_silent", "No webhooks from Wazzapi since 15 May 11:55"),
                (alert.GetProperty("change").GetString(), alert.GetProperty("title").GetString()));
            Assert.Equal("silent", app.AlertCondition("gateway:wazzapi"));

            // Deliveries resume: the memory clears, with no second alert; a later silence alerts again.
            await app.PostWazzapi(Fixtures.Wazzapi("message.received", timestamp: app.Time.GetUtcNow().ToString("O")));
            watch.Check();
            app.Time.Advance(WazzapDashboard.Alerts.AlertEngine.Tick);
            await Eventually(() => Assert.Equal("healthy", app.AlertCondition("gateway:wazzapi")));
            await app.Settle();
            Assert.Single(receiver.Requests);
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }
}
