using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;
using static WazzapDashboard.Tests.Observability.Prometheus;

namespace WazzapDashboard.Tests.Observability;

[Collection(MetricsCollection.Name)]
public class MetricsTests
{
    [Fact]
    public async Task MetricsCountDeliveriesAlertsAndConnectionsUnderTheirPrometheusNames()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(realServer: true, settings: Settings(
            [.. Channel(0, "ops", "webhook", ("Url", receiver.Url())), .. Rule(0, "ops", "disconnected")]));
        var client = app.CreateClient(); // carries the API key
        Assert.Equal(0, Value(await client.GetStringAsync("/metrics"), "wazzapdashboard_deliveries_total"));

        var drop = Disconnected();
        Assert.Equal(HttpStatusCode.OK, (await app.PostWazzapi(drop)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PostWazzapi(drop)).StatusCode); // the same payload again: a duplicate
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostWazzapi(Disconnected(), secret: "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.PostWazzap("""{"phone":"6281234567890"}""", token: "wrong")).StatusCode);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ClientOptions.BaseAddress, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", WazzapApplication.ApiKey))
            .Build();
        await hub.StartAsync();
        await Eventually(() => Assert.Single(receiver.Accepted));

        var metrics = "";
        await Eventually(() =>
        {
            metrics = client.GetStringAsync("/metrics").GetAwaiter().GetResult();
            Assert.True(Value(metrics, "wazzapdashboard_alerts_total", ("channel", "ops"), ("result", "sent")) == 1, metrics);
            Assert.True(Value(metrics, "wazzapdashboard_live_connections", ("kind", "hub")) == 1, metrics);
        });
        Assert.Equal(1, Value(metrics, "wazzapdashboard_deliveries_total", ("source", "wazzapi"), ("result", "stored")));
        Assert.Equal(1, Value(metrics, "wazzapdashboard_deliveries_total", ("source", "wazzapi"), ("result", "duplicate")));
        Assert.Equal(1, Value(metrics, "wazzapdashboard_deliveries_total", ("source", "wazzapi"), ("result", "unauthorized")));
        Assert.Equal(1, Value(metrics, "wazzapdashboard_deliveries_total", ("source", "wazzap"), ("result", "unauthorized")));
        Assert.Equal(1, Value(metrics, "wazzapdashboard_numbers", ("status", "disconnected")));
        Assert.Equal(0, Value(metrics, "wazzapdashboard_numbers", ("status", "healthy")));
        Assert.True(Has(metrics, "wazzapdashboard_ingest_queue_depth"), metrics);
        Assert.True(Value(metrics, "wazzapdashboard_commit_duration_seconds_count") >= 1, metrics);
        Assert.True(Has(metrics, "wazzapdashboard_commit_duration_seconds_bucket"), metrics);
        // ASP.NET Core's and the runtime's own instruments.
        Assert.True(Has(metrics, "http_server_request_duration_seconds_bucket"), metrics);
        Assert.True(Has(metrics, "dotnet_gc_collections_total"), metrics);

        await hub.StopAsync();
        await Eventually(() => Assert.Equal(0, Value(client.GetStringAsync("/metrics").GetAwaiter().GetResult(),
            "wazzapdashboard_live_connections", ("kind", "hub"))));
    }

    [Fact]
    public async Task MetricsNeedAnApiKeyOrAnAllowedNetwork()
    {
        await using var app = new WazzapApplication(realServer: true);

        var anonymous = await app.CreateAnonymousClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/metrics")).StatusCode);

        await using var open = new WazzapApplication(realServer: true, settings: new Dictionary<string, string?> { ["Metrics:AllowedNetworks:0"] = "127.0.0.0/8" });
        var scraped = await open.CreateAnonymousClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("wazzapdashboard_ingest_queue_depth", await scraped.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAllowedNetworkMustBeANetwork()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Metrics:AllowedNetworks:0"] = "everyone" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Metrics:AllowedNetworks: 'everyone'", error.ToString());
    }
}
