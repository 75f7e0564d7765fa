using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class SilenceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SilentAfter = TimeSpan.FromHours(6);

    /// <summary>Active hours ending at the last message, an hour before <see cref="Now"/>, by the patterns of the rule table.</summary>
    private static List<long> Pattern(string name)
    {
        var last = SilenceRules.HourOf(Now) - 1;
        IEnumerable<long> back = name switch
        {
            "none" => [],
            "two hours" => [0, 30],
            "one day" => [0, 5, 10],
            "round the clock" => Enumerable.Range(0, 72).Select(h => (long)h),
            // 14 busy hours, then 10 quiet ones, for five days
            "daytime" => Enumerable.Range(0, 5).SelectMany(day => Enumerable.Range(0, 14).Select(h => (long)(day * 24 + h))),
            // 50 busy hours, a 62-hour weekend, 50 busy hours
            "weekdays" => Enumerable.Range(0, 50).Concat(Enumerable.Range(112, 50)).Select(h => (long)h),
            _ => throw new ArgumentException(name),
        };
        return back.Select(h => last - h).ToList();
    }

    // The table in SilenceRules, row by row: quiet is counted from the last message, an hour before Now.
    [Theory]
    [InlineData("none", 1000, false)]
    [InlineData("two hours", 1000, false)]
    [InlineData("one day", 1000, false)]
    [InlineData("round the clock", 5, false)]
    [InlineData("round the clock", 6, true)]
    [InlineData("daytime", 19, false)]
    [InlineData("daytime", 20, true)]
    [InlineData("weekdays", 100, false)]
    [InlineData("weekdays", 124, true)]
    public void QuietIsSilenceOnlyFarBeyondTheNumbersOwnPattern(string pattern, int quietHours, bool silent)
    {
        var hours = Pattern(pattern);
        var last = hours.Count == 0 ? (DateTimeOffset?)null : Now.AddHours(-1);

        Assert.Equal(silent, SilenceRules.IsSilent(hours, last, Now.AddHours(-1).AddHours(quietHours), SilentAfter));
    }

    [Fact]
    public void ANumberThatNeverSendsIsNeverSilent() =>
        Assert.False(SilenceRules.IsSilent([], null, Now.AddDays(30), SilentAfter));

    [Fact]
    public void TheMinimumHoldsHoweverRegularThePattern()
    {
        var hours = Pattern("round the clock");

        Assert.Equal(SilentAfter, SilenceRules.Threshold(hours, SilentAfter));
        Assert.Equal(TimeSpan.FromMinutes(30), SilenceRules.Threshold(hours, TimeSpan.FromMinutes(30)));
    }
}
