using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using WazzapDashboard.Alerts.Channels;

namespace WazzapDashboard.Alerts;

public static class AlertsExtensions
{
    /// <summary>Channels, rules, noise control, the outbox and its sender, and relays (section <c>Alerts</c>).</summary>
    public static void AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertsOptions>().BindConfiguration("Alerts").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AlertSettings>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<RelayQueue>();
        builder.Services.AddSingleton<AlertActivity>();
        builder.Services.AddSingleton<ChannelSender>();
        builder.Services.AddSingleton<AlertSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertSender>());
        builder.Services.AddSingleton<AlertEngine>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertEngine>());

        // Short retries inside one attempt ride out a blip; the outbox's stored backoff handles outages and restarts.
        // No request logging: a Slack or webhook URL's path is often the secret itself.
        builder.Services.AddHttpClient(ChannelSender.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler("alerts", (pipeline, context) =>
            {
                var delivery = context.ServiceProvider.GetRequiredService<IOptions<AlertsOptions>>().Value.Delivery;
                if (delivery.HttpRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = delivery.HttpRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        Delay = TimeSpan.FromSeconds(1),
                        UseJitter = true,
                    });
                }
                pipeline.AddTimeout(delivery.Timeout);
                // Polly would log every retry with a stack trace; the sender logs each attempt's outcome once.
                pipeline.ConfigureTelemetry(NullLoggerFactory.Instance);
            });
    }
}
