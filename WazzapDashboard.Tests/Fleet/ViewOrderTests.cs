using WazzapDashboard.Fleet;

namespace WazzapDashboard.Tests.Fleet;

public class ViewOrderTests
{
    private static readonly DateTimeOffset T = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);

    // The table beside ViewOrder, row by row: held last event, arriving last event, held removed, replaces.
    [Theory]
    [InlineData(null, null, false, true)]
    [InlineData(null, -60, false, true)]
    [InlineData(0, 0, false, true)]
    [InlineData(0, 60, false, true)]
    [InlineData(0, -1, false, false)]
    [InlineData(0, null, true, true)]
    [InlineData(0, null, false, false)]
    public void AViewFromElsewhereReplacesTheHeldOneUnlessItIsOlder(int? heldSeconds, int? arrivingSeconds, bool heldRemoved, bool replaces)
    {
        var held = View(heldSeconds) with { RemovedAt = heldRemoved ? T : null };
        var arriving = View(arrivingSeconds) with { Status = NumberStatus.Connected };

        Assert.Equal(replaces, ViewOrder.Replaces(arriving, held));
    }

    private static NumberView View(int? lastEventSeconds) =>
        new("+6281234567890", NumberStatus.Disconnected, null, null, null, null, lastEventSeconds is { } s ? T.AddSeconds(s) : null, null, null, false, null);
}
