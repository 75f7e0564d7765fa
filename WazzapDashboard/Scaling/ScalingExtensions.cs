using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using WazzapDashboard.Live;
using WazzapDashboard.Observability;

namespace WazzapDashboard.Scaling;

/// <summary>
/// Several instances behind a load balancer (<c>Redis:Configuration</c>): hub clients through the SignalR Redis
/// backplane, the pages' changes through <see cref="ChangeRelay"/>, sign-in keys in Redis (see Hosting).
/// Without it, only the options: one instance, no Redis.
/// </summary>
public static class ScalingExtensions
{
    public static void AddScaling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration("Redis").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RedisConnection>();
        // Which services run is decided here, before the options exist.
        var redis = builder.Configuration.GetSection("Redis").Get<RedisOptions>() ?? new RedisOptions();
        if (!redis.Enabled) return;

        // The backplane for the fleet hub only: AddStackExchangeRedis would take every hub, the pages' Blazor
        // circuits too, which stay on their instance (sticky sessions) and must not need Redis to open.
        builder.Services.Configure<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>(o =>
        {
            o.Configuration = redis.ConnectionOptions();
            o.Configuration.ChannelPrefix = RedisChannel.Literal($"{redis.Prefix}:");
        });
        builder.Services.AddSingleton<HubLifetimeManager<FleetHub>, RedisHubLifetimeManager<FleetHub>>();
        builder.Services.AddSingleton<ChangeRelay>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ChangeRelay>());
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [ObservabilityExtensions.Ready]);
    }

    /// <summary>Degraded, not unhealthy, while Redis is away: this instance still takes deliveries and serves its pages.</summary>
    private sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(redis.Multiplexer.IsConnected
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Degraded("Redis is not reachable: changes taken here do not reach the other instances."));
    }
}
