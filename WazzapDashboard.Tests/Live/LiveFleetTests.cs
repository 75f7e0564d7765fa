using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
        using var live = Follow(fleet, changes =>
        {
            batches.Add(changes);
            delivered.TrySetResult();
            return Task.CompletedTask;
        });

        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut))]);
        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned))]);
        fleet.Feed.Publish([fleet.View(TestFleet.Connected("+6281100000002") with { RemovedAt = TestFleet.Now })]);
        fleet.Time.Advance(Throttle - TimeSpan.FromMilliseconds(1));
        Assert.Empty(batches); // nothing before the throttle has passed
        fleet.Time.Advance(TimeSpan.FromMilliseconds(1));
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var batch = Assert.Single(batches);
        Assert.Equal(2, batch.Count);
        Assert.Equal(NumberStatus.Banned, Assert.Single(live.Numbers).Status);
        Assert.Equal("+6281100000001", live.Numbers.Single().Phone);
    }

    [Fact]
    public async Task ABatchThatFailsIsLoggedAndTheNextOneStillArrives()
    {
        using var fleet = new TestFleet();
        fleet.Seed(TestFleet.Connected("+6281100000001"));
        var logs = new LogCapture();
        var calls = 0;
        var second = new TaskCompletionSource<IReadOnlyList<NumberView>>();
        using var live = Follow(fleet, changes =>
        {
            if (++calls == 1) throw new InvalidOperationException("the page's render failed");
            second.TrySetResult(changes);
            return Task.CompletedTask;
        }, logs.CreateLogger("live"));

        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut))]);
        fleet.Time.Advance(Throttle);
        await Poll.Until(() => logs.Lines.Any(l => l.Contains("failed to apply") && l.Contains("the page's render failed")));

        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned))]);
        fleet.Time.Advance(Throttle);

        Assert.Equal(NumberStatus.Banned, Assert.Single(await second.Task.WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }

    [Fact]
    public async Task NothingIsHandedOverOnceDisposed()
    {
        using var fleet = new TestFleet();
        fleet.Seed(TestFleet.Connected("+6281100000001"));
        var handed = 0;
        var gone = Follow(fleet, _ =>
        {
            handed++;
            return Task.CompletedTask;
        });
        var control = new TaskCompletionSource();
        using var open = Follow(fleet, _ =>
        {
            control.TrySetResult();
            return Task.CompletedTask;
        });

        fleet.Feed.Publish([fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut))]);
        gone.Dispose(); // the page went away with a flush pending
        fleet.Time.Advance(Throttle);
        await control.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the same flush, due at the same time, reached a page still open

        Assert.Equal(0, handed);
        Assert.Equal(1, fleet.Feed.SubscriberCount);
    }

    [Fact]
    public async Task AnOlderViewFromAnotherInstanceDoesNotReplaceANewerOne()
    {
        using var fleet = new TestFleet();
        fleet.Seed(TestFleet.Connected("+6281100000001", daysSinceSeen: 2), TestFleet.Connected("+6281100000002", daysSinceSeen: 2));
        var batches = new List<IReadOnlyList<NumberView>>();
        using var live = Follow(fleet, changes =>
        {
            lock (batches) batches.Add(changes);
            return Task.CompletedTask;
        });
        var dropped = fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut));
        var before = fleet.View(TestFleet.Connected("+6281100000001", daysSinceSeen: 1)); // an event older than the drop

        // In one burst, after the newer view committed here...
        fleet.Feed.Publish([dropped]);
        fleet.Feed.Publish([before], Committed.Elsewhere);
        fleet.Time.Advance(Throttle);
        await Poll.Until(() => { lock (batches) return batches.Count == 1; }, "the first burst");
        Assert.Equal(dropped, live.Numbers.Single(n => n.Phone == dropped.Phone));

        // ...and in a later one, beside a newer view of another number.
        var other = fleet.View(TestFleet.Down("+6281100000002", NumberStatus.Banned, ReasonCategory.Banned));
        fleet.Feed.Publish([before, other], Committed.Elsewhere);
        fleet.Time.Advance(Throttle);
        await Poll.Until(() => { lock (batches) return batches.Count == 2; }, "the second burst");

        lock (batches) Assert.Equal([other], batches[1]);
        Assert.Equal(dropped, live.Numbers.Single(n => n.Phone == dropped.Phone));
        Assert.Equal(NumberStatus.Banned, live.Numbers.Single(n => n.Phone == other.Phone).Status);
    }

    [Fact]
    public async Task ABatchSaysWhichOfItsViewsWereCommittedHere()
    {
        using var fleet = new TestFleet();
        var handed = new TaskCompletionSource<(IReadOnlyList<NumberView> Changes, IReadOnlyList<NumberView> Here)>();
        LiveFleet? live = null;
        live = Follow(fleet, changes =>
        {
            handed.TrySetResult((changes, live!.CommittedHere));
            return Task.CompletedTask;
        });
        using var _ = live;
        var mine = fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.LoggedOut));
        var theirs = fleet.View(TestFleet.Down("+6281100000002", NumberStatus.Disconnected, ReasonCategory.PhoneOffline));

        fleet.Feed.Publish([theirs], Committed.Elsewhere);
        fleet.Feed.Publish([mine]);
        fleet.Time.Advance(Throttle);

        var (changes, here) = await handed.Task.WaitAsync(Poll.Deadline);
        Assert.Equal(2, changes.Count);
        Assert.Equal([mine], here);
    }

    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);

    private static LiveFleet Follow(TestFleet fleet, Func<IReadOnlyList<NumberView>, Task> onChanged, ILogger? logger = null) =>
        new(fleet.Feed, fleet.Queries, fleet.Time, Throttle, logger ?? NullLogger.Instance, work => work(), onChanged);
}
