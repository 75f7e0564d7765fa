using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Reconciliation;
using WazzapDashboard.Storage;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

/// <summary>Two instances' leases on one database and one fake clock.</summary>
public class LeasesTests : IDisposable
{
    private const string Job = "job";
    private static readonly TimeSpan Duration = new InstanceOptions().LeaseDuration;

    private readonly TestFleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    private Leases Instance(string? name = null)
    {
        var options = new InstanceOptions();
        if (name is not null) options.Name = name;
        return new Leases(_fleet.Database, _fleet.Time, Options.Create(options), NullLogger<Leases>.Instance);
    }

    /// <summary>The lease's row: who holds it and until when.</summary>
    public static (string Holder, DateTimeOffset ExpiresAt)? Row(Database database, string name)
    {
        using var connection = database.Open();
        var rows = connection.Query<(string Holder, long ExpiresAt)>("SELECT holder, expires_at FROM leases WHERE name = @name", new { name }).ToList();
        return rows is [var row] ? (row.Holder, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt)) : null;
    }

    [Fact]
    public void OnlyOneInstanceHoldsALease()
    {
        var (a, b) = (Instance("a"), Instance("b"));

        Assert.True(a.TryHold(Job));
        Assert.False(b.TryHold(Job));
        Assert.True(a.TryHold(Job));
        Assert.True(b.TryHold("another job")); // each job has its own lease
        Assert.Equal(("a", TestFleet.Now + Duration), Row(_fleet.Database, Job)!.Value);
    }

    [Fact]
    public void EachStartNamesItsInstanceAfresh()
    {
        var a = Instance();
        var b = Instance();

        Assert.NotEqual(a.Holder, b.Holder);
        Assert.StartsWith(Environment.MachineName + "-", a.Holder);
        Assert.True(a.TryHold(Job));
        Assert.False(b.TryHold(Job));
    }

    [Fact]
    public void AnotherInstanceTakesOverOnceTheHolderStopsRenewingAndTheLeaseRunsOut()
    {
        var (a, b) = (Instance("a"), Instance("b"));
        Assert.True(a.TryHold(Job));

        _fleet.Time.Advance(Duration - TimeSpan.FromMilliseconds(1));
        Assert.False(b.TryHold(Job));

        _fleet.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(b.TryHold(Job));
        Assert.False(a.TryHold(Job)); // the old holder, back after a pause, finds it gone
        Assert.Equal("b", Row(_fleet.Database, Job)?.Holder);
    }

    [Fact]
    public void AHolderThatKeepsRenewingKeepsItsLease()
    {
        var (a, b) = (Instance("a"), Instance("b"));
        Assert.True(a.TryHold(Job));

        for (var i = 0; i < 10; i++)
        {
            _fleet.Time.Advance(Duration * 2 / 3);
            Assert.True(a.TryHold(Job));
            Assert.False(b.TryHold(Job));
        }
        Assert.Equal(("a", _fleet.Time.GetUtcNow() + Duration), Row(_fleet.Database, Job)!.Value);
    }

    [Fact]
    public void AReleasedLeaseIsTakenAtOnce()
    {
        var (a, b) = (Instance("a"), Instance("b"));
        Assert.True(a.TryHold(Job));
        Assert.False(b.TryHold(Job));

        a.Release();

        Assert.True(b.TryHold(Job));
        Assert.False(a.TryHold(Job));
    }

    [Fact]
    public async Task TheHolderRenewsOnItsOwnEveryThirdOfALeaseAndReleasesOnStop()
    {
        using var a = Instance("a");
        var b = Instance("b");
        await a.StartAsync(CancellationToken.None);
        Assert.True(a.TryHold(Job));

        // However seldom its job runs (hourly, daily), the holder keeps the lease.
        _fleet.Time.Advance(Duration / 3);
        await Poll.Until(() => Row(_fleet.Database, Job)?.ExpiresAt == TestFleet.Now + Duration / 3 + Duration, "the lease renewed");
        Assert.False(b.TryHold(Job));

        await a.StopAsync(CancellationToken.None);

        Assert.Null(Row(_fleet.Database, Job));
        Assert.True(b.TryHold(Job));
    }

    [Fact]
    public async Task AStandbyTakesOverOnItsOwnOnceADeadHoldersLeaseRunsOut()
    {
        var dead = Instance("dead");
        using var b = Instance("b");
        await b.StartAsync(CancellationToken.None);
        Assert.True(dead.TryHold(Job));
        Assert.False(b.TryHold(Job)); // b's job now waits for it

        _fleet.Time.Advance(Duration);

        await Poll.Until(() => Row(_fleet.Database, Job)?.Holder == "b", "b to take the lease");
        Assert.True(b.TryHold(Job));
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task EveryJobThatMustRunOnceRunsUnderItsLease()
    {
        var api = new FakeDeviceApi(_fleet.Time);
        await using var app = new WazzapApplication(time: _fleet.Time, settings: new Dictionary<string, string?>
        {
            ["Wazzapi:ApiKey"] = FakeDeviceApi.ApiKey,
            ["Wazzapi:ApiBaseUrl"] = "https://wazzapi.test",
            ["History:PruneInterval"] = "00:01:00",
            ["Backup:Interval"] = "00:01:00",
        }, services: s => s.AddHttpClient<WazzapiDevices>().ConfigurePrimaryHttpMessageHandler(() => api));
        var holder = app.Services.GetRequiredService<Leases>().Holder;
        var database = TestStore.Database(app.DatabaseId);
        await app.RiskPassDone();

        app.Time.Advance(TimeSpan.FromMinutes(1)); // the pruner's and the backups' first tick

        // PostgreSQL is backed up by its own tools: there the app has no backup job.
        string[] jobs = [RiskMonitor.Lease, SilenceMonitor.Lease, AlertEngine.Lease, DevicePoller.Lease, Pruner.Lease,
            .. TestStore.IsPostgres ? [] : new[] { Backups.Lease }];
        await Poll.Until(() => jobs.All(job => Row(database, job)?.Holder == holder), "every job's lease");
        Assert.Equal(jobs.Length, app.Count("leases"));
    }
}
