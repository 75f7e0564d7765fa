using Microsoft.AspNetCore.SignalR;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// <c>/hubs/fleet</c>: pushes <c>NumbersChanged</c> (an array of <c>GET /api/numbers</c> items) once per
/// burst of changes, then <c>FleetSummary</c>. Clients only listen; a new one gets the summary at once.
/// </summary>
public sealed class FleetHub(HubBroadcaster broadcaster, LiveConnections connections) : Hub
{
    public const string Path = "/hubs/fleet";

    public override Task OnConnectedAsync()
    {
        connections.Opened("hub");
        return Clients.Caller.SendAsync(nameof(FleetSummary), broadcaster.Summary);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed("hub");
        return Task.CompletedTask;
    }
}

/// <summary>
/// Forwards the change feed to hub clients, one message per burst, and keeps the fleet's summary for new
/// connections; a slow client never holds up the writer. Another instance's changes count in the summary,
/// but that instance sends them.
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

    private async Task Broadcast(IReadOnlyList<NumberView> _)
    {
        _summary = FleetSummary.Of(_fleet!.Numbers);
        // With several instances, Clients.All reaches every instance's clients (the Redis backplane): each
        // sends what it committed itself, so a change reaches a client once, while its summary counts them all.
        if (_fleet.CommittedHere is not { Count: > 0 } mine) return;
        await hub.Clients.All.SendAsync(NumbersChanged, mine);
        await hub.Clients.All.SendAsync(nameof(FleetSummary), _summary);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _fleet?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _oneAtATime.Dispose();
}
