using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WazzapDashboard.Alerts;
using WazzapDashboard.Access;
using WazzapDashboard.Hosting;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Observability;

/// <summary>
/// Once the server listens, one block that says what this instance is doing, then a warning for each
/// thing that will not work as configured. Says which secrets are set, never what they are.
/// </summary>
public sealed partial class StartupReport(
    IServer server,
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    IServiceProvider services,
    Database database,
    IOptions<WazzapiOptions> wazzapi,
    IOptions<WazzapOptions> wazzap,
    IOptions<AlertsOptions> alerts,
    IOptions<ProxyOptions> proxy,
    IOptions<MetricsOptions> metrics,
    IConfiguration configuration,
    ILogger<StartupReport> logger,
    DemoLogin? demo = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var secrets = wazzapi.Value.WebhookSecrets.Count(s => !string.IsNullOrWhiteSpace(s));
        var token = !string.IsNullOrWhiteSpace(wazzap.Value.WebhookToken);
        var (proxies, networks) = proxy.Value.Trusted();
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];

        LogStarted(
            string.Join(", ", urls),
            environment.EnvironmentName,
            database.Location,
            HostingExtensions.KeysFolder(services),
            secrets > 0 ? $"POST /webhooks/wazzapi ({secrets} secret(s))" : "none",
            token ? "POST /webhooks/wazzap/{token}" : "none",
            string.Join(", ", proxies.Select(p => p.ToString()).Concat(networks.Select(n => n.ToString()))),
            metrics.Value.AllowedNetworks.Length > 0 ? $"API key or {string.Join(", ", metrics.Value.AllowedNetworks)}" : "API key",
            string.IsNullOrWhiteSpace(otlp) ? "off" : "on");

        if (secrets == 0) LogNoWazzapiSecret();
        if (!token) LogNoWazzapToken();
        if (string.IsNullOrWhiteSpace(alerts.Value.DashboardUrl)) LogNoDashboardUrl();
        if (demo is not null) LogDemo(demo.Password);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = """
        WazzapDashboard is running.
          Listening on:     {Urls}
          Environment:      {Environment}
          Database:         {Database}
          Keys folder:      {KeysFolder}
          Wazzapi webhook:  {Wazzapi}
          Wazzap webhook:   {Wazzap}
          Trusted proxies:  {Proxies}
          /metrics:         {Metrics}
          OTLP export:      {Otlp}
        """)]
    private partial void LogStarted(string urls, string environment, string database, string keysFolder, string wazzapi, string wazzap,
        string proxies, string metrics, string otlp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wazzapi:WebhookSecrets is empty: every Wazzapi delivery is refused with 401.")]
    private partial void LogNoWazzapiSecret();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wazzap:WebhookToken is empty: every Wazzap delivery is refused with 401.")]
    private partial void LogNoWazzapToken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerts:DashboardUrl is not set: alert messages carry no links to the dashboard.")]
    private partial void LogNoDashboardUrl();

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo mode: a simulated fleet in the database above; sign in as 'demo' with password {Password} (made up for this run, also shown on the sign-in page).")]
    private partial void LogDemo(string password);
}
