using Bunit;
using WazzapDashboard.Components.Number;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

public class TimelineFutureTimeTests : ComponentHost
{
    [Fact]
    public async Task ARowDatedInTheFutureShowsItsReceiptAndTheClaimedTime()
    {
        var now = Time.GetUtcNow();
        var e = new FleetEvent("wazzapi", "wazzapi:future", null, "device.disconnected", Phone, "ID", null, null, "phone offline",
            OccurredAt: new DateTimeOffset(9999, 12, 31, 23, 59, 0, TimeSpan.Zero), ReceivedAt: now, Payload: "{}");
        Assert.Equal(WriteResult.Stored, await Get<FleetWriter>().TrySubmit(e)!);
        await Deliver("message.sent", now.AddMinutes(-1));

        var timeline = Context.Render<TimelineCard>(p => p.Add(x => x.Phone, Phone));

        var rows = timeline.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("15 May 2026, 12:00", rows[0].TextContent);
        Assert.Equal("Received then; dated 31 Dec 9999, 23:59, in the future", rows[0].QuerySelector(".claimed-time")!.TextContent.Trim());
        Assert.Null(rows[1].QuerySelector(".claimed-time"));
    }
}
