using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

/// <summary>Short drops stay quiet, logouts and bans never wait (<c>Alerts:DisconnectGrace</c>).</summary>
public class DisconnectGraceTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FlapWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private const string Phone = "+6281234567890";

    private static NumberView Down(ReasonCategory? category, DateTimeOffset at, NumberStatus status = NumberStatus.Disconnected) =>
        NoiseRulesTests.View(Condition.Disconnected, at) with { Status = status, ReasonCategory = category };

    private static NumberView Up(DateTimeOffset at) => NoiseRulesTests.View(Condition.Healthy, at);

    private static readonly NumberAlertState Healthy = new(Phone, Condition.Healthy, Now.AddDays(-1));

    // The grace table in NoiseRules, row by row: a healthy number drops for a reason, then (minutes later) comes back or not.
    [Theory]
    [InlineData("phone_offline", 2, "-", "dropping")]
    [InlineData("unknown", 2, "-", "dropping")]
    [InlineData(null, 2, "-", "dropping")]
    [InlineData("phone_offline", 6, "disconnected", "disconnected")]   // reported late: already down longer than the grace
    [InlineData("logged_out", 0, "disconnected", "disconnected")]
    [InlineData("slot_reused", 0, "disconnected", "disconnected")]
    [InlineData("device_changed", 0, "disconnected", "disconnected")]
    [InlineData("app_update", 0, "disconnected", "disconnected")]
    [InlineData("banned", 0, "banned", "banned")]
    public void ADropWaitsOrAlertsByItsCategory(string? category, int minutesAgo, string alert, string next)
    {
        var cat = category is null ? (ReasonCategory?)null : WireNames.FromWire<ReasonCategory>(category);
        var status = cat == ReasonCategory.Banned ? NumberStatus.Banned : NumberStatus.Disconnected;

        var (state, changes) = NoiseRules.Detect(Healthy, Down(cat, Now.AddMinutes(-minutesAgo), status), Now, FlapWindow, Grace);

        Assert.Equal(alert == "-" ? [] : [WireNames.FromWire<ChangeKind>(alert)], changes.Select(c => c.Kind).ToArray());
        Assert.Equal(WireNames.FromWire<Condition>(next), state.Condition);
    }

    [Theory]
    [InlineData("still_down_before_grace", "-", "dropping")]
    [InlineData("still_down_after_grace", "disconnected", "disconnected")]
    [InlineData("logged_out", "disconnected", "disconnected")]
    [InlineData("banned", "banned", "banned")]
    [InlineData("back_within_grace", "-", "healthy")]
    [InlineData("back_after_grace", "disconnected", "recovering")]
    public void ADroppingNumberAsTheTableSays(string then, string alert, string next)
    {
        var (dropping, _) = NoiseRules.Detect(Healthy, Down(ReasonCategory.PhoneOffline, Now), Now, FlapWindow, Grace);
        Assert.Equal(Condition.Dropping, dropping.Condition);

        var (view, at) = then switch
        {
            "still_down_before_grace" => (Down(ReasonCategory.PhoneOffline, Now), Now.AddMinutes(4)),
            "still_down_after_grace" => (Down(ReasonCategory.PhoneOffline, Now), Now.AddMinutes(5)),
            "logged_out" => (Down(ReasonCategory.LoggedOut, Now.AddMinutes(1)), Now.AddMinutes(1)),
            "banned" => (Down(ReasonCategory.Banned, Now.AddMinutes(1), NumberStatus.Banned), Now.AddMinutes(1)),
            "back_within_grace" => (Up(Now.AddMinutes(3)), Now.AddMinutes(3)),
            _ => (Up(Now.AddMinutes(7)), Now.AddMinutes(7)),
        };
        var (state, changes) = NoiseRules.Detect(dropping, view, at, FlapWindow, Grace);

        Assert.Equal(alert == "-" ? [] : [WireNames.FromWire<ChangeKind>(alert)], changes.Select(c => c.Kind).ToArray());
        Assert.Equal(WireNames.FromWire<Condition>(next), state.Condition);
    }

    [Fact]
    public void AShortDropSeenOnlyAfterTheGraceIsStillQuiet()
    {
        // Back at minute 3, but the alerts only look at minute 8: it healed within the grace.
        var (dropping, _) = NoiseRules.Detect(Healthy, Down(ReasonCategory.Unknown, Now), Now, FlapWindow, Grace);

        var (state, changes) = NoiseRules.Detect(dropping, Up(Now.AddMinutes(3)), Now.AddMinutes(8), FlapWindow, Grace);

        Assert.Empty(changes);
        Assert.Equal(Condition.Healthy, state.Condition);
    }

    [Fact]
    public void AConfirmedDropCarriesWhenItStarted()
    {
        var (dropping, _) = NoiseRules.Detect(Healthy, Down(ReasonCategory.PhoneOffline, Now), Now, FlapWindow, Grace);

        var confirmed = NoiseRules.Confirm(dropping, Down(ReasonCategory.PhoneOffline, Now), Now.AddMinutes(6), Grace);

        Assert.Equal((ChangeKind.Disconnected, Now, ReasonCategory.PhoneOffline),
            (confirmed!.Value.Change.Kind, confirmed.Value.Change.At, confirmed.Value.Change.ReasonCategory));
        Assert.Equal(Now, confirmed.Value.State.OutageStartedAt);
    }

    private static (string, string?)[] Webhook(FakeReceiver receiver) =>
        [.. Channel(0, "ops", "webhook", ("Url", receiver.Url())), .. Rule(0, "ops", "disconnected", "banned", "reconnected")];

    private static WazzapApplication App(FakeReceiver receiver) =>
        new(settings: Settings(Webhook(receiver), ("Alerts:DisconnectGrace", "00:05:00"), ("Alerts:FlapWindow", "00:00:00")));

    [Fact]
    public async Task APhoneOfflineDropThatHealsWithinTheGraceSendsNothing()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = App(receiver);

        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T12:00:00Z", reason: "Phone offline"));
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.PostWazzapi(Connected(timestamp: "2026-05-15T12:02:00Z"));
        await Eventually(() => Assert.Equal("healthy", app.AlertCondition("+6281234567890")));
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.Settle();

        Assert.Empty(receiver.Requests);
        Assert.Equal(0, app.Count("alert_outbox"));
    }

    [Fact]
    public async Task AnUnknownDropThatOutlastsTheGraceAlertsOnceItHas()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = App(receiver);

        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T12:00:00Z", reason: "Connection lost"));
        await Eventually(() => Assert.Equal("dropping", app.AlertCondition("+6281234567890")));
        app.Time.Advance(TimeSpan.FromMinutes(4));
        await app.Settle();
        Assert.Empty(receiver.Requests);

        app.Time.Advance(TimeSpan.FromMinutes(1));

        await Eventually(() => Assert.Single(receiver.Accepted));
        var alert = receiver.Accepted[0].Json;
        Assert.Equal(("disconnected", "unknown"), (alert.GetProperty("change").GetString(), alert.GetProperty("reasonCategory").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2026-05-15T12:00:00Z"), alert.GetProperty("at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("Logged out from the phone", "disconnected")]
    [InlineData("Session replaced by WhatsApp Web", "disconnected")]
    [InlineData("SIM changed", "disconnected")]
    [InlineData("Account banned", "banned")]
    public async Task LogoutsReusedSlotsDeviceChangesAndBansAlertAtOnce(string reason, string change)
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = App(receiver);

        await app.PostWazzapi(Disconnected(timestamp: "2026-05-15T12:00:00Z", reason: reason));

        await Eventually(() => Assert.Single(receiver.Accepted));
        Assert.Equal(change, receiver.Accepted[0].Json.GetProperty("change").GetString());
    }
}
