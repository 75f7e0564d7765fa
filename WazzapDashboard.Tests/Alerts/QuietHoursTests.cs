using WazzapDashboard.Alerts;

namespace WazzapDashboard.Tests.Alerts;

public class QuietHoursTests
{
    [Theory]
    [InlineData("22:00", "07:00", "23:30", true)]
    [InlineData("22:00", "07:00", "00:00", true)]
    [InlineData("22:00", "07:00", "06:59", true)]
    [InlineData("22:00", "07:00", "07:00", false)]
    [InlineData("22:00", "07:00", "21:59", false)]
    [InlineData("09:00", "17:00", "12:00", true)]
    [InlineData("09:00", "17:00", "08:59", false)]
    [InlineData("09:00", "17:00", "17:00", false)]
    [InlineData("00:00", "00:00", "12:00", false)]
    public void QuietHoursMayWrapMidnight(string from, string to, string at, bool quiet)
    {
        var hours = QuietHours.Parse(from, to)!;
        var instant = new DateTimeOffset(2026, 5, 15, 0, 0, 0, TimeSpan.Zero) + TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture).ToTimeSpan();

        Assert.Equal(quiet, hours.Contains(instant, TimeZoneInfo.Utc));
    }

    [Fact]
    public void QuietHoursAreLocalToTheChannelsTimeZone()
    {
        var hours = QuietHours.Parse("22:00", "07:00")!;
        var jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"); // UTC+7
        var at = new DateTimeOffset(2026, 5, 15, 16, 0, 0, TimeSpan.Zero); // 23:00 in Jakarta

        Assert.True(hours.Contains(at, jakarta));
        Assert.False(hours.Contains(at, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("22:00", "7:00", true)]
    [InlineData("22:00", null, false)]
    [InlineData("10pm", "07:00", false)]
    [InlineData("25:00", "07:00", false)]
    public void OnlyBothEndsAsHoursAndMinutesMakeQuietHours(string? from, string? to, bool valid) =>
        Assert.Equal(valid, QuietHours.Parse(from, to) is not null);
}
