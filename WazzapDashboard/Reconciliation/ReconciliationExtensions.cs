using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace WazzapDashboard.Reconciliation;

public static class ReconciliationExtensions
{
    /// <summary>Polling Wazzapi's device API (section <c>Wazzapi</c>: <c>ApiKey</c>, <c>ApiBaseUrl</c>, <c>PollInterval</c>).</summary>
    public static void AddReconciliation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReconciliationOptions>().BindConfiguration("Wazzapi").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReconciliationStatus>();
        builder.Services.AddHostedService<DevicePoller>();

        // No request logging: the Bearer key must never reach a log.
        builder.Services.AddHttpClient<WazzapiDevices>((services, http) =>
            {
                var options = services.GetRequiredService<IOptions<ReconciliationOptions>>().Value;
                http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline times each attempt
                if (options.Enabled) http.DefaultRequestHeaders.Authorization = new("Bearer", options.ApiKey);
            })
            .RemoveAllLoggers()
            .AddResilienceHandler("wazzapi-devices", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ReconciliationOptions>>().Value;
                // The app's clock, so waits follow the same time as everything else (and a test's fake clock).
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                // 5xx, 408, timeouts and 429; a 429's Retry-After is honoured as the wait (ShouldRetryAfterHeader).
                // A poll that still fails is recorded, and the next poll backs off further.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromSeconds(2),
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddTimeout(options.RequestTimeout);
                pipeline.ConfigureTelemetry(NullLoggerFactory.Instance);
            });
    }
}
