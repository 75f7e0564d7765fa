using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class RiskRulesTests
{
    private static readonly DateTimeOffset Seen = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly FleetOptions Defaults = new();

    // The table beside RiskRules, with its edges.
    [Theory]
    [InlineData(0, false, 14, false)]
    [InlineData(1, false, 13, false)]
    [InlineData(6 * 24 + 23, false, 7, false)]
    [InlineData(7 * 24, true, 7, false)]
    [InlineData(7 * 24 + 1, true, 6, false)]
    [InlineData(13 * 24 + 23, true, 0, false)]
    [InlineData(14 * 24, true, 0, true)]
    [InlineData(14 * 24 + 1, true, -1, true)]
    [InlineData(20 * 24, true, -6, true)]
    public void CountsDownFromThePhoneLastSeen(int hoursSinceSeen, bool atRisk, int daysLeft, bool expired)
    {
        var risk = RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen.AddHours(hoursSinceSeen), Defaults);

        Assert.Equal(new Risk(atRisk, daysLeft, expired), risk);
    }

    [Theory]
    [InlineData(NumberStatus.Disconnected)]
    [InlineData(NumberStatus.Banned)]
    [InlineData(NumberStatus.Unknown)]
    public void OnlyConnectedNumbersAreAtRiskOrExpired(NumberStatus status) =>
        Assert.Equal(new Risk(false, null, false), RiskRules.Evaluate(status, Seen, Seen.AddDays(20), Defaults));

    [Fact]
    public void NeverSeenMeansNoCountdown() =>
        Assert.Equal(new Risk(false, null), RiskRules.Evaluate(NumberStatus.Connected, null, Seen, Defaults));

    [Fact]
    public void FollowsConfiguredLines()
    {
        var options = new FleetOptions { AtRiskAfterDays = 3, ExpiryDays = 10 };

        Assert.Equal(new Risk(true, 7), RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen.AddDays(3), options));
        Assert.Equal(new Risk(true, 0, true), RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen.AddDays(10), options));
    }

    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:01", true)]
    [InlineData("00:01:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("2.00:00:00", false)]
    public void RiskCheckIntervalIsBetweenASecondAndADay(string interval, bool valid)
    {
        var options = new FleetOptions { RiskCheckInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(valid, System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), null, validateAllProperties: true));
    }

    [Fact]
    public void RiskOnlyMovesOneWayAsTimePasses()
    {
        // RiskMonitor relies on this: comparing a window's two ends finds every change inside it.
        var previous = RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen, Defaults);
        for (var hour = 1; hour <= 20 * 24; hour++)
        {
            var risk = RiskRules.Evaluate(NumberStatus.Connected, Seen, Seen.AddHours(hour), Defaults);
            Assert.True(risk.DaysUntilExpiry <= previous.DaysUntilExpiry);
            Assert.True(risk.AtRisk || !previous.AtRisk);
            Assert.True(risk.Expired || !previous.Expired);
            previous = risk;
        }
    }
}
