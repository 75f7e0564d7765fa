using WazzapDashboard.Access;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

public static class LiveExtensions
{
    public static void AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<LiveSnapshot>();
        builder.Services.AddHostedService<HubBroadcaster>();
        builder.Services.AddSignalR().AddJsonProtocol(o => WireNames.Configure(o.PayloadSerializerOptions));
    }

    public static void MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<FleetHub>(FleetHub.Path).RequireAuthorization(Policies.Read);
        app.MapFleetCsv();
    }
}
