using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class RiskRulesTests
{
    private static readonly DateTimeOffset Seen = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FleetOptions Defaults = new();

    // The table beside RiskRules, with its edges.
    [Theory]
    [InlineData(0, false, 14)]
    [InlineData(1, false, 13)]
    [InlineData(6 * 24 + 23, false, 7)]
    [InlineData(7 * 24, true, 7)]
    [InlineData(7 * 24 + 1, true, 6)]
    [InlineData(13 * 24 + 23, true, 0)]
    [InlineData(14 * 24, true, 0)]
    [InlineData(14 * 24 + 1, true, -1)]
    [InlineData(20 * 24, true, -6)]
    public void CountsDownFromThePhoneLastSeen(int hoursSinceSeen, bool atRisk, int daysLeft)
    {
        var risk = RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen.AddHours(hoursSinceSeen), Defaults);

        Assert.Equal(new Risk(atRisk, daysLeft), risk);
    }

    [Theory]
    [InlineData(NumberStatus.Disconnected)]
    [InlineData(NumberStatus.Banned)]
    [InlineData(NumberStatus.Unknown)]
    public void OnlyConnectedNumbersAreAtRisk(NumberStatus status) =>
        Assert.Equal(new Risk(false, null), RiskRules.Evaluate(status, Seen, Seen.AddDays(10), Defaults));

    [Fact]
    public void NeverSeenMeansNoCountdown() =>
        Assert.Equal(new Risk(false, null), RiskRules.Evaluate(NumberStatus.Connected, null, Seen, Defaults));

    [Fact]
    public void FollowsConfiguredLines()
    {
        var options = new FleetOptions { AtRiskAfterDays = 3, ExpiryDays = 10 };

        Assert.Equal(new Risk(true, 7), RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen.AddDays(3), options));
    }
}
