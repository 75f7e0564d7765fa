using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Observability;

[Collection(MetricsCollection.Name)]
public class OtlpTests
{
    [Fact]
    public async Task MetricsGoToTheCollectorNamedByTheStandardVariable()
    {
        await using var collector = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url(""),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        await app.PostWazzapi(Disconnected());

        await Eventually(() => Assert.True(collector.Requests.Any(r => r.Path == "/v1/metrics"
            && System.Text.Encoding.UTF8.GetString(r.BodyBytes).Contains("wazzapdashboard.deliveries", StringComparison.Ordinal)),
            string.Join(", ", collector.Requests.Select(r => $"{r.Path} ({r.BodyBytes.Length} bytes)"))));
    }
}
