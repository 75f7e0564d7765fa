namespace WazzapDashboard.Live;

public static class LiveExtensions
{
    public static void AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChangeFeed>();
    }

    public static void MapLive(this IEndpointRouteBuilder app)
    {
    }
}
