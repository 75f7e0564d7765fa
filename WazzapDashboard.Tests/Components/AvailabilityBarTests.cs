using Bunit;
using WazzapDashboard.Components.Number;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>A four-minute outage in 30 days is 0.01% of the bar: it must still show, and an open one must say so.</summary>
public class AvailabilityBarTests : ComponentHost
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);

    private static StatusSegment Segment(double hoursAgoStart, double hoursAgoEnd, NumberStatus status) =>
        new(Now.AddHours(-hoursAgoStart), Now.AddHours(-hoursAgoEnd), status);

    [Fact]
    public void AShortOutageGetsTheMinimumWidthTakenFromTheRest()
    {
        var window = TimeSpan.FromDays(30);
        IReadOnlyList<StatusSegment> segments =
        [
            Segment(720, 100, NumberStatus.Connected),
            Segment(100, 100 - 4.0 / 60, NumberStatus.Disconnected), // 4 minutes
            Segment(100 - 4.0 / 60, 0, NumberStatus.Connected),
        ];

        var widths = AvailabilityCard.Widths(segments, window);

        Assert.Equal(AvailabilityCard.MinOutagePercent, widths[1], precision: 6);
        Assert.Equal(100, widths.Sum(), precision: 6);
        Assert.True(widths[0] > widths[2]); // the others keep their proportions
        Assert.Equal(620.0 / (100 - 4.0 / 60), widths[0] / widths[2], precision: 6);
    }

    [Fact]
    public void LongerSegmentsKeepTheirRealShare()
    {
        IReadOnlyList<StatusSegment> segments = [Segment(24, 12, NumberStatus.Connected), Segment(12, 0, NumberStatus.Banned)];

        Assert.Equal([50.0, 50.0], AvailabilityCard.Widths(segments, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void TheBarDrawsAFourMinuteOutageStillGoingOnVisiblyAndSaysSo()
    {
        Time.SetUtcNow(Now);
        IReadOnlyList<(DateTimeOffset, NumberStatus)> changes =
            [(Now.AddDays(-40), NumberStatus.Connected), (Now.AddMinutes(-4), NumberStatus.Disconnected)];

        var card = Context.Render<AvailabilityCard>(p => p.Add(c => c.Changes, changes).Add(c => c.Now, Now));
        card.Find(".windows button:nth-child(3)").Click(); // 30 days

        var outage = card.Find(".segment.disconnected");
        Assert.Contains("ongoing", outage.ClassName);
        Assert.Contains("width: 1.5%", outage.GetAttribute("style"));
        Assert.Contains("Still disconnected now", card.Find(".ongoing-note").TextContent);
        Assert.Contains("still going on", card.Find(".bar").GetAttribute("aria-label"));
    }
}
