using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WazzapDashboard.Fleet;

/// <summary>Readiness: the single writer is running and its queue has room, so a webhook would be accepted.</summary>
public sealed class WriterHealthCheck(FleetWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !writer.IsRunning ? HealthCheckResult.Unhealthy("The writer is not running.")
            : writer.QueueDepth >= writer.QueueCapacity ? HealthCheckResult.Unhealthy($"The write queue is full ({writer.QueueDepth} of {writer.QueueCapacity}).")
            : HealthCheckResult.Healthy($"{writer.QueueDepth} of {writer.QueueCapacity} queued."));
}
