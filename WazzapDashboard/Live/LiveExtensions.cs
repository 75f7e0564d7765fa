using System.ComponentModel.DataAnnotations;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

public static class LiveExtensions
{
    public static void AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration("Live").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<LiveFleets>();
        builder.Services.AddSingleton<HubBroadcaster>();
        builder.Services.AddHostedService(s => s.GetRequiredService<HubBroadcaster>());
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitCounter>();
        builder.Services.AddSingleton<LiveSnapshot>();
        builder.Services.AddSignalR().AddJsonProtocol(o => WireNames.Configure(o.PayloadSerializerOptions));
    }

    public static void MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<FleetHub>(FleetHub.Path).RequireAuthorization(Policies.Read);
        app.MapFleetCsv();
    }
}

/// <summary>Section <c>Live</c>: how the pages and the hub follow changes.</summary>
public sealed class LiveOptions
{
    /// <summary>A burst of changes is handed to a page or the hub at most this often, the newest view of each number winning.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan Throttle { get; set; } = TimeSpan.FromMilliseconds(250);
}
