using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Fleet;

/// <summary>Silent numbers on a fake clock: connected, quiet far beyond their own hourly pattern.</summary>
public class SilenceMonitorTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private const string Busy = "+6281100000001";   // a message every hour for three days, the last an hour ago
    private const string Rare = "+6281100000002";   // two messages, ever: no pattern
    private const string Mute = "+6281100000003";   // connected, never sends

    /// <summary>A database holding the three numbers, connected, with their message history.</summary>
    private static string Fleet()
    {
        var path = TestStore.NewDatabase();
        var database = TestStore.Database(path);
        database.Migrate();
        using var connection = database.Open();
        foreach (var phone in new[] { Busy, Rare, Mute })
        {
            FleetWriter.Save(connection, null, new NumberState(phone, "ID", "Sales", null, NumberStatus.Connected, null, null,
                Now.AddDays(-4), Now.AddDays(-4), Now.AddHours(-1), Now.AddDays(-1)));
        }
        var messages = Enumerable.Range(1, 72).Select(h => (Busy, Now.AddHours(-h)))
            .Concat([(Rare, Now.AddDays(-3)), (Rare, Now.AddHours(-1))]);
        foreach (var (phone, at) in messages) TestFleet.Message(connection, phone, at);
        return path;
    }

    /// <summary>The app on that database, its background pass held off a day: each test runs passes when it means to.</summary>
    private static WazzapApplication App(string path, params (string, string?)[] extra) =>
        new(path, settings: Settings([("Fleet:SilentCheckInterval", "1.00:00:00"), .. extra]));

    private static SilenceMonitor Monitor(WazzapApplication app) => app.Services.GetServices<IHostedService>().OfType<SilenceMonitor>().Single();

    private static async Task<JsonElement> Number(WazzapApplication app, string phone) =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{Uri.EscapeDataString(phone)}");

    [Fact]
    public async Task ANumberQuietFarBeyondItsPatternIsFlaggedSilentNoSooner()
    {
        var path = Fleet();
        try
        {
            await using var app = App(path);
            await app.RiskPassDone();
            using var feed = FeedRecorder.On(app);
            var monitor = Monitor(app);

            app.Time.Advance(TimeSpan.FromHours(5) - TimeSpan.FromMinutes(1)); // quiet for 5 h 59 min
            Assert.Equal(0, await monitor.Check());
            Assert.False((await Number(app, Busy)).GetProperty("silent").GetBoolean());

            app.Time.Advance(TimeSpan.FromMinutes(1)); // 6 h: Fleet:SilentAfter, its pattern being every hour
            Assert.Equal(1, await monitor.Check());

            var number = await Number(app, Busy);
            Assert.True(number.GetProperty("silent").GetBoolean());
            Assert.Equal(Now.AddHours(-1), number.GetProperty("silentSince").GetDateTimeOffset());
            var pushed = await feed.WaitFor(v => v.Phone == Busy && v.Silent);
            Assert.Equal(Now.AddHours(-1), pushed.SilentSince);
            Assert.Equal(0, await monitor.Check()); // already flagged: nothing new
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task APatternOlderThanTheRawMessageRowsStillCounts()
    {
        // Every hour from 14 to 8 days ago, then nothing: the raw rows are pruned after 7 days, the counters stay.
        var path = TestStore.NewDatabase();
        var database = TestStore.Database(path);
        database.Migrate();
        using (var connection = database.Open())
        {
            FleetWriter.Save(connection, null, new NumberState(Busy, "ID", "Sales", null, NumberStatus.Connected, null, null,
                Now.AddDays(-20), Now.AddDays(-20), Now.AddDays(-20), Now.AddDays(-20)));
            for (var h = 8 * 24; h < 14 * 24; h++) TestFleet.Message(connection, Busy, Now.AddHours(-h), raw: false);
        }
        try
        {
            await using var app = App(path);
            await app.RiskPassDone();
            await Monitor(app).Check(); // the pass at start-up may have flagged it already

            var number = await Number(app, Busy);
            Assert.True(number.GetProperty("silent").GetBoolean());
            Assert.Equal(Now.AddDays(-8), number.GetProperty("silentSince").GetDateTimeOffset()); // its last counted hour
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task NumbersWithNoPatternOrNoMessagesAreNeverSilent()
    {
        var path = Fleet();
        try
        {
            await using var app = App(path);
            await app.RiskPassDone();

            app.Time.Advance(TimeSpan.FromDays(3));
            await Monitor(app).Check();

            Assert.False((await Number(app, Rare)).GetProperty("silent").GetBoolean());
            Assert.False((await Number(app, Mute)).GetProperty("silent").GetBoolean());
            Assert.Equal(JsonValueKind.Null, (await Number(app, Mute)).GetProperty("silentSince").ValueKind);
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task AMessageEndsTheSilenceAtOnce()
    {
        var path = Fleet();
        try
        {
            await using var app = App(path);
            await app.RiskPassDone();
            app.Time.Advance(TimeSpan.FromHours(8));
            await Monitor(app).Check();
            using var feed = FeedRecorder.On(app);

            Assert.True((await Number(app, Busy)).GetProperty("silent").GetBoolean());
            var at = app.Time.GetUtcNow();

            await app.PostWazzapi(Fixtures.Wazzapi("message.received", phone: Busy[1..], timestamp: at.ToString("O")));

            var pushed = await feed.WaitFor(v => v.Phone == Busy && v.LastEventAt == at); // the message's own view, from the writer
            Assert.False(pushed.Silent);
            Assert.False((await Number(app, Busy)).GetProperty("silent").GetBoolean());
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task ADroppedNumberIsNotSilentAndItsFlagDoesNotOutliveTheSession()
    {
        var path = Fleet();
        try
        {
            await using var app = App(path);
            await app.RiskPassDone();
            app.Time.Advance(TimeSpan.FromHours(8));
            await Monitor(app).Check();

            await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: Busy[1..], timestamp: app.Time.GetUtcNow().ToString("O"), reason: "logged out"));
            Assert.False((await Number(app, Busy)).GetProperty("silent").GetBoolean());
            await app.PostWazzapi(Fixtures.Wazzapi("device.connected", phone: Busy[1..], timestamp: app.Time.GetUtcNow().AddMinutes(1).ToString("O")));

            Assert.False((await Number(app, Busy)).GetProperty("silent").GetBoolean());
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task GoingSilentIsAnAlertChange()
    {
        var path = Fleet();
        try
        {
            await using var receiver = await FakeReceiver.Start();
            await using var app = App(path, [.. Channel(0, "ops", "webhook", ("Url", receiver.Url())), .. Rule(0, "ops", "silent")]);
            await app.RiskPassDone();
            await Eventually(() => Assert.Equal("healthy", app.AlertCondition(Busy)));

            app.Time.Advance(TimeSpan.FromHours(8));
            await Monitor(app).Check();

            await Eventually(() => Assert.Single(receiver.Accepted));
            var alert = receiver.Accepted[0].Json;
            Assert.Equal(("silent", Busy), (alert.GetProperty("change").GetString(), alert.GetProperty("phone").GetString()));
            Assert.StartsWith("Sales (+62 811-0000-0001) went silent", alert.GetProperty("title").GetString());
            Assert.Equal(Now.AddHours(-1), alert.GetProperty("at").GetDateTimeOffset());
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }
}
