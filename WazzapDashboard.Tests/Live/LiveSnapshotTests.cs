using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Live;

/// <summary>One sorted, immutable fleet for every open page, rebuilt once per burst.</summary>
public sealed class LiveSnapshotTests : IDisposable
{
    private readonly TestFleet _fleet = new();
    private readonly LiveSnapshot _live;

    public LiveSnapshotTests()
    {
        _fleet.Seed(
            TestFleet.Connected("+6281100000001") with { Client = "Sunrise" },
            TestFleet.Connected("+6281100000002", daysSinceSeen: 20) with { Client = "Sunrise" },
            TestFleet.Down("+6281100000003", NumberStatus.Banned, ReasonCategory.Banned) with { Client = "Kopi" });
        _live = new LiveSnapshot(
            new LiveFleets(_fleet.Feed, _fleet.Queries, _fleet.Time, Options.Create(new LiveOptions { Throttle = TimeSpan.Zero }), NullLogger<LiveFleet>.Instance),
            NullLogger<LiveSnapshot>.Instance);
    }

    [Fact]
    public void TheFirstSnapshotIsTheFleetWorstFirstWithItsCounts()
    {
        var snapshot = _live.Current;

        Assert.Equal(["+6281100000003", "+6281100000002", "+6281100000001"], snapshot.WorstFirst.Select(n => n.Phone));
        Assert.Equal(new FleetSummary(3, 1, 0, 0, 1, 0, Expired: 1), snapshot.Summary);
        Assert.Equal(["Kopi", "Sunrise"], snapshot.Clients.Select(c => c.Client));
        Assert.Equal(1, snapshot.Client("sunrise")!.Summary.Expired);
        Assert.Null(snapshot.Client("Nope"));
        Assert.Same(snapshot, _live.Current);
    }

    [Fact]
    public async Task EverySubscriberGetsTheSameSnapshotOncePerBurst()
    {
        var first = _live.Current;
        var received = new ConcurrentQueue<(int Page, FleetSnapshot Snapshot)>();
        var both = new TaskCompletionSource();
        Task Receive(int page, FleetSnapshot s)
        {
            received.Enqueue((page, s));
            if (received.Count >= 2) both.TrySetResult();
            return Task.CompletedTask;
        }
        using var page1 = _live.Subscribe(s => Receive(1, s));
        using var page2 = _live.Subscribe(s => Receive(2, s));

        // A burst: a hundred changes, the last one for a number wins.
        var burst = Enumerable.Range(0, 100)
            .Select(i => _fleet.View(TestFleet.Down("+6281100000001", NumberStatus.Disconnected, ReasonCategory.PhoneOffline, hoursAgo: 100 - i)))
            .ToList();
        _fleet.Feed.Publish(burst);

        await both.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, received.Count);
        var (_, snapshot) = received.First();
        Assert.All(received, r => Assert.Same(snapshot, r.Snapshot));
        Assert.NotSame(first, snapshot);
        Assert.Same(snapshot, _live.Current);
        Assert.Equal(["+6281100000003", "+6281100000001", "+6281100000002"], snapshot.WorstFirst.Select(n => n.Phone));
        Assert.Equal(TestFleet.Now.AddHours(-1), snapshot.WorstFirst[1].StatusChangedAt);
        Assert.Equal(["+6281100000001"], snapshot.Changed);
        Assert.Equal(1, snapshot.Summary.Disconnected);
    }

    public void Dispose()
    {
        _live.Dispose();
        _fleet.Dispose();
    }
}
