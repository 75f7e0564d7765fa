using Microsoft.AspNetCore.SignalR;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// <c>/hubs/fleet</c>: pushes <c>NumbersChanged</c> (an array of <c>GET /api/numbers</c> items) once per
/// burst of changes, then <c>FleetSummary</c>. Clients only listen; a new one gets the summary at once.
/// </summary>
public sealed class FleetHub(HubBroadcaster broadcaster) : Hub
{
    public const string Path = "/hubs/fleet";

    public override Task OnConnectedAsync() => Clients.Caller.SendAsync(nameof(FleetSummary), broadcaster.Summary);
}

/// <summary>
/// Forwards the change feed to hub clients, one message per burst, and keeps the fleet's summary for new
/// connections; a slow client never holds up the writer.
/// </summary>
public sealed class HubBroadcaster(LiveFleets live, IHubContext<FleetHub> hub) : IHostedService, IDisposable
{
    public const string NumbersChanged = nameof(NumbersChanged);

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private LiveFleet? _fleet;
    private volatile FleetSummary _summary = FleetSummary.Of([]);

    /// <summary>The fleet's counts as of the last burst sent.</summary>
    public FleetSummary Summary => _summary;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _fleet = live.Follow(Serialised, Broadcast);
        await Serialised(() =>
        {
            _summary = FleetSummary.Of(_fleet.Numbers);
            return Task.CompletedTask;
        });
    }

    private async Task Serialised(Func<Task> work)
    {
        await _oneAtATime.WaitAsync();
        try { await work(); }
        finally { _oneAtATime.Release(); }
    }

    private async Task Broadcast(IReadOnlyList<NumberView> changes)
    {
        _summary = FleetSummary.Of(_fleet!.Numbers);
        await hub.Clients.All.SendAsync(NumbersChanged, changes);
        await hub.Clients.All.SendAsync(nameof(FleetSummary), _summary);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _fleet?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _oneAtATime.Dispose();
}
