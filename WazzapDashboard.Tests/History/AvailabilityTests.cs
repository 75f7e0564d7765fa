using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using static WazzapDashboard.Fleet.NumberStatus;

namespace WazzapDashboard.Tests.History;

public class AvailabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayAgo = Now.AddHours(-24);

    private static (DateTimeOffset, NumberStatus) At(int hoursAgo, NumberStatus status) => (Now.AddHours(-hoursAgo), status);

    private static AvailabilityReport Day(params (DateTimeOffset, NumberStatus)[] changes) => Availability.Compute(changes, DayAgo, Now);

    private static string Shape(AvailabilityReport report) =>
        string.Join(" ", report.Segments.Select(s => $"{s.Status}:{(s.End - s.Start).TotalHours:0.##}h"));

    [Fact]
    public void NoEventsIsOneUnknownSegmentWithNoFigures()
    {
        var report = Day();

        Assert.Equal("Unknown:24h", Shape(report));
        Assert.Null(report.UptimePercent);
        Assert.Equal(0, report.Disconnections);
        Assert.Null(report.MeanTimeToReconnect);
        Assert.Null(report.LongestOutage);
        Assert.Equal(Unknown, report.CurrentStatus);
        Assert.Null(report.CurrentSince);
    }

    [Fact]
    public void TimeBeforeTheFirstEventIsUnknownAndLeftOutOfUptime()
    {
        var report = Day(At(6, Connected));

        Assert.Equal("Unknown:18h Connected:6h", Shape(report));
        Assert.Equal(100, report.UptimePercent);
    }

    [Fact]
    public void ASegmentCrossingTheWindowStartTakesTheStatusInForceThen()
    {
        var report = Day(At(30, Connected), At(20, Disconnected), At(14, Connected));

        Assert.Equal("Connected:4h Disconnected:6h Connected:14h", Shape(report));
        Assert.Equal(DayAgo, report.Segments[0].Start);
        Assert.Equal(75, report.UptimePercent);
        Assert.Equal(1, report.Disconnections);
        Assert.Equal(TimeSpan.FromHours(6), report.MeanTimeToReconnect);
    }

    [Fact]
    public void AnOutageThatBeganBeforeTheWindowIsClippedInTheBarButMeasuredWhole()
    {
        var report = Day(At(40, Disconnected), At(20, Connected));

        Assert.Equal("Disconnected:4h Connected:20h", Shape(report));
        Assert.Equal(0, report.Disconnections); // it began before the window
        Assert.Equal(TimeSpan.FromHours(20), report.MeanTimeToReconnect);
        Assert.Equal(TimeSpan.FromHours(20), report.LongestOutage);
    }

    [Fact]
    public void AnOpenOutageRunsToNow()
    {
        var report = Day(At(48, Connected), At(5, Disconnected));

        Assert.Equal("Connected:19h Disconnected:5h", Shape(report));
        Assert.Equal(Now, report.Segments[^1].End);
        Assert.Equal(1, report.Disconnections);
        Assert.Null(report.MeanTimeToReconnect); // not reconnected yet
        Assert.Equal(TimeSpan.FromHours(5), report.LongestOutage);
        Assert.Equal(Disconnected, report.CurrentStatus);
        Assert.Equal(Now.AddHours(-5), report.CurrentSince);
    }

    [Fact]
    public void OutOfOrderEventsGiveTheSameAnswer()
    {
        (DateTimeOffset, NumberStatus)[] changes = [At(30, Connected), At(20, Disconnected), At(18, Connected), At(6, Banned), At(2, Connected)];
        var inOrder = Day(changes);

        var shuffled = Day(changes[3], changes[0], changes[4], changes[2], changes[1]);

        Assert.Equal(Shape(inOrder), Shape(shuffled));
        Assert.Equal(inOrder with { Segments = shuffled.Segments }, shuffled);
        Assert.Equal("Connected:4h Disconnected:2h Connected:12h Banned:4h Connected:2h", Shape(shuffled));
    }

    [Fact]
    public void ADisconnectionTurningIntoABanIsOneOutage()
    {
        var report = Day(At(30, Connected), At(10, Disconnected), At(8, Banned), At(4, Connected));

        Assert.Equal(1, report.Disconnections);
        Assert.Equal(TimeSpan.FromHours(6), report.LongestOutage);
        Assert.Equal(TimeSpan.FromHours(6), report.MeanTimeToReconnect);
    }

    [Fact]
    public void RepeatedStatusesMergeIntoOneSegment()
    {
        var report = Day(At(30, Connected), At(10, Disconnected), At(9, Disconnected), At(8, Disconnected), At(4, Connected));

        Assert.Equal("Connected:14h Disconnected:6h Connected:4h", Shape(report));
        Assert.Equal(1, report.Disconnections);
    }

    [Fact]
    public void MeanAndLongestOverSeveralOutages()
    {
        var report = Day(At(24, Connected), At(20, Disconnected), At(19, Connected), At(10, Disconnected), At(7, Connected));

        Assert.Equal(2, report.Disconnections);
        Assert.Equal(TimeSpan.FromHours(2), report.MeanTimeToReconnect);
        Assert.Equal(TimeSpan.FromHours(3), report.LongestOutage);
        Assert.Equal(100.0 * 20 / 24, report.UptimePercent!.Value, 6);
    }

    [Fact]
    public void AChangeExactlyAtTheWindowStartColoursTheWholeWindow()
    {
        var report = Day(At(24, Disconnected));

        Assert.Equal("Disconnected:24h", Shape(report));
        Assert.Equal(1, report.Disconnections);
    }

    [Fact]
    public void AtTheSameInstantTheLaterArrivalWins()
    {
        var report = Day(At(5, Disconnected), At(5, Connected));

        Assert.Equal(Connected, report.CurrentStatus);
        Assert.Equal("Unknown:19h Connected:5h", Shape(report));
    }

    [Fact]
    public void ChangesAfterNowAreIgnored()
    {
        var report = Day(At(10, Connected), (Now.AddMinutes(5), Disconnected));

        Assert.Equal(Connected, report.CurrentStatus);
        Assert.Equal("Unknown:14h Connected:10h", Shape(report));
    }

    [Fact]
    public void OutagesThatEndedBeforeTheWindowAreNotCounted()
    {
        var report = Day(At(50, Disconnected), At(45, Connected), At(3, Banned));

        Assert.Equal(1, report.Disconnections);
        Assert.Equal(TimeSpan.FromHours(3), report.LongestOutage);
        Assert.Null(report.MeanTimeToReconnect);
    }
}
