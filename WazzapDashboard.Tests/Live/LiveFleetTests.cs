using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Live;

public class LiveFleetTests
{
    [Fact]
    public async Task ABurstArrivesAsOneBatchWithTheNewestViewOfEachNumberAndARemovedNumberLeaves()
    {
        using var fleet = new TestFleet();
        fleet.Seed(TestFleet.Connected("+6281100000001"), TestFleet.Connected("+6281100000002"));
        var batches = new List<IReadOnlyList<NumberView>>();
        var delivered = new TaskCompletionSource();
        using var live = new LiveFleet(fleet.Feed, fleet.Queries, work => work(), changes =>
        {
            batches.Add(changes);
            delivered.TrySetResult();
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(50));

        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut))]);
        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned))]);
        fleet.Feed.Publish([fleet.View(TestFleet.Connected("+6281100000002") with { RemovedAt = TestFleet.Now })]);
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var batch = Assert.Single(batches);
        Assert.Equal(2, batch.Count);
        Assert.Equal(NumberStatus.Banned, Assert.Single(live.Numbers).Status);
        Assert.Equal("+6281100000001", live.Numbers.Single().Phone);
    }
}
