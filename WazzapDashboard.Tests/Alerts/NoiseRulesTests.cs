using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Alerts;

public class NoiseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FlapWindow = TimeSpan.FromMinutes(10);
    private const string Phone = "+6281234567890";

    public static NumberView View(Condition condition, DateTimeOffset? changedAt = null) => new(
        Phone,
        condition switch
        {
            Condition.Disconnected => NumberStatus.Disconnected,
            Condition.Banned => NumberStatus.Banned,
            Condition.Unknown => NumberStatus.Unknown,
            _ => NumberStatus.Connected,
        },
        "reason", condition is Condition.Disconnected ? ReasonCategory.SlotReused : condition is Condition.Banned ? ReasonCategory.Banned : null,
        "ID", "Kopi Support", changedAt ?? Now, changedAt ?? Now, Now.AddDays(-1),
        AtRisk: condition is Condition.AtRisk or Condition.Expired,
        DaysUntilExpiry: condition switch { Condition.AtRisk => 5, Condition.Expired => -1, Condition.Healthy => 12, _ => null },
        Expired: condition is Condition.Expired);

    private static NumberAlertState Remembered(Condition condition) => new(Phone, condition, Now.AddHours(-1),
        OutageStartedAt: condition is Condition.Disconnected or Condition.Banned or Condition.Recovering ? Now.AddHours(-1) : null,
        RecoveredAt: condition == Condition.Recovering ? Now.AddMinutes(-1) : null);

    // The table in NoiseRules, row by row ("none" remembered: a number never seen by alerts).
    [Theory]
    [InlineData("disconnected", "disconnected", "-", "disconnected")]
    [InlineData("banned", "banned", "-", "banned")]
    [InlineData("disconnected", "banned", "banned", "banned")]
    [InlineData("banned", "disconnected", "-", "disconnected")]
    [InlineData("healthy", "disconnected", "disconnected", "disconnected")]
    [InlineData("at_risk", "banned", "banned", "banned")]
    [InlineData("expired", "disconnected", "disconnected", "disconnected")]
    [InlineData("none", "disconnected", "disconnected", "disconnected")]
    [InlineData("recovering", "disconnected", "-", "disconnected")]
    [InlineData("recovering", "banned", "banned", "banned")]
    [InlineData("disconnected", "healthy", "-", "recovering")]
    [InlineData("banned", "at_risk", "-", "recovering")]
    [InlineData("recovering", "healthy", "-", "recovering")]
    [InlineData("healthy", "at_risk", "at_risk", "at_risk")]
    [InlineData("none", "at_risk", "at_risk", "at_risk")]
    [InlineData("healthy", "expired", "expired", "expired")]
    [InlineData("at_risk", "expired", "expired", "expired")]
    [InlineData("at_risk", "healthy", "-", "healthy")]
    [InlineData("expired", "healthy", "-", "healthy")]
    [InlineData("none", "healthy", "-", "healthy")]
    [InlineData("healthy", "healthy", "-", "healthy")]
    [InlineData("disconnected", "unknown", "-", "disconnected")]
    public void ConditionChangesAlertAsTheTableSays(string remembered, string now, string alert, string next)
    {
        var state = remembered == "none" ? null : Remembered(WireNames.FromWire<Condition>(remembered));

        var (after, changes) = NoiseRules.Detect(state, View(WireNames.FromWire<Condition>(now)), Now, FlapWindow);

        Assert.Equal(alert == "-" ? [] : [WireNames.FromWire<ChangeKind>(alert)], changes.Select(c => c.Kind).ToArray());
        Assert.Equal(WireNames.FromWire<Condition>(next), after.Condition);
    }

    [Fact]
    public void RepeatedReportsOfOneDropAlertOnce()
    {
        NumberAlertState? state = null;
        var alerts = new List<Transition>();
        foreach (var minutes in new[] { 0, 1, 5, 30 })
        {
            // Retries, a second gateway, a late event: the number is still disconnected each time.
            (state, var changes) = NoiseRules.Detect(state, View(Condition.Disconnected, Now), Now.AddMinutes(minutes), FlapWindow);
            alerts.AddRange(changes);
        }

        Assert.Equal([ChangeKind.Disconnected], alerts.Select(a => a.Kind));
    }

    [Fact]
    public void FlappingWithinTheWindowCollapsesIntoOneOutageAndOneRecovery()
    {
        NumberAlertState? state = new(Phone, Condition.Healthy, Now.AddDays(-1));
        var alerts = new List<Transition>();
        var sequence = new (int Minute, Condition Condition)[]
        {
            (0, Condition.Disconnected), (2, Condition.Healthy), (4, Condition.Disconnected), (5, Condition.Healthy),
            (7, Condition.Disconnected), (8, Condition.Healthy),
        };
        foreach (var (minute, condition) in sequence)
        {
            (state, var changes) = NoiseRules.Detect(state, View(condition, Now.AddMinutes(minute)), Now.AddMinutes(minute), FlapWindow);
            alerts.AddRange(changes);
        }
        Assert.Equal([ChangeKind.Disconnected], alerts.Select(a => a.Kind));

        var settled = NoiseRules.Settle(state!, View(Condition.Healthy), Now.AddMinutes(18), FlapWindow);

        var recovery = Assert.IsType<Transition>(settled?.Change);
        Assert.Equal(ChangeKind.Reconnected, recovery.Kind);
        Assert.Equal(2, recovery.Flaps);
        Assert.Equal(Now, recovery.OutageStartedAt);
        Assert.Equal(Now.AddMinutes(8), recovery.At);
        Assert.Equal(Condition.Healthy, settled!.Value.State.Condition);
    }

    [Fact]
    public void ARecoveryIsHeldUntilTheFlapWindowHasPassed()
    {
        var (recovering, _) = NoiseRules.Detect(Remembered(Condition.Disconnected), View(Condition.Healthy), Now, FlapWindow);

        Assert.Null(NoiseRules.Settle(recovering, View(Condition.Healthy), Now + FlapWindow - TimeSpan.FromSeconds(1), FlapWindow));
        Assert.NotNull(NoiseRules.Settle(recovering, View(Condition.Healthy), Now + FlapWindow, FlapWindow));
    }

    [Fact]
    public void ADropAfterTheWindowAnnouncesTheRecoveryThenANewOutage()
    {
        var (recovering, _) = NoiseRules.Detect(Remembered(Condition.Disconnected), View(Condition.Healthy), Now, FlapWindow);

        var (state, changes) = NoiseRules.Detect(recovering, View(Condition.Disconnected, Now.AddMinutes(30)), Now.AddMinutes(30), FlapWindow);

        Assert.Equal([ChangeKind.Reconnected, ChangeKind.Disconnected], changes.Select(c => c.Kind));
        Assert.Equal(Now.AddMinutes(30), state.OutageStartedAt);
        Assert.Equal(0, state.Flaps);
    }

    [Fact]
    public void WithNoFlapWindowARecoveryIsAnnouncedAtOnce()
    {
        var (state, changes) = NoiseRules.Detect(Remembered(Condition.Banned), View(Condition.Healthy), Now, TimeSpan.Zero);

        Assert.Equal([ChangeKind.Reconnected], changes.Select(c => c.Kind));
        Assert.Equal(Condition.Healthy, state.Condition);
    }

    [Fact]
    public void ChangesCarryTheNumbersClientForRouting()
    {
        var (_, changes) = NoiseRules.Detect(null, View(Condition.Banned) with { Client = "Acme" }, Now, FlapWindow);

        Assert.Equal("Acme", Assert.Single(changes).Client);
    }

    [Theory]
    [InlineData(NumberStatus.Connected, false, 10, false, "healthy")]
    [InlineData(NumberStatus.Connected, true, 3, false, "at_risk")]
    [InlineData(NumberStatus.Connected, true, 0, false, "at_risk")]
    [InlineData(NumberStatus.Connected, true, 0, true, "expired")]
    [InlineData(NumberStatus.Connected, true, -1, true, "expired")]
    [InlineData(NumberStatus.Disconnected, false, null, false, "disconnected")]
    [InlineData(NumberStatus.Banned, false, null, false, "banned")]
    [InlineData(NumberStatus.Unknown, false, null, false, "unknown")]
    public void ConditionFollowsStatusAndRisk(NumberStatus status, bool atRisk, int? daysLeft, bool expired, string condition)
    {
        var view = View(Condition.Healthy) with { Status = status, AtRisk = atRisk, DaysUntilExpiry = daysLeft, Expired = expired };

        Assert.Equal(WireNames.FromWire<Condition>(condition), NoiseRules.Of(view));
    }
}
