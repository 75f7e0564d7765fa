using Microsoft.AspNetCore.SignalR;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// <c>/hubs/fleet</c>: pushes <c>NumberChanged</c> (a <c>GET /api/numbers</c> item) for every change
/// and <c>FleetSummary</c> after each burst. Clients only listen; a new one gets the summary at once.
/// </summary>
public sealed class FleetHub(FleetQueries queries, LiveConnections connections) : Hub
{
    public const string Path = "/hubs/fleet";

    public override Task OnConnectedAsync()
    {
        connections.Opened("hub");
        return Clients.Caller.SendAsync(nameof(FleetSummary), FleetSummary.Of(queries.All()));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed("hub");
        return Task.CompletedTask;
    }
}

/// <summary>Forwards the change feed to hub clients, coalesced; a slow client never holds up the writer.</summary>
public sealed class HubBroadcaster(ChangeFeed feed, FleetQueries queries, IHubContext<FleetHub> hub) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private LiveFleet? _fleet;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _fleet = new LiveFleet(feed, queries, Serialised, Broadcast);
        return Task.CompletedTask;
    }

    private async Task Serialised(Func<Task> work)
    {
        await _oneAtATime.WaitAsync();
        try { await work(); }
        finally { _oneAtATime.Release(); }
    }

    private async Task Broadcast(IReadOnlyList<NumberView> changes)
    {
        foreach (var change in changes)
        {
            await hub.Clients.All.SendAsync("NumberChanged", change);
        }
        await hub.Clients.All.SendAsync(nameof(FleetSummary), FleetSummary.Of(_fleet!.Numbers));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _fleet?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _oneAtATime.Dispose();
}
