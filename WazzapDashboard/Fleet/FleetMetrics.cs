using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WazzapDashboard.Fleet;

/// <summary>
/// The app's instruments for ingestion and the fleet, on the <see cref="MeterName"/> meter that
/// /metrics exports (Prometheus names: <c>wazzapdashboard_deliveries_total</c>,
/// <c>wazzapdashboard_commit_duration_seconds</c>, <c>wazzapdashboard_ingest_queue_depth</c>,
/// <c>wazzapdashboard_numbers</c>).
/// </summary>
public sealed class FleetMetrics
{
    /// <summary>Every feature's instruments live on this one meter.</summary>
    public const string MeterName = "WazzapDashboard";

    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _commitDuration;

    public FleetMetrics(IMeterFactory meters, FleetQueries queries)
    {
        Meter = meters.Create(MeterName);
        _deliveries = Meter.CreateCounter<long>("wazzapdashboard.deliveries", null,
            "Webhook deliveries by gateway and answer: stored, duplicate, or why it was refused.");
        _commitDuration = Meter.CreateHistogram<double>("wazzapdashboard.commit.duration", "s",
            "Time to commit one batch of deliveries (one transaction, one fsync).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        // Read at each scrape: the same counts as the pages' counters.
        Meter.CreateObservableGauge("wazzapdashboard.numbers", () => Numbers(queries), null,
            "Numbers on the roster by health: healthy, at_risk, disconnected, banned, unknown.");
    }

    public Meter Meter { get; }

    public void Delivery(string source, string result) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("result", result));

    public void Committed(TimeSpan elapsed) => _commitDuration.Record(elapsed.TotalSeconds);

    private static IEnumerable<Measurement<int>> Numbers(FleetQueries queries)
    {
        var summary = FleetSummary.Of(queries.All());
        yield return Count("healthy", summary.Healthy);
        yield return Count("at_risk", summary.AtRisk);
        yield return Count("disconnected", summary.Disconnected);
        yield return Count("banned", summary.Banned);
        yield return Count("unknown", summary.Unknown);

        static Measurement<int> Count(string status, int value) => new(value, new KeyValuePair<string, object?>("status", status));
    }
}
