using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// <c>wazzapdashboard_live_connections{kind}</c>: open live connections, <c>page</c> for the pages'
/// Blazor circuits and <c>hub</c> for clients of <c>/hubs/fleet</c>.
/// </summary>
public sealed class LiveConnections(IMeterFactory meters)
{
    private readonly UpDownCounter<int> _open = meters.Create(FleetMetrics.MeterName).CreateUpDownCounter<int>("wazzapdashboard.live.connections", null,
        "Open live connections: page (Blazor circuits) and hub (/hubs/fleet clients).");

    public void Opened(string kind) => _open.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Closed(string kind) => _open.Add(-1, new KeyValuePair<string, object?>("kind", kind));
}

/// <summary>Counts the pages' circuits while their connection is up.</summary>
public sealed class CircuitCounter(LiveConnections connections) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connections.Opened("page");
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connections.Closed("page");
        return Task.CompletedTask;
    }
}
