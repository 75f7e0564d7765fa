namespace WazzapDashboard.Tests.Observability;

/// <summary>
/// Runs alone: OpenTelemetry listens to every meter of its name in the process, so another test's app
/// counting deliveries at the same time would show up in this one's /metrics.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
