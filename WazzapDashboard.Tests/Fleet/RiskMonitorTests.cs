using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class RiskMonitorTests
{
    private const string Phone = "+6281234567890";

    /// <summary>A connected number whose phone was last seen <paramref name="ago"/> before the app's clock.</summary>
    private static async Task Connected(WazzapApplication app, TimeSpan ago) =>
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: (app.Time.GetUtcNow() - ago).ToString("O")));

    [Fact]
    public async Task CrossingTheAtRiskLinePushesTheNumberWithNoWebhook()
    {
        await using var app = new WazzapApplication();
        await app.RiskPassDone();
        await Connected(app, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(30));
        using var feed = FeedRecorder.On(app);

        app.Time.Advance(TimeSpan.FromHours(1));

        var pushed = await feed.WaitFor(v => v.AtRisk);
        Assert.Equal(Phone, pushed.Phone);
        Assert.Equal(6, pushed.DaysUntilExpiry);
        Assert.False(pushed.Expired);
        Assert.Equal(NumberStatus.Connected, pushed.Status);
        Assert.Equal(1, app.Count("events"));
    }

    [Fact]
    public async Task CrossingTheExpiryLinePushesTheStillConnectedNumberAsExpired()
    {
        await using var app = new WazzapApplication();
        await app.RiskPassDone();
        await Connected(app, TimeSpan.FromDays(14) - TimeSpan.FromMinutes(30));
        using var feed = FeedRecorder.On(app);

        app.Time.Advance(TimeSpan.FromHours(1));

        var pushed = await feed.WaitFor(v => v.Expired);
        Assert.Equal(NumberStatus.Connected, pushed.Status);
        Assert.True(pushed.AtRisk);
        Assert.Equal(-1, pushed.DaysUntilExpiry);
    }

    [Fact]
    public async Task EachWholeDayOfTheCountdownIsPushed()
    {
        await using var app = new WazzapApplication();
        await app.RiskPassDone();
        await Connected(app, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(30));
        using var feed = FeedRecorder.On(app);

        app.Time.Advance(TimeSpan.FromHours(1));

        var pushed = await feed.WaitFor(v => v.Phone == Phone);
        Assert.Equal(new Risk(false, 11, false), new Risk(pushed.AtRisk, pushed.DaysUntilExpiry, pushed.Expired));
    }

    [Fact]
    public async Task APassThatCrossesNoLinePushesNothing()
    {
        await using var app = new WazzapApplication();
        await app.RiskPassDone();
        await Connected(app, TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        using var feed = FeedRecorder.On(app);

        app.Time.Advance(TimeSpan.FromHours(2));
        await app.RiskPassDone(upTo: app.Time.GetUtcNow());

        Assert.Empty(feed.Views);
    }

    [Fact]
    public async Task DisconnectedAndRemovedNumbersAreNotPushed()
    {
        await using var app = new WazzapApplication();
        await app.RiskPassDone();
        var seen = app.Time.GetUtcNow() - TimeSpan.FromDays(7) + TimeSpan.FromMinutes(30);
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", phone: "6281111111111", timestamp: seen.ToString("O")));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: "6281111111111", timestamp: seen.AddMinutes(1).ToString("O"), reason: "logged out"));
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", phone: "6282222222222", timestamp: seen.ToString("O"), accountId: "other"));
        await app.CreateClient().DeleteAsync("/api/numbers/+6282222222222");
        using var feed = FeedRecorder.On(app);

        app.Time.Advance(TimeSpan.FromHours(1));
        await app.RiskPassDone(upTo: app.Time.GetUtcNow());

        Assert.Empty(feed.Views);
    }

    [Fact]
    public async Task StartUpPassPushesWhatCrossedALineWhileTheAppWasDown()
    {
        var path = TestStore.NewDatabase();
        try
        {
            var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 5, 15, 12, 0, 0, TimeSpan.Zero));
            await using (var first = new WazzapApplication(path, time: time))
            {
                await first.RiskPassDone();
                await Connected(first, TimeSpan.FromDays(5));
            }

            time.Advance(TimeSpan.FromDays(3)); // down over the 7-day line
            var (feed, recorder) = FeedRecorder.BeforeStart();
            await using var second = new WazzapApplication(path, time: time, services: s => s.AddSingleton(feed));
            _ = second.Services;

            var pushed = await recorder.WaitFor(v => v.Phone == Phone);
            Assert.True(pushed.AtRisk);
            Assert.Equal(6, pushed.DaysUntilExpiry);
        }
        finally
        {
            WazzapApplication.DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task OnlyTheNumbersThatMovedArePushedOutOfAFleetOf5000()
    {
        await using var app = new WazzapApplication();
        await app.RiskPassDone();
        var now = app.Time.GetUtcNow();
        // One connected number seen every 2 minutes, from 3 to 10 days ago: over the next hour, only the
        // 30 seen within an hour of each whole-day line cross it.
        using (var connection = app.OpenDatabase())
        {
            using var transaction = connection.BeginTransaction();
            for (var i = 1; i <= 5000; i++)
            {
                connection.Execute(
                    "INSERT INTO numbers (phone, status, phone_last_seen_at) VALUES (@phone, 'connected', @seen)",
                    new { phone = $"+628100{i:D6}", seen = (now - TimeSpan.FromMinutes(2 * i) - TimeSpan.FromDays(3) - TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds() },
                    transaction);
            }
            transaction.Commit();
        }
        var expected = Enumerable.Range(1, 5000)
            .Select(i => now - TimeSpan.FromMinutes(2 * i) - TimeSpan.FromDays(3) - TimeSpan.FromSeconds(30))
            .Count(seen => RiskRules.Evaluate(NumberStatus.Connected, seen, now, new()) != RiskRules.Evaluate(NumberStatus.Connected, seen, now.AddHours(1), new()));
        using var feed = FeedRecorder.On(app);

        app.Time.Advance(TimeSpan.FromHours(1));
        await app.RiskPassDone(upTo: app.Time.GetUtcNow());
        await feed.WaitFor(_ => feed.Views.Count >= expected);

        Assert.Equal(6 * 30, expected);
        Assert.Equal(expected, feed.Views.Count);
        Assert.Equal(expected, feed.Views.Select(v => v.Phone).Distinct().Count());
    }
}
